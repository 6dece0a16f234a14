import { hash, verify } from "@node-rs/argon2";

/** The shortest password accepted, in characters. */
export const MIN_PASSWORD_LENGTH = 8;

/** The longest password accepted, in characters (sign-in refuses longer ones too). */
export const MAX_PASSWORD_LENGTH = 200;

/** Why `password` cannot be set as an account's password (too short or too long), or null when it can. Never fails. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`;
  if (length > MAX_PASSWORD_LENGTH) return `the password is too long: at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

/** An Argon2id hash of a password (the library's recommended parameters). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when the password matches the hash; false for a malformed hash too. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
