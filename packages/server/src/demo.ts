import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { importText } from "@accord/text";
import { hashPassword } from "./auth/passwords.js";
import type { LiveDocuments } from "./collab/live.js";
import type { ServerConfig } from "./config.js";
import type { Role, Storage } from "./storage/storage.js";

/** The id of the demo negotiation. */
export const DEMO_DOCUMENT_ID = "demo";

/** A demo account, as printed at start. */
export interface DemoAccount {
  readonly username: string;
  readonly password: string;
  readonly role: Role;
  readonly delegation: string;
}

const ACCOUNTS: readonly Omit<DemoAccount, "password">[] = [
  { username: "chair", role: "chair", delegation: "" },
  { username: "secretariat", role: "secretariat", delegation: "" },
  { username: "uruguay", role: "delegate", delegation: "URY" },
  { username: "brazil", role: "delegate", delegation: "BRA" },
  { username: "mexico", role: "delegate", delegation: "MEX" },
  { username: "observer", role: "observer", delegation: "" },
];

/**
 * Creates, once, the demo negotiation from the sample draft that ships with
 * Accord, and its accounts with random passwords — kept in
 * `<data>/demo-accounts.json` (readable by the owner only) so that every start
 * can print them. Returns the accounts.
 */
export async function ensureDemo(config: ServerConfig, storage: Storage, live: LiveDocuments, draftPath: string): Promise<DemoAccount[]> {
  const file = join(resolve(config.dataDir), "demo-accounts.json");
  const existing = await readFile(file, "utf8").then(
    (text) => JSON.parse(text) as DemoAccount[],
    () => null,
  );
  if (existing) return existing;

  const accounts: DemoAccount[] = [];
  for (const account of ACCOUNTS) {
    // No "-" or "_": a password starting with "-" reads as an option on a command line.
    const password = randomBytes(9).toString("base64url").replace(/[-_]/g, "x");
    const user = await storage.createUser(account.username, await hashPassword(password), account.username);
    if (!user) continue; // taken by a real account: leave it alone
    accounts.push({ ...account, password });
  }
  if (!(await storage.getDocument(DEMO_DOCUMENT_ID))) {
    const { document, diagnostics } = importText(await readFile(draftPath, "utf8"));
    await live.create(DEMO_DOCUMENT_ID, document, null, diagnostics);
  }
  for (const account of accounts) {
    const user = await storage.findUserByName(account.username);
    if (user) await storage.setMembership({ documentId: DEMO_DOCUMENT_ID, userId: user.id, role: account.role, delegation: account.delegation });
  }
  await writeFile(file, `${JSON.stringify(accounts, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return accounts;
}
