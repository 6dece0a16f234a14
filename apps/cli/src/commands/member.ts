import { describeMember, isRole, membershipProblem, ROLES } from "@accord/schema";
import { readStoredDocument, storeName } from "@accord/server";
import { stringOption } from "../args.js";
import { CliError, oneLine, UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { DATA_HELP, DATA_OPTION, withDataStore } from "./user.js";

/**
 * `accord member add <document> <username> --role <role> [--delegation URY]`:
 * gives a user a role in a document of the server's store, checked as the
 * API checks it (a delegate needs a delegation code of the document's
 * registry; no other role has one), and records it in the audit trail.
 */
export const memberCommand: Command = {
  name: "member",
  summary: "give users a role in a document on the server's data store",
  help: `Usage: accord member add <document> <username> --role <role> [--delegation <code>] [--data <dir>]

Makes a user a member of a document on the Accord server, or changes their
role there. Acts on the server's data store: the PostgreSQL database
DATABASE_URL names when it is set, else the SQLite file under ACCORD_DATA_DIR
(default ./data) — the same one 'accord serve' uses; it may run while the
server runs. The change is recorded in the document's audit trail.

<document> is the document's id (as in /api/documents/<id>); <username> an
account made with 'accord user add'.

Options:
  --role <role>          ${ROLES.join(", ")}
  --delegation <code>    for a delegate (required), the code of a delegation in
                         the document's registry (URY, BRA, ...); other roles
                         have none
${DATA_HELP}
  -h, --help             show this help

Exit status: 0 when the membership was recorded, 1 when the document or the
user does not exist, the delegation does not fit the role or the document, or
the data store cannot be opened, 2 for a wrong command line.`,
  options: {
    role: { type: "string" },
    delegation: { type: "string" },
    ...DATA_OPTION,
  },
  async run(args, io) {
    const see = "(see 'accord member --help')";
    const [action, documentId, username, ...rest] = args.positionals;
    if (action !== "add") {
      throw new UsageError(
        action === undefined ? `member needs an action: accord member add <document> <username> --role <role> ${see}` : `unknown action 'member ${action}' (actions: add) ${see}`,
      );
    }
    if (!documentId || !username) throw new UsageError(`member add needs a document and a username: accord member add <document> <username> --role <role> ${see}`);
    if (rest.length) throw new UsageError(`member add takes one document and one username; unexpected '${rest[0]}' ${see}`);
    const role = stringOption(args, "role");
    if (role === undefined) throw new UsageError(`member add needs --role (${ROLES.join(", ")}) ${see}`);
    if (!isRole(role)) throw new UsageError(`unknown role '${role}' (roles: ${ROLES.join(", ")})`);
    const delegation = stringOption(args, "delegation") ?? "";

    return withDataStore(args, true, async (storage, config) => {
      const read = await readStoredDocument(storage, documentId);
      if (!read) throw new CliError(`there is no document '${documentId}' in ${storeName(config)}`);
      if (!read.ok) throw new CliError(`document '${documentId}' cannot be read: ${oneLine(read.message)}`);
      const problem = membershipProblem(read.value.registry, role, delegation);
      if (problem) throw new CliError(problem);
      const user = await storage.findUserByName(username);
      if (!user) throw new CliError(`there is no user '${username}' (create it with: accord user add ${username} --password …)`);

      const before = await storage.getMembership(documentId, user.id);
      await storage.setMembership({ documentId, userId: user.id, role, delegation });
      const what = describeMember({ role, delegation });
      await storage.appendAudit({
        documentId,
        userId: null,
        username: "",
        delegation: "",
        action: before ? "member-changed" : "member-added",
        message: `${user.username} is ${what}${before ? ` (was ${before.role}${before.delegation ? ` of ${before.delegation}` : ""})` : ""}; recorded with accord member add.`,
        detail: { username: user.username, role, delegation, ...(before ? { previous: { role: before.role, delegation: before.delegation } } : {}), via: "cli" },
      });
      io.out(`${user.username} is now ${what} in ${documentId}${before ? ` (was ${before.role}${before.delegation ? ` of ${before.delegation}` : ""})` : ""}.\n`);
      return 0;
    });
  },
};
