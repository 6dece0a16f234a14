/**
 * Gives the elements of one context `eId`s after the Akoma Ntoso naming
 * convention: the context's own eId and `__` (none at the top), the
 * element's name or its abbreviation, `_`, and its number — the label as
 * written where there is one ("2 bis alt." → `para_2bisalt`), else its
 * ordinal among the context's elements of that name — made unique by a
 * suffix when a label repeats. The same document always gets the same ids.
 */
export class EidAllocator {
  private readonly used = new Set<string>();
  private readonly counts = new Map<string, number>();
  /** Per base, the suffix to try first: counting up from 2 every time made a label repeated n times cost n² (5,000 `Option 1`s). */
  private readonly nextSuffix = new Map<string, number>();

  /** `context` is the eId of the element whose children are named ("" at the top). */
  constructor(private readonly context = "") {}

  /** A fresh eId for an element named `prefix` (`para`, `hcontainer`, `container` …), numbered from `label` or its ordinal. */
  next(prefix: string, label: string): string {
    const ordinal = (this.counts.get(prefix) ?? 0) + 1;
    this.counts.set(prefix, ordinal);
    const fromLabel = label.normalize("NFKD").replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    const base = `${this.context ? `${this.context}__` : ""}${prefix}_${fromLabel || String(ordinal)}`;
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    for (; this.used.has(id); n++) id = `${base}-${n}`;
    if (id !== base) this.nextSuffix.set(base, n);
    this.used.add(id);
    return id;
  }
}
