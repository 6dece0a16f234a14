/**
 * Items grouped by `keyOf`, groups in the order of their first item, items
 * in the order given; an item whose key is "" belongs to no group and is
 * passed over. How choice options (`byChoice`) and the parts of brackets
 * spanning paragraphs (`bySpan`) are grouped. Never fails.
 */
export function groupByKey<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (!key) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
