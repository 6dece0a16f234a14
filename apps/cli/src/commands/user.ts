import { existsSync } from "node:fs";
import {
  configFromEnv,
  hashPassword,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  openStorage,
  passwordProblem,
  sqliteFile,
  storeName,
  usernameProblem,
  type ServerConfig,
  type Storage,
} from "@accord/server";
import { stringOption, type ParsedArgs } from "../args.js";
import { CliError, UsageError } from "../cli.js";
import type { Command } from "../command.js";

/** The `--data` option and where it is documented, shared by the admin commands. */
export const DATA_OPTION = { data: { type: "string" } } as const;
export const DATA_HELP = `  --data <dir>   the server's data directory (default: ACCORD_DATA_DIR, else ./data)`;

/**
 * Opens the store a server with the same environment uses (`configFromEnv`,
 * `--data` over it), runs `work` and closes the store whatever happens.
 * With `mustExist`, a data directory with no database is an error rather
 * than a new empty one.
 */
export async function withDataStore<T>(args: ParsedArgs, mustExist: boolean, work: (storage: Storage, config: ServerConfig) => Promise<T>): Promise<T> {
  const data = stringOption(args, "data");
  let config: ServerConfig;
  let storage: Storage;
  try {
    config = configFromEnv(process.env, data === undefined ? {} : { dataDir: data });
    if (mustExist && !config.databaseUrl && !existsSync(sqliteFile(config))) {
      throw new CliError(`there is no Accord database in ${storeName(config)} (set ACCORD_DATA_DIR or --data to the server's data directory)`);
    }
    storage = await openStorage(config);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot open the data store: ${(error as Error).message}`);
  }
  try {
    return await work(storage, config);
  } finally {
    await storage.close();
  }
}

/**
 * `accord user add <username> --password <pw> [--display-name "…"]`:
 * creates an account in the server's store, with an Argon2id hash of the
 * password. `accord user passwd <username> --password <pw>` sets a new
 * password for an existing account and ends all its sessions.
 */
export const userCommand: Command = {
  name: "user",
  summary: "create accounts and set their passwords on the server's data store",
  help: `Usage: accord user add <username> --password <password> [--display-name <name>] [--data <dir>]
       accord user passwd <username> --password <password> [--data <dir>]

'add' creates an account that can sign in to the Accord server (POST
/api/login) and be made a member of documents (accord member add).
'passwd' sets a new password for an existing account and ends every session
it has (its open pages are closed within a second): for the server's
administrator, also for accounts the chair or the secretariat of a
negotiation may not reset in the page. Both act on the server's data store:
the PostgreSQL database DATABASE_URL names when it is set, else the SQLite
file under ACCORD_DATA_DIR (default ./data) — the same one 'accord serve'
uses; they may run while the server runs.

An account locked by failed sign-ins is locked in the running server's
memory, which this command does not reach: the chair or the secretariat of
one of the member's documents unlocks it through the API (POST
/api/documents/<id>/members/<username>/unlock; a reset in the page lifts
it too), or the lock ends by itself after 15 minutes.

<username> is letters, digits and . _ @ - (at most 100 characters, not
starting with a punctuation mark).

Options:
  --password <password>    at least ${MIN_PASSWORD_LENGTH} characters (at most ${MAX_PASSWORD_LENGTH}); it is stored
                           only as an Argon2id hash
  --display-name <name>    how the user is named in the record (add only; default: the username)
${DATA_HELP}
  -h, --help               show this help

Exit status: 0 when the account was created or its password set, 1 when the
username is taken (add) or unknown (passwd) or the data store cannot be
opened, 2 for a wrong command line.`,
  options: {
    password: { type: "string" },
    "display-name": { type: "string" },
    ...DATA_OPTION,
  },
  async run(args, io) {
    const see = "(see 'accord user --help')";
    const [action, username, ...rest] = args.positionals;
    if (action !== "add" && action !== "passwd") {
      throw new UsageError(
        action === undefined ? `user needs an action: accord user add|passwd <username> --password <password> ${see}` : `unknown action 'user ${action}' (actions: add, passwd) ${see}`,
      );
    }
    if (!username) throw new UsageError(`user ${action} needs a username ${see}`);
    if (rest.length) throw new UsageError(`user ${action} takes one username; unexpected '${rest[0]}' ${see}`);
    const badName = usernameProblem(username);
    if (badName) throw new UsageError(`${badName} ${see}`);
    const password = stringOption(args, "password");
    if (password === undefined) throw new UsageError(`user ${action} needs --password <password> ${see}`);
    const badPassword = passwordProblem(password);
    if (badPassword) throw new UsageError(badPassword);
    if (action === "passwd") {
      if (stringOption(args, "display-name") !== undefined) throw new UsageError(`user passwd sets the password only; --display-name is for user add ${see}`);
      const hash = await hashPassword(password);
      return withDataStore(args, true, async (storage, config) => {
        const user = await storage.findUserByName(username);
        const ended = user ? await storage.setPassword(user.id, hash) : null;
        if (!user || ended === null) throw new CliError(`there is no user '${username}' in ${storeName(config)}`);
        // The account's record is its negotiations' audit trails: each says that its password was set here.
        for (const document of await storage.listDocumentsFor(user.id)) {
          await storage.appendAudit({
            documentId: document.id,
            userId: null,
            username: "",
            delegation: "",
            action: "password-reset",
            message: `${user.username}'s password was reset with accord user passwd (${ended === 1 ? "1 session" : `${ended} sessions`} ended).`,
            detail: { username: user.username, sessionsEnded: ended, via: "cli" },
          });
        }
        io.out(`Set the password of ${user.username} in ${storeName(config)}; ${ended === 1 ? "1 session" : `${ended} sessions`} ended.\n`);
        return 0;
      });
    }
    const displayName = (stringOption(args, "display-name") ?? username).trim();
    if (!displayName || displayName.length > 200) throw new UsageError(`--display-name must be 1 to 200 characters ${see}`);

    const hash = await hashPassword(password);
    return withDataStore(args, false, async (storage, config) => {
      const user = await storage.createUser(username, hash, displayName);
      if (!user) throw new CliError(`the username '${username}' is taken`);
      io.out(`Created user ${user.username}${displayName !== username ? ` (${displayName})` : ""} in ${storeName(config)}.\n`);
      return 0;
    });
  },
};
