import {
  acceptProposal,
  chooseAlternative,
  chooseOption,
  findBlock,
  findProposal,
  rejectProposal,
  reopenProposal,
  statePosition,
  supportProposal,
  withdrawProposal,
  type Resolution,
} from "@accord/merge";
import { collectOptionGroups, isStance, STANCES, type NegotiationDocument } from "@accord/schema";
import { UsageError } from "../cli.js";
import type { Command } from "../command.js";
import { loadDocumentFile, OUTPUT_HELP, OUTPUT_OPTION, saveResolution } from "../edit.js";
import { delegationCode, findTarget, locateBlocks, paragraphsLabelled } from "../lookup.js";

/** What `accord resolve` can do to a proposal, and the arguments after the operation. */
const OPERATIONS = {
  accept: { args: ["<proposal-id>"], apply: acceptProposal },
  reject: { args: ["<proposal-id>"], apply: rejectProposal },
  withdraw: { args: ["<proposal-id>"], apply: withdrawProposal },
  reopen: { args: ["<proposal-id>"], apply: reopenProposal },
  support: { args: ["<proposal-id>", "<delegation>"], apply: null },
  position: { args: ["<proposal-id>", "<delegation>", "<stance>"], apply: null },
  choose: { args: ["<paragraph-id>"], apply: null },
} as const;

type Operation = keyof typeof OPERATIONS;

/** The operations `accord resolve` takes, in the order its help lists them. */
export const RESOLVE_OPERATIONS = Object.keys(OPERATIONS) as Operation[];

const SEE = "(see 'accord resolve --help')";

function isOperation(value: string): value is Operation {
  return Object.hasOwn(OPERATIONS, value);
}

/**
 * The id of the proposal `typed` names: itself when a bracket or a block has
 * that id, else a whole-paragraph proposal's id found by its label (`5 bis`),
 * so people can use the numbers they negotiate with. An ambiguous label is a
 * `CliError` listing the candidates; anything else is left to the operation
 * to refuse.
 */
function proposalId(document: NegotiationDocument, typed: string, file: string): string {
  if (findProposal(document.content, typed) || findBlock(document.content, typed)) return typed;
  return paragraphsLabelled(locateBlocks(document), typed).length ? findTarget(document, typed, file).id : typed;
}

function apply(operation: Operation, document: NegotiationDocument, rest: readonly string[], file: string): Resolution {
  const [typed] = rest as [string, ...string[]];
  switch (operation) {
    case "support":
      return supportProposal(document, typed, delegationCode(document.registry, rest[1]!));
    case "position": {
      const stance = rest[2]!;
      if (stance !== "none" && !isStance(stance)) throw new UsageError(`unknown stance '${stance}' (stances: ${STANCES.join(", ")}, or none to take the position back) ${SEE}`);
      return statePosition(document, typed, delegationCode(document.registry, rest[1]!), stance === "none" ? null : stance);
    }
    case "choose":
      // An option of an option block (`o2`) or of a choice group (`b2`) is chosen as the chair's Choose does it.
      if (findProposal(document.content, typed) || collectOptionGroups(document.content).some((g) => g.options.some((o) => o.id === typed))) return chooseOption(document, typed);
      return chooseAlternative(document, findTarget(document, typed, file).id);
    default:
      return OPERATIONS[operation].apply(document, proposalId(document, typed, file));
  }
}

/**
 * `accord resolve <doc.json> <operation> <id> [<delegation>] [-o out.json]`:
 * applies one resolution operation of `@accord/merge` and writes the document
 * back (atomically) unless `-o` is given. A refusal changes nothing.
 */
export const resolveCommand: Command = {
  name: "resolve",
  summary: "accept, reject, withdraw, reopen, support a proposal, state a position or choose an alternative",
  help: `Usage: accord resolve <doc.json> accept|reject|withdraw|reopen <proposal-id> [-o <out.json>]
       accord resolve <doc.json> support <proposal-id> <delegation> [-o <out.json>]
       accord resolve <doc.json> position <proposal-id> <delegation> delete|retain|reserve|oppose|support|none [-o <out.json>]
       accord resolve <doc.json> choose <paragraph>|<option-id> [-o <out.json>]

Applies one decision to an Accord document (.json) and writes it back to the
same file (or to -o), then prints what was done. 'accord proposals <doc.json>'
lists the ids: b1, b2 ... for bracketed proposals, the paragraph's id for a
whole-paragraph proposal or an alternative (its label, 5 bis, works too).

Operations:
  accept    the proposal is taken up: its insertion becomes text, its deletion
            takes the text away; accepting an alternative chooses it
  reject    the proposal is turned down; brackets nested in its text go with it
  withdraw  the proposing delegation takes it back; nested brackets go with it
  reopen    an accepted, rejected or withdrawn proposal is open again
  support   <delegation> co-sponsors an open proposal; a code (URY) or any tag
            or name the document knows (Uru, Uruguay)
  position  <delegation> states its position on an open bracket it does not
            sponsor: delete (it wants the text deleted), retain, reserve,
            oppose or support (the proposal, without co-sponsoring it); none
            takes the position back
  choose    of a paragraph and its alternatives, keep this one and reject the
            others; the paragraph by id or by label (5 bis alt); or an option
            of a choice group ([shall][should]: its proposal id) or of an
            option block (Option 1: …: its id, o1, o2 …): it is accepted and
            the group's other options rejected

Options:
${OUTPUT_HELP}
  -h, --help               show this help

A legacy text draft cannot be changed: import it first (accord import).

Exit status: 0 when the decision was recorded, 1 when it does not apply (the
proposal is not open, there is no such id; the reason is printed and the file
is left as it was) or a file cannot be read or written, 2 for a wrong command
line.`,
  options: OUTPUT_OPTION,
  async run(args, io) {
    const [file, operation, ...rest] = args.positionals;
    if (file === undefined || file === "") throw new UsageError(`resolve needs a document <doc.json> ${SEE}`);
    if (operation === undefined) {
      throw new UsageError(`resolve needs an operation (${RESOLVE_OPERATIONS.join(", ")}) ${SEE}`);
    }
    if (!isOperation(operation)) {
      throw new UsageError(`unknown operation '${operation}' (operations: ${RESOLVE_OPERATIONS.join(", ")}) ${SEE}`);
    }
    const expected = OPERATIONS[operation].args;
    const usage = `accord resolve <doc.json> ${operation} ${expected.join(" ")}`;
    if (rest.length < expected.length || rest.some((r) => r === "")) {
      throw new UsageError(`${operation} needs ${expected.join(" and ")}: ${usage} ${SEE}`);
    }
    if (rest.length > expected.length) throw new UsageError(`unexpected '${rest[expected.length]}' after ${usage} ${SEE}`);
    const document = await loadDocumentFile("resolve", file);
    return saveResolution(file, args, apply(operation, document, rest, file), io);
  },
};
