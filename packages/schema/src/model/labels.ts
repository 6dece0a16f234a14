/**
 * A paragraph's negotiating label as negotiators compare it: `5 bis.` =
 * `5bis` = `(5 bis)`, `2.bis` = `2bis`, `OP3 ter` = `op3ter`, `1bis` = `1bis.`;
 * case, spaces, parentheses, a dot before a Latin suffix and trailing dots
 * or closing parentheses do not count, other dots do (`3.3bis` is not
 * `33bis`). The one rule the importer, the command line and the editor use.
 * Never fails: any string has a key.
 */
export function labelKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[\s()]+/g, "")
    .replace(/\.(?=(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)\b)/g, "")
    .replace(/[.)]+$/, "");
}
