import {
  acceptProposal,
  addReservation,
  chooseAlternative,
  findProposal,
  rejectProposal,
  reopenProposal,
  setStatus,
  supportProposal,
  withdrawProposal,
  withdrawSupport,
} from "@accord/merge";
import type { ParagraphAttrs } from "@accord/schema";
import { describe, expect, it } from "vitest";
import { checkOperation, clean, draft, refusal } from "./support.js";


/** The innermost proposal on the text node that reads exactly `text`. */
const idOf = (d: ReturnType<typeof draft>, text: string) => {
  let found = "";
  d.content.descendants((node) => {
    const marks = node.marks.filter((m) => m.type.name === "proposal");
    if (!found && node.text === text && marks.length) found = marks[marks.length - 1]!.attrs.id as string;
  });
  if (!found) throw new Error(`no proposal on “${text}”`);
  return found;
};

const paragraphId = (d: ReturnType<typeof draft>, label: string) => {
  let found = "";
  d.content.forEach((b) => {
    if (!found && (b.attrs as ParagraphAttrs).label === label) found = b.attrs.id as string;
  });
  return found;
};

describe("accept, reject, withdraw, reopen", () => {
  const base = draft`1. To ensure [Uru: a] crosscutting [Barb: ~~gender~~ age] perspective.`;

  it("accepting an insertion makes it text; rejecting removes it; withdrawing too", () => {
    const id = idOf(base, "a");
    const block = base.content.firstChild!.attrs.id as string;
    const accepted = checkOperation(base, acceptProposal(base, id), { blocks: [block], proposal: id });
    expect(clean(accepted)).toBe("1. To ensure a crosscutting [gender] [age] perspective.");
    const rejected = checkOperation(base, rejectProposal(base, id), { blocks: [block], proposal: id });
    expect(clean(rejected)).toBe("1. To ensure crosscutting [gender] [age] perspective.");
    const withdrawn = checkOperation(base, withdrawProposal(base, id), { blocks: [block], proposal: id });
    expect(findProposal(withdrawn.content, id)!.attrs.state).toBe("withdrawn");
  });

  it("accepting a replacement takes the old text out; rejecting it keeps the old text", () => {
    const id = idOf(base, "gender");
    const block = base.content.firstChild!.attrs.id as string;
    expect(clean(checkOperation(base, acceptProposal(base, id), { blocks: [block], proposal: id }))).toBe("1. To ensure [a] crosscutting age perspective.");
    expect(clean(checkOperation(base, rejectProposal(base, id), { blocks: [block], proposal: id }))).toBe("1. To ensure [a] crosscutting gender perspective.");
  });

  it("refuses to decide twice, and reopens", () => {
    const id = idOf(base, "a");
    const accepted = acceptProposal(base, id);
    if (!accepted.ok) throw new Error(accepted.reason);
    expect(refusal(acceptProposal(accepted.document, id))).toMatch(/Uruguay’s proposal .* is already accepted; reopen it first/);
    expect(refusal(reopenProposal(base, id))).toMatch(/already open/);
    const block = base.content.firstChild!.attrs.id as string;
    const reopened = checkOperation(accepted.document, reopenProposal(accepted.document, id), { blocks: [block], proposal: id });
    expect(reopened.eq(base) || clean(reopened) === clean(base)).toBe(true);
    expect(refusal(acceptProposal(base, "nope"))).toBe("there is no proposal nope in this document");
  });

  it("nested: accepting the outer keeps the inner open; rejecting it takes the inner along and says so", () => {
    const d = draft`5. Instruct [Per: on the logistical [Uru: and financial] aspects] of the meeting.`;
    const outer = idOf(d, "on the logistical ");
    const inner = idOf(d, "and financial");
    const block = d.content.firstChild!.attrs.id as string;
    const accepted = acceptProposal(d, outer);
    expect(accepted.ok && accepted.message).toMatch(/stays open/);
    // The only operative paragraph is renumbered 1.
    expect(clean(checkOperation(d, accepted, { blocks: [block], proposal: outer }))).toBe("1. Instruct on the logistical [and financial] aspects of the meeting.");
    const rejected = rejectProposal(d, outer);
    expect(rejected.ok && rejected.message).toMatch(new RegExp(`nested in it \\(${inner}\\) goes with it`));
    const after = checkOperation(d, rejected, { blocks: [block], proposal: outer });
    expect(clean(after)).toBe("1. Instruct of the meeting.");
    // The inner one cannot be accepted into text that is gone.
    expect(refusal(acceptProposal(after, inner))).toMatch(/took away when it was rejected; reopen that one first/);
  });
});

describe("support", () => {
  const d = draft`
1. To ensure [Uru: a] crosscutting [the] perspective.
1 bis. [PER: Instruct the Council.]`;
  const block = d.content.firstChild!.attrs.id as string;

  it("adds a co-sponsor", () => {
    const id = idOf(d, "a");
    const after = checkOperation(d, supportProposal(d, id, "BRA"), { blocks: [block], proposal: id });
    expect(findProposal(after.content, id)!.attrs.by).toEqual(["URY", "BRA"]);
  });

  it("refuses what it cannot do", () => {
    expect(refusal(supportProposal(d, idOf(d, "a"), "URY"))).toMatch(/Uruguay already sponsors/);
    expect(refusal(supportProposal(d, idOf(d, "a"), "XXX"))).toMatch(/XXX is not a delegation/);
    expect(refusal(supportProposal(d, idOf(d, "the"), "BRA"))).toMatch(/untagged bracket: it has no sponsors/);
    // Only brackets are supported (mayAct of @accord/schema says the same to the page).
    const proposed = d.content.child(1).attrs.id as string;
    expect(refusal(supportProposal(d, proposed, "BRA"))).toBe(`${proposed} is a paragraph, not a bracketed proposal: only bracketed proposals can be supported`);
    expect(refusal(supportProposal(d, "nope", "BRA"))).toBe("there is no proposal nope in this document");
  });
});

describe("withdrawing support", () => {
  const d = draft`
1. To ensure [Uru, Bra, Arg: a] crosscutting [the] perspective.
1 bis. [PER, MEX: Instruct the Council.]`;
  const block = d.content.firstChild!.attrs.id as string;

  it("takes a supporter off a bracketed proposal, which stays open with the others", () => {
    const id = idOf(d, "a");
    const result = withdrawSupport(d, id, "BRA");
    expect(result.ok && result.message).toMatch(/^Brazil withdraws its support from Uruguay and Argentina’s proposal /);
    const after = checkOperation(d, result, { blocks: [block], proposal: id });
    expect(findProposal(after.content, id)!.attrs).toMatchObject({ by: ["URY", "ARG"], state: "open" });
  });

  it("takes a supporter off a proposed paragraph", () => {
    const proposed = d.content.child(1).attrs.id as string;
    const after = checkOperation(d, withdrawSupport(d, proposed, "MEX"), { blocks: [proposed] });
    expect((after.content.child(1).attrs as ParagraphAttrs).proposedBy).toEqual(["PER"]);
  });

  it("refuses the proposer (it withdraws the proposal), a delegation that does not support it, a decided proposal, an unknown id", () => {
    const id = idOf(d, "a");
    expect(refusal(withdrawSupport(d, id, "URY"))).toMatch(/is Uruguay’s own: withdraw the proposal instead/);
    expect(refusal(withdrawSupport(d, d.content.child(1).attrs.id as string, "PER"))).toMatch(/is Peru’s own/);
    expect(refusal(withdrawSupport(d, id, "CHL"))).toMatch(/Chile does not support/);
    expect(refusal(withdrawSupport(d, idOf(d, "the"), "BRA"))).toMatch(/Brazil does not support/);
    const withdrawn = checkOperation(d, withdrawProposal(d, id), { blocks: [block], proposal: id });
    expect(refusal(withdrawSupport(withdrawn, id, "BRA"))).toMatch(/is withdrawn; only open proposals can lose a supporter/);
    expect(refusal(withdrawSupport(d, "nope", "BRA"))).toMatch(/there is no proposal nope/);
  });
});

describe("status", () => {
  const d = draft`
Objective 1.2
1. To launch programs.
2. To develop plans.`;
  const id = paragraphId(d, "2.");

  it("sets a status with date and body, and the clean version drops a deleted paragraph", () => {
    const agreed = checkOperation(d, setStatus(d, id, "agreed-ad-referendum", { date: "2026-11-25", body: "CSH" }), { blocks: [id] });
    expect(agreed.content.lastChild!.attrs).toMatchObject({ status: "agreed-ad-referendum", statusDate: "2026-11-25", statusBody: "CSH" });
    const result = setStatus(d, id, "agreed-ad-referendum", { date: "2026-11-25", body: "CSH" });
    expect(result.ok && result.message).toBe("Paragraph 2 under “Objective 1.2” is agreed ad referendum by the CSH on 11/25/26.");
    const deleted = checkOperation(d, setStatus(d, id, "deleted-informally"), { blocks: [id] });
    expect(clean(deleted)).toBe("Objective 1.2\n\n1. To launch programs.");
  });

  it("refuses a date that does not exist", () => {
    expect(refusal(setStatus(d, id, "approved", { date: "2026-02-30" }))).toMatch(/not a date/);
    expect(refusal(setStatus(d, "missing", "approved"))).toMatch(/no paragraph or heading missing/);
  });
});

describe("reservations and alternatives", () => {
  it("adds a reservation that the clean version keeps", () => {
    const d = draft`1. To promote synergies.`;
    const id = d.content.firstChild!.attrs.id as string;
    const after = checkOperation(d, addReservation(d, id, "ECU", "The Government of Ecuador reserves its position on this paragraph."), {
      blocks: [id],
      addsFootnote: true,
    });
    expect(clean(after)).toBe("1. To promote synergies. 1/\n\n1/ The Government of Ecuador reserves its position on this paragraph.");
    expect(refusal(addReservation(d, id, "ECU", "  "))).toMatch(/needs its text/);
  });

  it("choosing an alternative rejects the others, the original included", () => {
    const d = draft`
5 bis. [PER: Instruct the Council.]

5 bis alt. [MEX: Instruct the Committee.]

// [Instruct the Secretariat.] (Proposal by the Working Group)`;
    const [base, mex, wg] = [0, 1, 2].map((i) => d.content.child(i).attrs.id as string);
    const result = chooseAlternative(d, mex!);
    expect(result.ok && result.message).toBe("Chose paragraph 5 bis alt; rejected paragraph 5 bis, the paragraph “Instruct the Secretariat.”.");
    const after = checkOperation(d, result, { blocks: [base!, mex!, wg!] });
    expect(clean(after)).toBe("1. Instruct the Committee.");
    expect(refusal(chooseAlternative(draft`1. Alone.`, "p1"))).toMatch(/has no alternatives/);
  });

  it("accepting a proposed paragraph keeps it; base text is not a proposal", () => {
    const d = draft`
1. To launch programs.
1 bis. [Col: To exchange experiences.]`;
    const proposed = d.content.child(1).attrs.id as string;
    const after = checkOperation(d, acceptProposal(d, proposed), { blocks: [proposed] });
    expect(clean(after)).toBe("1. To launch programs.\n\n2. To exchange experiences.");
    expect(refusal(acceptProposal(d, d.content.child(0).attrs.id as string))).toMatch(/is base text, not a proposal/);
  });
});
