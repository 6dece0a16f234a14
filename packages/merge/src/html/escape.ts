/**
 * Escapes text for HTML element content and double-quoted attribute values:
 * `&`, `<`, `>`, `"` and `'` become character references, so nothing a
 * document holds (`<script>` in a paragraph, a quote in a title) can become
 * markup. Never fails.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Writes text as a double-quoted CSS string (for `content:` in `@page` margin
 * boxes). Quotes, backslashes, line breaks and `<` are written as CSS escapes,
 * so the string can neither end early nor close the `<style>` element.
 */
export function cssString(text: string): string {
  const escaped = text.replace(/["\\<>\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
  return `"${escaped}"`;
}
