import {
  DATE_STYLES,
  EMPTY_META,
  formatDate,
  isDateStyle,
  isRegistryName,
  REGISTRY_NAMES,
  type DateStyle,
  type Delegation,
  type DelegationRegistry,
  type DocumentMeta,
  type RegistryName,
} from "@accord/schema";

const FIELD = /^(Title|Symbol|Body|Date style|Date|Revision|Registry|Delegation):[ \t]?(.*)$/;

/** The header block a text may open with: `Key: value` lines closed by `---`. */
export interface FrontMatter {
  /** Every field but the date, which is read once the document's date style is known. */
  readonly meta: Partial<DocumentMeta>;
  /** The `Date:` line's value as written, and its offset; null when there is none. */
  readonly date: { readonly text: string; readonly offset: number } | null;
  /** The `Date style:` line's style; null when there is none (the text's dates say it). */
  readonly dateStyle: DateStyle | null;
  /** The `Registry:` line's registry (`oas`, `un`), which `Delegation:` lines add to; null when there is none. */
  readonly registry: RegistryName | null;
  readonly delegations: readonly Delegation[];
  /** Offset where the document text starts after the header. */
  readonly end: number;
  /** Problems as [offset, message]. */
  readonly problems: readonly [number, string][];
}

/**
 * Reads the optional header. It is only a header when every line up to a
 * `---` line is a known `Key: value` — so `Purpose: The member states…` at
 * the top of a draft stays text. Returns null when there is none.
 */
export function readFrontMatter(text: string): FrontMatter | null {
  const meta: Record<string, string> = {};
  let date: FrontMatter["date"] = null;
  let dateStyle: DateStyle | null = null;
  let registry: RegistryName | null = null;
  const delegations: Delegation[] = [];
  const problems: [number, string][] = [];
  let at = 0;
  let lines = 0;
  while (at < text.length) {
    let eol = text.indexOf("\n", at);
    if (eol < 0) eol = text.length;
    const line = text.slice(at, eol);
    if (line.trim() === "---") return lines ? { meta, date, dateStyle, registry, delegations, end: eol + 1, problems } : null;
    const m = FIELD.exec(line);
    if (!m) return null;
    const key = m[1]!;
    const value = m[2]!.trim();
    if (key === "Delegation") {
      const parts = value.split("|").map((s) => s.trim());
      const [code = "", name = "", kind = "", tags = ""] = parts;
      if (parts.length !== 4 || (kind !== "state" && kind !== "group") || !/^[A-Z0-9][A-Z0-9_-]{0,15}$/.test(code) || !name) {
        problems.push([at, `cannot read the delegation line; expected ‘Delegation: CODE | Name | state or group | tag, tag’`]);
      } else {
        delegations.push({ code, name, kind, tags: tags.split(",").map((t) => t.trim()).filter(Boolean) });
      }
    } else if (key === "Date") {
      date = value ? { text: value, offset: at } : null;
    } else if (key === "Registry") {
      if (isRegistryName(value.toLowerCase())) registry = value.toLowerCase() as RegistryName;
      else problems.push([at, `unknown registry ‘${value.slice(0, 40)}’; write one of ${REGISTRY_NAMES.join(", ")}`]);
    } else if (key === "Date style") {
      if (isDateStyle(value)) dateStyle = value;
      else problems.push([at, `unknown date style ‘${value.slice(0, 40)}’; write one of ${DATE_STYLES.join("; ")}`]);
    } else {
      meta[key.toLowerCase()] = value;
    }
    lines++;
    at = eol + 1;
  }
  return null;
}

/**
 * The header for a document: metadata that is set (the date in the
 * document's style; the style itself when `writeDateStyle`, because the
 * text's dates would not say it), and the delegations whose entry differs
 * from the base registry (added groups, a document's own tags), after
 * `Registry: un` when the base is the UN's (`baseName`), or the base's name
 * whatever it is when `writeRegistry` (the text would be guessed another).
 * Empty when there is nothing to say.
 */
export function formatFrontMatter(
  meta: DocumentMeta,
  registry: DelegationRegistry,
  base: DelegationRegistry,
  writeDateStyle = false,
  baseName: RegistryName = "oas",
  writeRegistry = false,
): string {
  const lines: string[] = [];
  const m = { ...EMPTY_META, ...meta };
  if (m.title) lines.push(`Title: ${m.title}`);
  if (m.symbol) lines.push(`Symbol: ${m.symbol}`);
  if (m.body) lines.push(`Body: ${m.body}`);
  if (m.date) lines.push(`Date: ${formatDate(m.date, m.dateStyle)}`);
  if (writeDateStyle) lines.push(`Date style: ${m.dateStyle}`);
  if (m.revision) lines.push(`Revision: ${m.revision}`);
  if (baseName !== "oas" || writeRegistry) lines.push(`Registry: ${baseName}`);
  for (const entry of registry.entries) {
    const original = base.get(entry.code);
    if (original && JSON.stringify(original) === JSON.stringify(entry)) continue;
    lines.push(`Delegation: ${entry.code} | ${entry.name} | ${entry.kind} | ${entry.tags.join(", ")}`);
  }
  return lines.length ? `${lines.join("\n")}\n---\n` : "";
}
