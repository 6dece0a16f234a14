import { inlineTree, proposerOf, type InlineSegment, type NegotiationDocument } from "@accord/schema";
import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { PROPOSAL_BOOKMARK, revisionsDocx } from "@accord/docx";
import { unzipSync } from "fflate";
import { readFileSync } from "node:fs";
import { SaxesParser, type SaxesTagNS } from "saxes";
import { describe, expect, it } from "vitest";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/** A tracked change as the XML holds it: its id, author, and the proposal bookmarks open around it. */
interface Change {
  readonly id: string;
  readonly author: string;
  readonly bookmarks: readonly string[];
}

/** Every `w:ins` / `w:del` of document.xml; a paragraph mark's insertion counts as inside the bookmark its paragraph opens. */
function trackedChanges(xml: string): Change[] {
  const changes: Change[] = [];
  const open = new Map<string, string>();
  const stack: string[] = [];
  let pendingMark: { id: string; author: string } | null = null;
  const parser = new SaxesParser({ xmlns: true });
  parser.on("opentag", (tag: SaxesTagNS) => {
    stack.push(tag.local);
    if (tag.uri !== W) return;
    const attr = (name: string) => tag.attributes[`w:${name}`] as { value: string } | undefined;
    if (tag.local === "p") pendingMark = null;
    if (tag.local === "bookmarkStart") {
      const name = attr("name")!.value;
      open.set(attr("id")!.value, name);
      if (pendingMark && name.startsWith(PROPOSAL_BOOKMARK)) {
        changes.push({ ...pendingMark, bookmarks: [name] });
        pendingMark = null;
      }
    } else if (tag.local === "bookmarkEnd") open.delete(attr("id")!.value);
    else if (tag.local === "ins" || tag.local === "del") {
      const change = { id: attr("id")!.value, author: attr("author")!.value };
      if (stack.includes("pPr")) pendingMark = change;
      else changes.push({ ...change, bookmarks: [...open.values()].filter((n) => n.startsWith(PROPOSAL_BOOKMARK)) });
    }
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return changes;
}

/**
 * The proposals the revisions export makes tracked changes of, bookmark name → proposer's name: every open
 * proposal with a delegation that no other such proposal encloses (Word's revisions do not nest), and every
 * open proposed paragraph. Proposals inside untagged brackets count; those inside a tracked or decided
 * proposal are written in the bracket convention inside it.
 */
function expectedGroups(document: NegotiationDocument): Map<string, string> {
  const expected = new Map<string, string>();
  const name = (by: readonly string[]) => document.registry.get(proposerOf(by)!)!.name;
  const walk = (segments: readonly InlineSegment[]) => {
    for (const segment of segments) {
      if (segment.kind !== "bracket") continue;
      const { proposal } = segment;
      if (proposal.state === "open" && proposal.by.length) expected.set(`${PROPOSAL_BOOKMARK}${proposal.id}`, name(proposal.by));
      else if (!proposal.by.length) walk(segment.children);
    }
  };
  document.content.forEach((block) => {
    const by = block.attrs.proposedBy as string[] | undefined;
    if (by?.length && block.attrs.proposalState === "open") expected.set(`${PROPOSAL_BOOKMARK}${block.attrs.id}`, name(by));
    else walk(inlineTree(block));
  });
  return expected;
}

/** The invariant: every open proposal is exactly one group of tracked changes, all authored by its proposer's name, and every revision id is unique. */
async function checkRevisions(document: NegotiationDocument): Promise<number> {
  const files = unzipSync(await revisionsDocx(document));
  const changes = trackedChanges(new TextDecoder().decode(files["word/document.xml"]!));
  expect(new Set(changes.map((c) => c.id)).size).toBe(changes.length);
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    // Each revision belongs to exactly one proposal.
    expect(change.bookmarks, `revision ${change.id} by ${change.author}`).toHaveLength(1);
    groups.set(change.bookmarks[0]!, [...(groups.get(change.bookmarks[0]!) ?? []), change]);
  }
  const expected = expectedGroups(document);
  expect([...groups.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [bookmark, members] of groups) {
    expect(new Set(members.map((c) => c.author)), bookmark).toEqual(new Set([expected.get(bookmark)]));
  }
  return expected.size;
}

describe("the marked-up version as Word revisions", () => {
  it("makes every open proposal of the sample draft one tracked change by its delegation", async () => {
    const { document } = importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8"));
    expect(await checkRevisions(document)).toBeGreaterThan(5);
  });

  it("does so for generated documents: replacements, co-sponsors, nested proposals, proposed paragraphs (seeded)", async () => {
    let groups = 0;
    for (let seed = 1; seed <= 6; seed++) groups += await checkRevisions(generateDocument({ seed, paragraphs: 30, proposals: 90 }));
    expect(groups).toBeGreaterThan(50);
  });

  it("names co-sponsors and notes in a comment by the proposer, never as inserted text", async () => {
    const { document } = importText("1. To act [Arg, Bra: promptly] (Brazil is opposed to including this reference) now.\n");
    const files = unzipSync(await revisionsDocx(document));
    const body = new TextDecoder().decode(files["word/document.xml"]!);
    const comments = new TextDecoder().decode(files["word/comments.xml"]!);
    expect(comments).toContain("Co-sponsored by Brazil.");
    expect(comments).toContain('w:author="Argentina"');
    expect(body).not.toContain("Co-sponsored");
  });
});
