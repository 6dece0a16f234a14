import { inlineTree, type FootnoteAttrs, type InlineSegment, type NegotiationDocument, type ParagraphAttrs } from "@accord/schema";

/**
 * A document as plain text to read, not to re-import: headings and paragraphs
 * separated by blank lines, labels before paragraphs, brackets as `[ ]`
 * without delegation tags, footnote references as `N/` with the footnote
 * texts at the end. Used for the clean version.
 */
export function plainText(document: NegotiationDocument): string {
  const footnotes: FootnoteAttrs[] = [];
  const render = (segments: readonly InlineSegment[]): string =>
    segments
      .map((s) => {
        if (s.kind === "text") return s.text;
        if (s.kind === "footnote") {
          footnotes.push(s.attrs);
          return ` ${footnotes.length}/`;
        }
        return `[${render(s.children)}]`;
      })
      .join("");
  const blocks: string[] = [];
  document.content.forEach((block) => {
    const text = render(inlineTree(block)).replace(/\s+/g, " ").trim();
    const label = block.type.name === "paragraph" ? (block.attrs as ParagraphAttrs).label : "";
    blocks.push(label ? `${label} ${text}` : text);
  });
  const notes = footnotes.map((f, i) => `${i + 1}/ ${f.text}`);
  return `${blocks.join("\n\n")}\n${notes.length ? `\n${notes.join("\n")}\n` : ""}`;
}
