import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocumentJSON } from "@accord/schema";
import { expectOneErrorLine, importedDraft, proposalId, proposalsOf, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

const clean = async (file: string) => {
  const outcome = await ws.accord("export", file, "--version", "clean", "--format", "txt");
  expect(outcome.code, outcome.stderr).toBe(0);
  return outcome.stdout;
};

describe("accord resolve", () => {
  it("accepts a proposal in place: the message on stdout, the insertion plain text in the clean version", async () => {
    const json = await importedDraft(ws, "accept");
    const id = await proposalId(ws, json, "a");
    expect(await clean(json)).toContain("To ensure [a] crosscutting");

    const outcome = await ws.accord("resolve", json, "accept", id);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stderr).toBe("");
    expect(outcome.stdout).toBe(`Accepted Uruguay’s proposal ${id} (“a”) in paragraph 1 under “Objective 1.1”.\n`);

    expect(await clean(json)).toContain("1. To ensure a crosscutting [and age perspectives] perspective.");
    const listed = (await proposalsOf(ws, json)).find((p) => p.id === id);
    expect(listed?.state).toBe("accepted");
    // The file is still a pretty document, and no temporary file is left beside it.
    const text = await readFile(ws.path(json), "utf8");
    expect(text.startsWith('{\n  "format": "accord-document",\n')).toBe(true);
    expect(parseDocumentJSON(text).ok).toBe(true);
    expect((await ws.files()).filter((f) => f.startsWith(".") || f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuses to accept twice: exit 1, the reason, the file byte-identical", async () => {
    const json = await importedDraft(ws, "twice");
    const id = await proposalId(ws, json, "joint");
    expect((await ws.accord("resolve", json, "accept", id)).code).toBe(0);
    const before = await readFile(ws.path(json));

    const again = await ws.accord("resolve", json, "accept", id);
    expect(again.code).toBe(1);
    expectOneErrorLine(again, new RegExp(`^accord: Argentina and Brazil’s proposal ${id} .* is already accepted; reopen it first$`));
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
    expect((await ws.files()).filter((f) => f.startsWith(".") || f.endsWith(".tmp"))).toEqual([]);
  });

  it("rejects, reopens and withdraws; a rejected insertion leaves the clean text", async () => {
    const json = await importedDraft(ws, "reject");
    const id = await proposalId(ws, json, "and age perspectives");
    expect((await ws.accord("resolve", json, "reject", id)).stdout).toMatch(/^Rejected Barbados’s proposal/);
    expect(await clean(json)).toContain("To ensure [a] crosscutting perspective.");
    expect((await ws.accord("resolve", json, "reopen", id)).stdout).toMatch(/^Reopened /);
    expect(await clean(json)).toContain("[and age perspectives]");
    expect((await ws.accord("resolve", json, "withdraw", id)).stdout).toMatch(/^Withdrew /);
    expect((await proposalsOf(ws, json)).find((p) => p.id === id)?.state).toBe("withdrawn");
  });

  it("adds a supporter given by tag, and chooses an alternative given by label", async () => {
    const json = await importedDraft(ws, "support");
    const id = await proposalId(ws, json, "joint");
    const support = await ws.accord("resolve", json, "support", id, "Uru");
    expect(support.code, support.stderr).toBe(0);
    expect(support.stdout).toMatch(/^Uruguay supports Argentina and Brazil’s proposal/);
    const joint = (await proposalsOf(ws, json)).find((p) => p.id === id)!;
    expect(joint.by.map((d) => d.code)).toEqual(["ARG", "BRA", "URY"]);

    const choose = await ws.accord("resolve", json, "choose", "5 bis alt");
    expect(choose.code, choose.stderr).toBe(0);
    expect(choose.stdout).toBe("Chose paragraph 5 bis alt under “Objective 1.2”; rejected paragraph 5 bis under “Objective 1.2”.\n");
    const text = await clean(json);
    expect(text).toContain("Instruct the chair to report.");
    expect(text).not.toContain("Instruct the secretariat");
  });

  it("takes a whole-paragraph proposal by its label, and refuses base text", async () => {
    const json = await importedDraft(ws, "by-label");
    const reject = await ws.accord("resolve", json, "reject", "5 bis");
    expect(reject.code, reject.stderr).toBe(0);
    expect(reject.stdout).toBe("Rejected Peru’s proposed paragraph 5 bis under “Objective 1.2” (“Instruct the secretariat to report.”).\n");
    expect((await proposalsOf(ws, json)).find((p) => p.block.label === "5 bis.")?.state).toBe("rejected");

    const before = await readFile(ws.path(json));
    const base = await ws.accord("resolve", json, "accept", "1bis");
    expect(base.code).toBe(1);
    expectOneErrorLine(base, /^accord: paragraph 1bis under “Objective 1.1” is base text, not a proposal/);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });

  it("writes to -o and leaves the input as it was", async () => {
    const json = await importedDraft(ws, "output");
    const before = await readFile(ws.path(json));
    const id = await proposalId(ws, json, "a");
    const outcome = await ws.accord("resolve", json, "accept", id, "-o", "decided.json");
    expect(outcome.code, outcome.stderr).toBe(0);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
    expect(await clean("decided.json")).toContain("To ensure a crosscutting");

    const toStdout = await ws.accord("resolve", json, "accept", id, "-o", "-");
    expect(toStdout.code).toBe(0);
    expect(parseDocumentJSON(toStdout.stdout).ok).toBe(true);
    expect(toStdout.stderr).toMatch(/^Accepted /);
  });

  it("refuses a text draft (import it first), an unknown id and an unknown supporter: exit 1", async () => {
    const json = await importedDraft(ws, "mistakes");
    const before = await readFile(ws.path(json));
    const text = await ws.accord("resolve", "mistakes.txt", "accept", "b1");
    expect(text.code).toBe(1);
    expectOneErrorLine(text, /^accord: resolve changes an Accord document \(\.json\).*import it first: accord import mistakes\.txt -o mistakes\.json$/);

    const unknown = await ws.accord("resolve", json, "reject", "b999");
    expect(unknown.code).toBe(1);
    expectOneErrorLine(unknown, /^accord: there is no proposal b999 in this document$/);

    const id = await proposalId(ws, json, "joint");
    const nobody = await ws.accord("resolve", json, "support", id, "Narnia");
    expect(nobody.code).toBe(1);
    expectOneErrorLine(nobody, /^accord: unknown delegation 'Narnia'/);
    expect((await readFile(ws.path(json))).equals(before)).toBe(true);
  });

  it("exits 2 for a wrong command line", async () => {
    const cases: [string[], RegExp][] = [
      [["resolve"], /resolve needs a document/],
      [["resolve", "d.json"], /resolve needs an operation \(accept, reject, withdraw, reopen, support, position, choose\)/],
      [["resolve", "d.json", "adopt", "b1"], /unknown operation 'adopt'/],
      [["resolve", "d.json", "accept"], /accept needs <proposal-id>/],
      [["resolve", "d.json", "support", "b1"], /support needs <proposal-id> and <delegation>/],
      [["resolve", "d.json", "accept", "b1", "b2"], /unexpected 'b2'/],
      [["resolve", "d.json", "accept", "b1", "-o"], /option '-o' needs a value/],
    ];
    for (const [args, pattern] of cases) {
      const outcome = await ws.accord(...args);
      expect(outcome.code, args.join(" ")).toBe(2);
      expectOneErrorLine(outcome, pattern);
    }
  });

  it("has help listing every operation", async () => {
    const help = await ws.accord("resolve", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: accord resolve /);
    for (const op of ["accept", "reject", "withdraw", "reopen", "support", "choose", "--output"]) expect(help.stdout).toContain(op);
    expect((await ws.accord("help", "resolve")).stdout).toBe(help.stdout);
    expect((await ws.accord("--help")).stdout).toMatch(/resolve\s+accept, reject/);
  });
});
