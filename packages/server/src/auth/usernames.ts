/**
 * The usernames an account may have: what a person types to sign in —
 * letters, digits and `. _ @ -`, at most 100 characters, starting with a
 * letter or digit (so it never reads as a command-line option). The one
 * statement of it, for the API and `accord user`.
 */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

/** Why `username` cannot be an account's name, as a sentence, or null when it can. Never fails. */
export function usernameProblem(username: string): string | null {
  return USERNAME_PATTERN.test(username) ? null : `'${username}' is not a username: use letters, digits and . _ @ - (at most 100 characters, starting with a letter or digit)`;
}
