import { isDelegationCode } from "../model/schema.js";

/** A member state, or a group that proposes text in its own name. */
export type DelegationKind = "state" | "group";

/**
 * One entry of a document's delegation registry: the code the model stores
 * (ISO 3166-1 alpha-3 for states), the name people read, and the tags that
 * appear in brackets. The first tag is the one exports write.
 */
export interface Delegation {
  readonly code: string;
  readonly name: string;
  readonly kind: DelegationKind;
  readonly tags: readonly string[];
}

function state(code: string, name: string, ...tags: string[]): Delegation {
  return Object.freeze({ code, name, kind: "state" as const, tags: Object.freeze(tags) });
}

/**
 * The 35 member states of the Organization of American States with the tags
 * their delegations' brackets usually carry (English and Spanish short forms).
 */
export const OAS_MEMBER_STATES: readonly Delegation[] = Object.freeze([
  state("ATG", "Antigua and Barbuda", "Ant", "A&B", "AnB", "Antigua"),
  state("ARG", "Argentina", "Arg"),
  state("BHS", "The Bahamas", "Bah", "Bahamas"),
  state("BRB", "Barbados", "Barb", "Bar", "Bdos"),
  state("BLZ", "Belize", "Bze", "Bel", "Blz", "Belice"),
  state("BOL", "Bolivia", "Bol"),
  state("BRA", "Brazil", "Bra", "Brasil"),
  state("CAN", "Canada", "Can", "Canadá"),
  state("CHL", "Chile", "Chi", "Chl"),
  state("COL", "Colombia", "Col"),
  state("CRI", "Costa Rica", "CR", "CRica"),
  state("CUB", "Cuba", "Cub"),
  state("DMA", "Dominica", "Dmca", "Domin"),
  state("DOM", "Dominican Republic", "DR", "RD", "DomRep", "República Dominicana"),
  state("ECU", "Ecuador", "Ecu"),
  state("SLV", "El Salvador", "ES", "Sal", "ElSal", "Salv"),
  state("GRD", "Grenada", "Gren", "Grd", "Granada"),
  state("GTM", "Guatemala", "Guat", "Gua"),
  state("GUY", "Guyana", "Guy"),
  state("HTI", "Haiti", "Hai", "Haití"),
  state("HND", "Honduras", "Hon", "Hond"),
  state("JAM", "Jamaica", "Jam"),
  state("MEX", "Mexico", "Mex", "Méx", "México"),
  state("NIC", "Nicaragua", "Nic"),
  state("PAN", "Panama", "Pan", "Panamá"),
  state("PRY", "Paraguay", "Para", "Par", "Pgy"),
  state("PER", "Peru", "Per", "Perú"),
  state("KNA", "Saint Kitts and Nevis", "SKN", "StKN", "St Kitts"),
  state("LCA", "Saint Lucia", "StL", "SLU", "St Lucia", "Santa Lucía"),
  state("VCT", "Saint Vincent and the Grenadines", "SVG", "StV", "St Vincent"),
  state("SUR", "Suriname", "Sur", "Surinam"),
  state("TTO", "Trinidad and Tobago", "T&T", "TT", "Trin", "Trinidad"),
  state("USA", "United States", "US", "USA", "EEUU", "EE.UU.", "United States of America", "Estados Unidos"),
  state("URY", "Uruguay", "Uru", "Uruguay"),
  state("VEN", "Venezuela", "Ven"),
]);

/** Folds case, accents, dots and spacing so `URU`, `Uru.` and `uru` compare equal. */
export function tagKey(tag: string): string {
  return tag
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[.\s]+/g, " ")
    .trim();
}

/** How a bracket tag was matched, or why it was not. */
export type TagResolution =
  | { readonly ok: true; readonly delegation: Delegation }
  | { readonly ok: false; readonly reason: "unknown" | "ambiguous"; readonly candidates: readonly Delegation[] };

/**
 * An immutable list of delegations with lookups by code, by bracket tag and by
 * name in running text. Methods that "change" it return a new registry.
 */
export class DelegationRegistry {
  private readonly byCodeMap: ReadonlyMap<string, Delegation>;
  private readonly byTag: ReadonlyMap<string, Delegation>;
  /** Folded names and tags per entry, computed once: lookups run for every bracket of an import. */
  private readonly folded: readonly { entry: Delegation; keys: readonly string[]; names: readonly string[] }[];

  private constructor(readonly entries: readonly Delegation[]) {
    const byCode = new Map<string, Delegation>();
    const byTag = new Map<string, Delegation>();
    for (const entry of entries) {
      byCode.set(entry.code, entry);
      for (const tag of [entry.code, entry.name, ...entry.tags]) {
        const key = tagKey(tag);
        if (!byTag.has(key)) byTag.set(key, entry);
      }
    }
    this.byCodeMap = byCode;
    this.byTag = byTag;
    this.folded = entries.map((entry) => ({
      entry,
      keys: [entry.name, ...entry.tags].map(tagKey),
      names: [entry.name, ...entry.tags.filter((t) => t.length >= 5 && /^\p{Lu}\p{Ll}/u.test(t))].map(tagKey),
    }));
  }

  /**
   * Builds a registry. Throws a RangeError on a malformed code, an empty name
   * or a code listed twice — a caller's mistake, not bad user input.
   */
  static of(entries: readonly Delegation[]): DelegationRegistry {
    const seen = new Set<string>();
    const frozen = entries.map((entry) => {
      if (!isDelegationCode(entry.code)) throw new RangeError(`Invalid delegation code ${JSON.stringify(entry.code)}`);
      if (seen.has(entry.code)) throw new RangeError(`Delegation ${entry.code} listed twice`);
      if (!entry.name.trim()) throw new RangeError(`Delegation ${entry.code} has no name`);
      if (entry.kind !== "state" && entry.kind !== "group") throw new RangeError(`Delegation ${entry.code} has kind ${String(entry.kind)}`);
      seen.add(entry.code);
      return Object.freeze({ code: entry.code, name: entry.name, kind: entry.kind, tags: Object.freeze([...entry.tags]) });
    });
    return new DelegationRegistry(Object.freeze(frozen));
  }

  /** The registry every new document starts from: the 35 OAS member states. */
  static readonly default: DelegationRegistry = DelegationRegistry.of(OAS_MEMBER_STATES);

  /** The delegation with this code, or undefined. */
  get(code: string): Delegation | undefined {
    return this.byCodeMap.get(code);
  }

  /** The tag exports write for a code: its first tag, else the code itself. */
  preferredTag(code: string): string {
    return this.byCodeMap.get(code)?.tags[0] ?? code;
  }

  /**
   * Matches a bracket tag in any case or spelling: a code, a name, a listed
   * tag, or an unambiguous prefix of three letters or more of a name or tag
   * (`Guat`, `Venez`). A code that also begins another delegation's name or
   * tag (`DOM`: Dominica?) is ambiguous. Fails as a value, with the
   * candidates when ambiguous.
   */
  resolveTag(tag: string): TagResolution {
    const key = tagKey(tag);
    if (!key) return { ok: false, reason: "unknown", candidates: [] };
    const long = key.replace(/ /g, "").length >= 3;
    const prefixed = () => this.folded.filter((f) => f.keys.some((k) => k.startsWith(key))).map((f) => f.entry);
    const exact = this.byTag.get(key);
    if (exact) {
      // A code matched as a tag (`DOM`) is ambiguous when it also begins
      // another delegation's name or tag (`Dominica`).
      const byCodeOnly = !this.folded.find((f) => f.entry === exact)!.keys.includes(key);
      const rivals = byCodeOnly && long ? prefixed().filter((entry) => entry !== exact) : [];
      if (!rivals.length) return { ok: true, delegation: exact };
      return { ok: false, reason: "ambiguous", candidates: [exact, ...rivals] };
    }
    if (!long) return { ok: false, reason: "unknown", candidates: [] };
    const candidates = prefixed();
    if (candidates.length === 1) return { ok: true, delegation: candidates[0]! };
    return { ok: false, reason: candidates.length ? "ambiguous" : "unknown", candidates };
  }

  /**
   * The delegation a person means by what they typed: a code exactly as
   * registered (`URY`, `DOM`), else whatever `resolveTag` makes of it as a
   * tag or name (`Uru`, `uruguay`). Fails as a value like `resolveTag`, with
   * the candidates when ambiguous; `describeTagProblem` words the failure.
   */
  find(typed: string): TagResolution {
    const byCode = this.byCodeMap.get(typed);
    return byCode ? { ok: true, delegation: byCode } : this.resolveTag(typed);
  }

  /**
   * A registry with `entry` added, or replacing the entry with the same code.
   * Throws like `of` when the entry is malformed.
   */
  with(entry: Delegation): DelegationRegistry {
    const rest = this.entries.filter((e) => e.code !== entry.code);
    const index = this.entries.findIndex((e) => e.code === entry.code);
    const next = [...rest];
    next.splice(index < 0 ? next.length : index, 0, entry);
    return DelegationRegistry.of(next);
  }

  /**
   * A registry where `tag` is the first tag of `code`, so exports write the
   * spelling the document uses. Returns this registry when nothing changes.
   */
  withPreferredTag(code: string, tag: string): DelegationRegistry {
    const entry = this.get(code);
    if (!entry) throw new RangeError(`No delegation ${code}`);
    if (entry.tags[0] === tag) return this;
    const tags = [tag, ...entry.tags.filter((t) => t !== tag)];
    return this.with({ ...entry, tags });
  }

  /**
   * A fresh code for a new group or delegation named `name`: the initials of
   * a multi-word name (`Working Group` → `WG`) or the word itself, made unique.
   */
  codeFor(name: string): string {
    const words = name.normalize("NFD").replace(/\p{M}/gu, "").match(/[A-Za-z0-9]+/g) ?? ["X"];
    const significant = words.filter((w) => !/^(the|of|and|de|la|el|los|las|y)$/i.test(w));
    const base = (significant.length > 1 ? significant.map((w) => w[0]).join("") : (significant[0] ?? "X"))
      .toUpperCase()
      .slice(0, 12);
    let code = base;
    for (let n = 2; this.byCodeMap.has(code); n++) code = `${base}${n}`;
    return code;
  }

  /**
   * The delegations named in running text, in order of first mention, by name
   * or by a capitalised tag of five letters or more ("The Government of Ecuador reserves…").
   */
  namedIn(text: string): Delegation[] {
    const found: { at: number; delegation: Delegation }[] = [];
    const folded = tagKey(text);
    for (const { entry, names } of this.folded) {
      let best = -1;
      for (const name of names) {
        const at = indexOfWord(folded, name);
        if (at >= 0 && (best < 0 || at < best)) best = at;
      }
      if (best >= 0) found.push({ at: best, delegation: entry });
    }
    return found.sort((a, b) => a.at - b.at).map((f) => f.delegation);
  }

  /** Entries as plain JSON. */
  toJSON(): { code: string; name: string; kind: DelegationKind; tags: string[] }[] {
    return this.entries.map((e) => ({ code: e.code, name: e.name, kind: e.kind, tags: [...e.tags] }));
  }
}

/**
 * The sentence for a delegation that `typed` does not name: "delegation 'Dom'
 * is ambiguous: it could be Dominican Republic (DOM), Dominica (DMA); give
 * the code" (the candidates in `resolveTag`'s order), or "unknown delegation
 * 'Xyz': it is not in this document's registry". Takes only a failed resolution (narrow on `ok` first), so it
 * never fails.
 */
export function describeTagProblem(typed: string, resolution: Extract<TagResolution, { ok: false }>): string {
  if (resolution.reason === "ambiguous") {
    const candidates = resolution.candidates.map((d) => `${d.name} (${d.code})`).join(", ");
    return `delegation '${typed}' is ambiguous: it could be ${candidates}; give the code`;
  }
  return `unknown delegation '${typed}': it is not in this document's registry`;
}

function indexOfWord(haystack: string, needle: string): number {
  if (!needle) return -1;
  let from = 0;
  for (;;) {
    const at = haystack.indexOf(needle, from);
    if (at < 0) return -1;
    const before = at === 0 ? "" : haystack[at - 1]!;
    const after = haystack[at + needle.length] ?? "";
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return at;
    from = at + 1;
  }
}
