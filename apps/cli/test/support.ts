import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect } from "vitest";

// The CLI tests run the built CLI as a real subprocess, the way people and
// scripts call it: `node apps/cli/dist/main.js …` in a temporary directory.

const exec = promisify(execFile);
export const root = fileURLToPath(new URL("../../../", import.meta.url));
const main = join(root, "apps/cli/dist/main.js");

/** What a run of the CLI gave. */
export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The packages the CLI runs on, with their sources and their build record. */
const PROJECTS = ["apps/cli", "packages/schema", "packages/text", "packages/merge", "packages/collab", "packages/server"].map((p) => ({
  src: join(root, p, "src"),
  built: join(root, p, "dist/.tsbuildinfo"),
}));

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  if (!existsSync(main)) return true;
  return PROJECTS.some((p) => !existsSync(p.built) || statSync(p.built).mtimeMs < newestSource(p.src));
}

/**
 * Builds the CLI (`tsc -b`) when a source is newer than its build. Test files
 * run in parallel, so the build is taken under a lock (a directory, created
 * atomically) and checked again inside it.
 */
export async function ensureBuilt(): Promise<void> {
  if (!stale()) return;
  const lock = join(tmpdir(), `accord-cli-build-${Buffer.from(root).toString("hex").slice(-24)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      // Another test file is building; a lock older than three minutes was left by a crash.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    if (stale()) {
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      await exec(process.execPath, [tsc, "-b"], { cwd: root });
    }
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** A temporary directory to run the CLI in; `remove` deletes it. */
export interface Workspace {
  readonly dir: string;
  /** Runs `accord …args` in the directory; never rejects on a non-zero exit. */
  accord(...args: string[]): Promise<Outcome>;
  /** Writes a file in the directory and returns its name there. */
  write(name: string, content: string | Uint8Array): Promise<string>;
  /** The absolute path of a file in the directory. */
  path(name: string): string;
  /** The names in the directory, sorted. */
  files(): Promise<string[]>;
  remove(): Promise<void>;
}

/** Builds the CLI if needed and makes a fresh temporary directory. */
export async function workspace(): Promise<Workspace> {
  await ensureBuilt();
  const dir = await mkdtemp(join(tmpdir(), "accord-cli-"));
  return {
    dir,
    async accord(...args) {
      try {
        const { stdout, stderr } = await exec(process.execPath, [main, ...args], { cwd: dir, encoding: "utf8" });
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: unknown; stdout?: string; stderr?: string };
        if (typeof e.code !== "number") throw error;
        return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
      }
    },
    async write(name, content) {
      await writeFile(join(dir, name), content);
      return name;
    },
    path: (name) => join(dir, name),
    files: async () => (await readdir(dir)).sort(),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A user mistake is one line on stderr, `accord: …`, and never a stack trace. */
export function expectOneErrorLine(outcome: Outcome, pattern: RegExp): void {
  const lines = outcome.stderr.trimEnd().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^accord: /);
  expect(lines[0]).toMatch(pattern);
  expect(outcome.stderr).not.toMatch(/\n\s+at |Error:/);
  expect(outcome.stdout).toBe("");
}

/**
 * A draft with what the commands work on: tagged, co-sponsored, untagged and
 * replacement brackets, statuses, a deleted paragraph, numbering that starts
 * again under the second objective (two paragraphs labelled `1.`), and a
 * proposed paragraph with an alternative.
 */
export const DRAFT = [
  "CHAPTER I – PURPOSE",
  "",
  "Objective 1.1",
  "",
  "1. To ensure [Uru: a] crosscutting [Barb: and age perspectives] perspective. AGREED INF 04/19/12",
  "",
  "1bis. Promote [Arg, Bra: joint] action on [Uru: ~~evaluable~~ measurable] results.",
  "",
  "2. Strengthen cooperation among member states. DELETED AD REFERENDUM 03/22/12",
  "",
  "Objective 1.2",
  "",
  "1. Adopt the plan of action. APPROVED 10/31/13",
  "",
  "5 bis. [PER: Instruct the secretariat to report.]",
  "",
  "5 bis alt. [MEX: Instruct the chair to report.]",
  "",
].join("\n");

/** One entry of `accord proposals --json`, as the tests read it. */
export interface ListedProposal {
  id: string;
  kind: string;
  state: string;
  by: { code: string; name: string }[];
  ops: string[];
  alternativeTo: string;
  block: { id: string; type: string; label: string };
  heading: string;
  text: string;
  note: string;
}

/** The proposals of a document, through `accord proposals --json`. */
export async function proposalsOf(ws: Workspace, file: string): Promise<ListedProposal[]> {
  const outcome = await ws.accord("proposals", file, "--json");
  expect(outcome.code, outcome.stderr).toBe(0);
  return (JSON.parse(outcome.stdout) as { proposals: ListedProposal[] }).proposals;
}

/** The id of the one proposal whose text is `text`. */
export async function proposalId(ws: Workspace, file: string, text: string): Promise<string> {
  const matches = (await proposalsOf(ws, file)).filter((p) => p.text === text);
  expect(matches, `one proposal “${text}”`).toHaveLength(1);
  return matches[0]!.id;
}

/** Imports `DRAFT` (or `content`) as `<name>.json` and returns the document's name. */
export async function importedDraft(ws: Workspace, name: string, content = DRAFT): Promise<string> {
  const txt = await ws.write(`${name}.txt`, content);
  const outcome = await ws.accord("import", txt, "-o", `${name}.json`);
  expect(outcome.code, outcome.stderr).toBe(0);
  expect(outcome.stderr).toMatch(/0 diagnostics/);
  return `${name}.json`;
}
