/**
 * The same JSON for equal values whatever the order of their keys (a
 * restored block's attributes may come back in another order, and a mark's
 * attributes as one client wrote them). Never throws on JSON values.
 */
export function stableJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJSON).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJSON(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
