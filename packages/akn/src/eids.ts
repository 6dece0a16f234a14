/**
 * Gives blocks `eId`s after the Akoma Ntoso naming convention: an element
 * abbreviation, `_`, and its number — the label as written where there is
 * one ("2 bis alt." → `para_2bisalt`), else its position — made unique by a
 * suffix. The same document always gets the same ids.
 */
export class EidAllocator {
  private readonly used = new Set<string>();
  /** For each base, the suffix to try next: many blocks of one label must not each count up from 2. */
  private readonly nextSuffix = new Map<string, number>();

  /** A fresh eId for an element of kind `prefix` (`para`, `hcontainer`, …), numbered from `label` or `position`. */
  next(prefix: string, label: string, position: number): string {
    const fromLabel = label.normalize("NFKD").replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    const base = `${prefix}_${fromLabel || String(position)}`;
    let id = base;
    let n = this.nextSuffix.get(base) ?? 2;
    while (this.used.has(id)) id = `${base}-${n++}`;
    this.nextSuffix.set(base, n);
    this.used.add(id);
    return id;
  }
}
