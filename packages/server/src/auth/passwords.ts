import { hash, verify } from "@node-rs/argon2";

/** The shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 8;

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
