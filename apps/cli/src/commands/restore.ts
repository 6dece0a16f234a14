import { applyRestore, planRestore, storeName, type RestorePlan } from "@accord/server";
import { flag, stringOption } from "../args.js";
import { CliError, oneLine, UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { DATA_HELP, DATA_OPTION, withDataStore } from "./user.js";

/** An entry number as typed: a whole number from 1. */
const ENTRY = /^[1-9]\d{0,15}$/;

/** What the plan finds, in sentences: the log, why it does not read, what is kept and set aside. */
function describe(plan: RestorePlan, done: boolean): string {
  const { documentId, entries, lastSeq, problem, keepUpto, kept, setAside, reads } = plan;
  const lines = [
    `Document ${documentId}: its log has ${entries} entr${entries === 1 ? "y" : "ies"} (the last is entry ${lastSeq}); ` +
      (problem === null ? "it reads as it stands." : `it cannot be read: ${oneLine(problem)}`),
  ];
  if (setAside.count === 0) {
    lines.push("Nothing to restore.");
  } else {
    lines.push(`The state to go back to ends at entry ${keepUpto} (found by reading ${reads} state${reads === 1 ? "" : "s"} of the log).`);
    lines.push(
      `${done ? "Kept" : "Would keep"} entries up to ${keepUpto} (${kept}) and set aside ${setAside.count} ` +
        `(${setAside.fromSeq}–${setAside.toSeq}); set-aside entries stay in the data store.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * `accord restore <document> [--upto <entry>] [--dry-run]`: brings a stored
 * document that cannot be read back to the last state of its log that reads
 * (or to entry `--upto`), setting the later entries aside in the data store
 * and recording it in the audit trail; `--dry-run` only reports.
 */
export const restoreCommand: Command = {
  name: "restore",
  summary: "bring a document that cannot be read back to the last state of its log that reads",
  help: `Usage: accord restore <document> [--upto <entry>] [--dry-run] [--data <dir>]

Brings a document of the server's data store that cannot be read back to the
last state of its log that reads: the log's entries after it are set aside
(kept in the data store, no longer part of the document) and the restore is
recorded in the document's audit trail. Nothing is deleted.

Acts on the server's data store (the PostgreSQL database DATABASE_URL
names, else the SQLite file under ACCORD_DATA_DIR, default ./data) and may run while the server runs: a server never opens a
document that cannot be read, so none has it in memory. A document that
reads is not changed here; to take one back to an earlier entry, use the
running server (POST /api/documents/<document>/restore {"upto": <entry>}),
which closes its editors' connections first. So too if the document broke
while a server had it open and that server has run since.

Options:
  --upto <entry>   keep the entries up to this one (its state must read)
                   instead of up to the last state that reads
  --dry-run        only say what would be kept and set aside; change nothing
${DATA_HELP}
  -h, --help       show this help

Exit status: 0 when the document was restored, had nothing to restore, or
--dry-run reported; 1 when the document does not exist, no state of its log
reads, the entry does not fit, the document reads as it stands and --upto
asks to go back, or the data store cannot be opened; 2 for a wrong command
line.`,
  options: {
    upto: { type: "string" },
    "dry-run": { type: "boolean" },
    ...DATA_OPTION,
  },
  async run(args, io) {
    const see = "(see 'accord restore --help')";
    const [documentId, ...rest] = args.positionals;
    if (!documentId) throw new UsageError(`restore needs a document: accord restore <document> ${see}`);
    if (rest.length) throw new UsageError(`restore takes one document; unexpected '${rest[0]}' ${see}`);
    const uptoText = stringOption(args, "upto");
    if (uptoText !== undefined && !ENTRY.test(uptoText)) throw new UsageError(`--upto takes an entry number of the log (1, 2, …), not '${uptoText}' ${see}`);
    const upto = uptoText === undefined ? {} : { upto: Number(uptoText) };
    const dryRun = flag(args, "dry-run");

    return withDataStore(args, true, async (storage, config) => {
      if (!(await storage.getDocument(documentId))) throw new CliError(`there is no document '${documentId}' in ${storeName(config)}`);
      const plan = await planRestore(storage, documentId, upto);
      if (!plan.ok) throw new CliError(oneLine(plan.message));
      if (dryRun || plan.value.setAside.count === 0) {
        io.out(describe(plan.value, false));
        return 0;
      }
      if (plan.value.problem === null) {
        throw new CliError(
          `document '${documentId}' reads as it stands; take it back to entry ${plan.value.keepUpto} through the running server, ` +
            `which closes its editors' connections first: POST /api/documents/${documentId}/restore {"upto": ${plan.value.keepUpto}}`,
        );
      }
      const done = await applyRestore(storage, plan.value, { userId: null, username: "", delegation: "", via: "cli" });
      if (!done.ok) throw new CliError(oneLine(done.message));
      io.out(describe(done.value.plan, true));
      io.out(`Recorded in the audit trail of ${documentId}; editors can open it again.\n`);
      return 0;
    });
  },
};
