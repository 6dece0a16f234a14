import { existsSync } from "node:fs";
import { configFromEnv, hashPassword, MIN_PASSWORD_LENGTH, openStorage, sqliteFile, storeName, type ServerConfig, type Storage } from "@accord/server";
import { stringOption, type ParsedArgs } from "../args.js";
import { CliError, UsageError } from "../cli.js";
import type { Command } from "../command.js";

/** The longest password `POST /api/login` accepts. */
const MAX_PASSWORD_LENGTH = 200;
/** Usernames: what a person types to sign in; no spaces, and no leading "-" that would read as an option. */
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$/;

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
 * password.
 */
export const userCommand: Command = {
  name: "user",
  summary: "create accounts on the server's data store",
  help: `Usage: accord user add <username> --password <password> [--display-name <name>] [--data <dir>]

Creates an account that can sign in to the Accord server (POST /api/login)
and be made a member of documents (accord member add). Acts on the server's
data store: the PostgreSQL database DATABASE_URL names when it is set, else
the SQLite file under ACCORD_DATA_DIR (default ./data) — the same one 'accord
serve' uses; it may run while the server runs.

An account locked by failed sign-ins is locked in the running server's
memory, which this command does not reach: the chair or the secretariat of
one of the member's documents unlocks it through the API (POST
/api/documents/<id>/members/<username>/unlock), or the lock ends by itself
after 15 minutes.

<username> is letters, digits and . _ @ - (at most 100 characters, not
starting with a punctuation mark).

Options:
  --password <password>    at least ${MIN_PASSWORD_LENGTH} characters (at most ${MAX_PASSWORD_LENGTH}); it is stored
                           only as an Argon2id hash
  --display-name <name>    how the user is named in the record (default: the username)
${DATA_HELP}
  -h, --help               show this help

Exit status: 0 when the account was created, 1 when the username is taken or
the data store cannot be opened, 2 for a wrong command line.`,
  options: {
    password: { type: "string" },
    "display-name": { type: "string" },
    ...DATA_OPTION,
  },
  async run(args, io) {
    const see = "(see 'accord user --help')";
    const [action, username, ...rest] = args.positionals;
    if (action !== "add") {
      throw new UsageError(action === undefined ? `user needs an action: accord user add <username> --password <password> ${see}` : `unknown action 'user ${action}' (actions: add) ${see}`);
    }
    if (!username) throw new UsageError(`user add needs a username ${see}`);
    if (rest.length) throw new UsageError(`user add takes one username; unexpected '${rest[0]}' ${see}`);
    if (!USERNAME.test(username)) throw new UsageError(`'${username}' is not a username: use letters, digits and . _ @ - (at most 100 characters) ${see}`);
    const password = stringOption(args, "password");
    if (password === undefined) throw new UsageError(`user add needs --password <password> ${see}`);
    if ([...password].length < MIN_PASSWORD_LENGTH) throw new UsageError(`the password is too short: at least ${MIN_PASSWORD_LENGTH} characters`);
    if ([...password].length > MAX_PASSWORD_LENGTH) throw new UsageError(`the password is too long: at most ${MAX_PASSWORD_LENGTH} characters`);
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
