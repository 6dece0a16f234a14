import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRAFT, importedDraft, proposalsOf, workspace, type Workspace } from "./support.js";

let ws: Workspace;

beforeAll(async () => {
  ws = await workspace();
}, 200_000);

afterAll(async () => {
  await ws?.remove();
});

describe("accord proposals", () => {
  it("lists bracketed proposals and whole paragraphs in document order, with what resolve needs", async () => {
    const json = await importedDraft(ws, "list");
    const listed = await proposalsOf(ws, json);
    expect(listed.map((p) => [p.kind, p.text])).toEqual([
      ["inline", "a"],
      ["inline", "and age perspectives"],
      ["inline", "joint"],
      ["inline", "~~evaluable~~ measurable"],
      ["paragraph", "Instruct the secretariat to report."],
      ["alternative", "Instruct the chair to report."],
    ]);
    const [a, , joint, replacement, proposed, alternative] = listed;
    expect(a).toMatchObject({
      state: "open",
      by: [{ code: "URY", name: "Uruguay" }],
      ops: ["insert"],
      block: { type: "paragraph", label: "1." },
      heading: "Objective 1.1",
      alternativeTo: "",
      note: "",
    });
    expect(joint!.by).toEqual([
      { code: "ARG", name: "Argentina" },
      { code: "BRA", name: "Brazil" },
    ]);
    expect(replacement!.ops).toEqual(["delete", "insert"]);
    expect(replacement!.block.label).toBe("1bis.");
    // A whole paragraph is decided by the paragraph's own id.
    expect(proposed).toMatchObject({ by: [{ code: "PER", name: "Peru" }], ops: [], heading: "Objective 1.2" });
    expect(proposed!.id).toBe(proposed!.block.id);
    expect(alternative!.alternativeTo).toBe(proposed!.id);
    expect(new Set(listed.map((p) => p.id)).size).toBe(listed.length);
  });

  it("prints a readable list with names, states and places, and how to decide", async () => {
    const json = await importedDraft(ws, "readable");
    const ids = (await proposalsOf(ws, json)).map((p) => p.id);
    const outcome = await ws.accord("proposals", json);
    expect(outcome.code, outcome.stderr).toBe(0);
    const out = outcome.stdout;
    expect(out).toMatch(/^readable\.json: 6 proposals, 6 open \(4 in brackets, 2 whole paragraphs\)\n/);
    expect(out).toMatch(new RegExp(`^${ids[0]} +open +Uruguay \\(URY\\) — insert\\n +paragraph 1\\. under “Objective 1\\.1”: “a”$`, "m"));
    expect(out).toMatch(new RegExp(`^${ids[3]} +open +Uruguay \\(URY\\) — delete \\+ insert$`, "m"));
    expect(out).toMatch(new RegExp(`^${ids[4]} +open +Peru \\(PER\\) — proposed paragraph$`, "m"));
    expect(out).toMatch(new RegExp(`^${ids[5]} +open +Mexico \\(MEX\\) — alternative to ${ids[4]} \\(5 bis\\.\\)$`, "m"));
    expect(out).toContain("paragraph 5 bis alt. under “Objective 1.2”: “Instruct the chair to report.”");
    expect(out).toContain(`accord resolve ${json} accept`);
  });

  it("lists only open ones with --open", async () => {
    const json = await importedDraft(ws, "open");
    const [first] = await proposalsOf(ws, json);
    expect((await ws.accord("resolve", json, "reject", first!.id)).code).toBe(0);
    const open = JSON.parse((await ws.accord("proposals", json, "--json", "--open")).stdout) as { proposals: { id: string }[] };
    expect(open.proposals.map((p) => p.id)).not.toContain(first!.id);
    expect(open.proposals).toHaveLength(5);
    const all = await proposalsOf(ws, json);
    expect(all.find((p) => p.id === first!.id)?.state).toBe("rejected");
  });

  it("reads a text draft too, with the ids its import gives", async () => {
    const json = await importedDraft(ws, "text");
    const txt = await ws.write("text-only.txt", DRAFT);
    expect(await proposalsOf(ws, txt)).toEqual(await proposalsOf(ws, json));
    const readable = await ws.accord("proposals", txt);
    expect(readable.stdout).toContain("import the draft first");
  });

  it("says so when there are none", async () => {
    const txt = await ws.write("none.txt", "1. Adopt the plan. APPROVED 10/31/13\n");
    const outcome = await ws.accord("proposals", txt);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe("none.txt: 0 proposals, 0 open (0 in brackets, 0 whole paragraphs)\n\nNo proposals.\n");
    expect(JSON.parse((await ws.accord("proposals", txt, "--json")).stdout)).toEqual({ proposals: [] });
  });

  it("has help", async () => {
    const help = await ws.accord("proposals", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: accord proposals /);
    for (const option of ["--json", "--open"]) expect(help.stdout).toContain(option);
  });
});
