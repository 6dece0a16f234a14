/**
 * The key under which sign-in attempts for a typed username are counted: the
 * username with A–Z in lower case. The store compares usernames the same way
 * (SQLite's `COLLATE NOCASE` folds ASCII letters only), so "Alice" and "ALICE"
 * count against one account, and a username nobody has counts exactly as an
 * existing one would. Never fails.
 */
export function usernameKey(username: string): string {
  return username.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}
