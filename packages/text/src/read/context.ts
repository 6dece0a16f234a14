import { DEFAULT_DATE_STYLE, DelegationRegistry, SequentialIds, tagKey, writtenNamesToKeep, writtenTagToKeep, type DateStyle, type Delegation, type RegistryName } from "@accord/schema";
import { type Diagnostic, SourceText } from "../diagnostics.js";
import type { Bracket } from "./bracket.js";
import { looksLikeName, tagListTokens } from "../conventions/conventions.js";
import type { FootnoteRef } from "./markers.js";

/** Delegations a document may gather from unknown tags and attributions. */
const MAX_REGISTRY_SIZE = 500;

/**
 * What one import run shares across blocks: the source (for positions), the
 * diagnostics so far, id sequences, and the document's delegation registry as
 * it grows (groups named in attributions, tags the document spells its way).
 */
export class ImportContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly ids = new SequentialIds();
  registry: DelegationRegistry;
  /** The document's date style, in which its markers' dates are read. */
  dateStyle: DateStyle = DEFAULT_DATE_STYLE;
  /** The numbers of the document's footnote texts, known before any block is read. */
  footnoteNumbers: ReadonlySet<number> = new Set();
  private highestReference = 0;
  private readonly taggedCodes = new Set<string>();
  private readonly knownTagLists = new Map<string, readonly string[]>();
  private reportedBefore = 0;

  constructor(
    readonly source: SourceText,
    registry: DelegationRegistry,
    /** The registry the document started from: the UN's lists every state and group, so a word it does not know is text. */
    readonly registryName: RegistryName = "oas",
  ) {
    this.registry = registry;
  }

  /** Records a diagnostic at a source offset. */
  report(offset: number, message: string): void {
    this.diagnostics.push(this.source.diagnostic(offset, message));
  }

  /**
   * The number of the footnote text a reference calls, in reading order: `N/`
   * calls N, Word's lone `/` (null `ref`) the next number after the highest
   * called so far. Null, reported, when the document has no such text: the
   * reference is then text as written, read with the rules of text (spaces at
   * a bracket's or a strike's edge included).
   */
  answerReference(ref: FootnoteRef | null, offset: number, raw: string): number | null {
    const number = ref ? ref.number : this.highestReference + 1;
    this.highestReference = Math.max(this.highestReference, number);
    if (this.footnoteNumbers.has(number)) return number;
    this.report(offset, `footnote reference ‘${raw}’ has no footnote ${number} in the text; it is kept as written`);
    return null;
  }

  /** A new open bracket with a fresh proposal id. */
  newBracket(offset: number): Bracket {
    return { id: this.ids.next("b"), by: [], tagged: false, note: "", state: "open", offset, struck: false, struckAt: offset, implicit: false, choice: "", choiceStyle: "adjacent" };
  }

  /** A fresh id for a choice group. */
  newChoice(): string {
    return this.ids.next("c");
  }

  /**
   * The delegation codes of a bracket's tag list (`Arg, Bra`), or null when the
   * words before the colon are not a tag list (`[the following: …]`, a defined
   * term `[Climate forcers: …]`). An ambiguous tag, and in the OAS registry an
   * unknown one written like a name (every word capitalised: `Xyz`, `Working
   * Group`), is reported and kept as a delegation of its own, so nothing is
   * lost and the registry can be corrected afterwards; the UN registry lists
   * every state and group, so there a word it does not know is text.
   */
  resolveTagList(candidate: string, offset: number): string[] | null {
    const known = this.knownTagLists.get(candidate);
    if (known) return [...known];
    const codes = this.resolveTagListOnce(candidate, offset);
    // Lists that resolved without a diagnostic are remembered: drafts repeat the same tags.
    if (codes && this.diagnostics.length === this.reportedBefore) this.knownTagLists.set(candidate, codes);
    this.reportedBefore = this.diagnostics.length;
    return codes;
  }

  private resolveTagListOnce(candidate: string, offset: number): string[] | null {
    this.reportedBefore = this.diagnostics.length;
    const whole = this.registry.resolveTag(candidate);
    const tokens = whole.ok ? [candidate] : tagListTokens(candidate);
    if (!tokens) return null;
    const codes: string[] = [];
    for (const token of tokens) {
      const resolved = this.registry.resolveTag(token);
      if (resolved.ok) {
        const code = resolved.delegation.code;
        this.prefer(code, token);
        if (!codes.includes(code)) codes.push(code);
        continue;
      }
      if (!looksLikeName(token)) return null;
      if (resolved.reason === "unknown" && this.registryName === "un") {
        // One capitalised word could be a misspelt delegation: say so; a phrase (`Technology Mechanism:`) is a term.
        if (!/\s/.test(token)) this.report(offset + Math.max(0, candidate.indexOf(token)), `‘${token}’ before a colon names no delegation or group of the UN registry; the bracket is read as untagged text — correct the tag if it is one`);
        return null;
      }
      // A text full of invented tags must not grow the registry without bound.
      if (this.registry.entries.length >= MAX_REGISTRY_SIZE) return null;
      const message =
        resolved.reason === "ambiguous"
          ? `tag ‘${token}’ could be ${resolved.candidates.map((c) => `${c.name} (${c.code})`).join(" or ")}; it is kept as a delegation of its own — correct it in the registry or the text`
          : `unknown delegation tag ‘${token}’; it is kept as a delegation of its own — add it to the registry or correct the tag`;
      this.report(offset + Math.max(0, candidate.indexOf(token)), message);
      const code = this.addDelegation(token, "state");
      if (!codes.includes(code)) codes.push(code);
    }
    return codes;
  }

  /**
   * The tag a bracket's proposal keeps as written (`European Union` where
   * the document's exports write `EU`): its tag list, or its proposers'
   * names as an attribution wrote them (`G-77, México`), when it names
   * exactly the bracket's delegations and the registry's preferred
   * spellings would write them otherwise; else "". Read once the registry
   * is complete.
   */
  writtenTag(bracket: Bracket): string {
    if (!bracket.tagged) return "";
    // Proposers named by an attribution are kept name by name, as exports write them there (`attributionNamesToWrite`).
    if (bracket.writtenNames) return writtenNamesToKeep(bracket.writtenNames, bracket.by, this.registry);
    return bracket.writtenTag ? writtenTagToKeep(bracket.writtenTag, bracket.by, this.registry) : "";
  }

  /** A delegation the document's header declares: its spellings, in its order, are the document's, whatever the text uses first. */
  declare(entry: Delegation): void {
    this.registry = this.registry.with(entry);
    this.taggedCodes.add(entry.code);
  }

  /** The first spelling a document uses for a delegation is the one its exports write, unless its header declares it. */
  private prefer(code: string, token: string): void {
    if (this.taggedCodes.has(code)) return;
    this.taggedCodes.add(code);
    if (tagKey(this.registry.preferredTag(code)) !== tagKey(token)) this.registry = this.registry.withPreferredTag(code, token);
  }

  /**
   * A resolver for an attribution being read (`-G77; EU delete`): the code
   * of the delegation or group of the registry a spelling (`US`, `G-77`)
   * names, or null, never adding one; the spellings count as the document's (the
   * first one is the one exports write) only once `keep` is called, when the
   * attribution is placed. An attribution left as text must not choose a
   * spelling: its words are written back as they stand, and read again
   * would not choose it.
   */
  attributionResolver(): { resolve: (token: string) => string | null; keep: () => void } {
    const spellings: [string, string][] = [];
    return {
      resolve: (token) => {
        const resolved = this.registry.resolveTag(token);
        if (!resolved.ok) return null;
        spellings.push([resolved.delegation.code, token]);
        return resolved.delegation.code;
      },
      keep: () => {
        for (const [code, token] of spellings) this.prefer(code, token);
      },
    };
  }

  /**
   * The code of the delegation or group named in an attribution ("the Working
   * Group"); a name the registry does not know becomes a new group.
   */
  delegationNamed(name: string, _offset: number): string {
    const resolved = this.registry.resolveTag(name);
    if (resolved.ok) return resolved.delegation.code;
    return this.addDelegation(name, "group");
  }

  /** True when a remark names a delegation or group of the registry. */
  namesDelegation(text: string): boolean {
    return this.registry.namedIn(text).length > 0;
  }

  private addDelegation(name: string, kind: "state" | "group"): string {
    const existing = this.registry.entries.find((e) => e.tags.some((t) => tagKey(t) === tagKey(name)));
    if (existing) return existing.code;
    const code = this.registry.codeFor(name);
    this.registry = this.registry.with({ code, name, kind, tags: [name] });
    return code;
  }
}
