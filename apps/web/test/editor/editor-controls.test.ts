import { describe, expect, it } from "vitest";
import type { ParagraphStatus, ProposalState } from "@accord/schema";
import { blockActions, mayHaveBlockMenu, proposalActions, type Member } from "../../src/editor/decisions/controls.js";

const chair: Member = { role: "chair", delegation: "" };
const secretariat: Member = { role: "secretariat", delegation: "" };
const uruguay: Member = { role: "delegate", delegation: "URY" };
const observer: Member = { role: "observer", delegation: "" };
const proposal = (by: string[], state: ProposalState = "open", blockStatus: ParagraphStatus = "open", kind: "inline" | "paragraph" = "inline") => ({ id: "b1", kind, by, state, blockStatus });

describe("proposalActions", () => {
  it("lets the chair and the secretariat decide open proposals and add supporters", () => {
    for (const member of [chair, secretariat]) {
      expect(proposalActions(proposal(["BRA"]), member)).toEqual(["accept", "reject", "withdraw", "support-on-behalf"]);
      // An untagged bracket is withdrawn as the server withdraws it, and has no sponsors to join.
      expect(proposalActions(proposal([]), member)).toEqual(["accept", "reject", "withdraw"]);
      // Only brackets are supported.
      expect(proposalActions(proposal(["BRA"], "open", "open", "paragraph"), member)).toEqual(["accept", "reject", "withdraw"]);
    }
  });

  it("offers only reopening on a decided proposal", () => {
    for (const state of ["accepted", "rejected", "withdrawn"] as const) expect(proposalActions(proposal(["BRA"], state), chair)).toEqual(["reopen"]);
  });

  it("lets a delegate withdraw its own proposals, support others' and take its support back, never decide", () => {
    expect(proposalActions(proposal(["URY"]), uruguay)).toEqual(["withdraw"]);
    expect(proposalActions(proposal(["URY", "BRA"]), uruguay)).toEqual(["withdraw"]);
    expect(proposalActions(proposal(["BRA"]), uruguay)).toEqual(["support"]);
    // Already a supporter: it may take its support back, not withdraw Brazil's proposal.
    expect(proposalActions(proposal(["BRA", "URY"]), uruguay)).toEqual(["withdraw-support"]);
    // Disputed base text is nobody's to support; a proposed paragraph is supported by no one through the page, but a supporter may leave it.
    expect(proposalActions(proposal([]), uruguay)).toEqual([]);
    expect(proposalActions(proposal(["BRA"], "open", "open", "paragraph"), uruguay)).toEqual([]);
    expect(proposalActions(proposal(["BRA", "URY"], "open", "open", "paragraph"), uruguay)).toEqual(["withdraw-support"]);
    expect(proposalActions(proposal(["URY"], "accepted"), uruguay)).toEqual([]);
  });

  it("gives a delegate nothing in a locked paragraph", () => {
    for (const status of ["agreed-informally", "agreed-ad-referendum", "approved", "deleted-informally", "deleted-ad-referendum"] as const) {
      expect(proposalActions(proposal(["URY"], "open", status), uruguay)).toEqual([]);
      expect(proposalActions(proposal(["BRA"], "open", status), uruguay)).toEqual([]);
    }
  });

  it("gives an observer, or a delegate without a delegation, nothing", () => {
    expect(proposalActions(proposal(["BRA"]), observer)).toEqual([]);
    expect(proposalActions(proposal(["BRA"]), { role: "delegate", delegation: "" })).toEqual([]);
  });
});

describe("blockActions", () => {
  const paragraph = (status: ParagraphStatus = "open", inAlternativeSet = false) => ({ type: "paragraph" as const, status, inAlternativeSet });

  it("lets the chair set a status everywhere and choose among alternatives", () => {
    // The chair and the secretariat record reservations for any delegation, named in the form.
    expect(blockActions(paragraph(), chair, true)).toEqual(["status", "reserve"]);
    expect(blockActions(paragraph("open", true), secretariat, true)).toEqual(["status", "choose", "reserve"]);
    expect(blockActions({ type: "heading", status: "open", inAlternativeSet: false }, chair, true)).toEqual(["status"]);
  });

  it("gives the secretariat acting for a delegation that delegation's reservation and paragraph proposals too", () => {
    const acting: Member = { role: "secretariat", delegation: "PER" };
    expect(blockActions(paragraph(), acting, true)).toEqual(["status", "reserve", "propose-paragraph", "propose-alternative"]);
    expect(blockActions(paragraph("agreed-informally"), acting, true)).toEqual(["status", "reserve"]);
    expect(blockActions({ type: "heading", status: "open", inAlternativeSet: false }, acting, true)).toEqual(["status"]);
  });

  it("lets a delegate reserve its position, on agreed paragraphs too, and propose paragraphs in open ones", () => {
    expect(blockActions(paragraph(), uruguay, true)).toEqual(["reserve", "propose-paragraph", "propose-alternative"]);
    expect(blockActions(paragraph("agreed-informally"), uruguay, true)).toEqual(["reserve"]);
  });

  it("hides proposing while the propose mode is not available", () => {
    expect(blockActions(paragraph(), uruguay, false)).toEqual(["reserve"]);
  });

  it("gives delegates nothing on headings and observers nothing at all", () => {
    expect(blockActions({ type: "heading", status: "open", inAlternativeSet: false }, uruguay, true)).toEqual([]);
    expect(blockActions(paragraph(), observer, true)).toEqual([]);
    expect(mayHaveBlockMenu(observer)).toBe(false);
    expect(mayHaveBlockMenu(uruguay)).toBe(true);
  });
});
