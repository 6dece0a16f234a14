/**
 * Gives blocks `eId`s after the Akoma Ntoso naming convention: an element
 * abbreviation, `_`, and its number — the label as written where there is
 * one ("2 bis alt." → `para_2bisalt`), else its position — made unique by a
 * suffix. The same document always gets the same ids.
 */
export class EidAllocator {
  private readonly used = new Set<string>();

  /** A fresh eId for an element of kind `prefix` (`para`, `hcontainer`, …), numbered from `label` or `position`. */
  next(prefix: string, label: string, position: number): string {
    const fromLabel = label.normalize("NFKD").replace(/[^A-Za-z0-9]/g, "").toLowerCase();
    const base = `${prefix}_${fromLabel || String(position)}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
