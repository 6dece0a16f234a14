import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { documentToUpdate, readDocument } from "@accord/collab";
import { hashPassword, openSqliteStorage, type RunningServer } from "@accord/server";
import { importText } from "@accord/text";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, DRAFT, type Client } from "../support.js";
import { appendParagraph } from "../../../../test/support/y-documents.js";

const CLI = resolve("apps/cli/dist/main.js");
const KILLS = 20;

let dataDir: string;
let token: string;

/** Starts `accord serve` in a child process and waits for its address. */
async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", "--data", dataDir, "--no-demo"], { stdio: ["ignore", "pipe", "pipe"] });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 15_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return { child, url };
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing`);
  dataDir = await mkdtemp(join(tmpdir(), "accord-kill-"));
  const storage = openSqliteStorage({ file: join(dataDir, "accord.sqlite") });
  const user = (await storage.createUser("writer", await hashPassword("writer-password")))!;
  const { document } = importText(DRAFT);
  await storage.createDocument(
    { id: "plan", title: "", createdBy: user.id, diagnostics: [] },
    { documentId: "plan", data: documentToUpdate(document), userId: user.id, delegation: "", origin: "import" },
  );
  await storage.setMembership({ documentId: "plan", userId: user.id, role: "chair", delegation: "" });
  token = (await storage.createSession(user.id, 10 * 60_000)).token;
  await storage.close();
});
afterAll(async () => rm(dataDir, { recursive: true, force: true }));

describe("durability", () => {
  it(`every acknowledged edit survives kill -9 of the server (${KILLS} kills, clients writing when it dies)`, async () => {
    const acknowledged: string[] = [];
    for (let round = 0; round < KILLS; round++) {
      const { child, url } = await startChild();
      const server = { url } as RunningServer;
      const careful = await connect(server, "plan", token);
      const hasty = await connect(server, "plan", token);
      try {
        // One client waits for each acknowledgement; the other keeps writing without waiting.
        for (let i = 0; i < 5; i++) {
          const word = `round${round}-ack${i}`;
          appendParagraph(careful.doc, word);
          await careful.acknowledged();
          acknowledged.push(word);
          appendParagraph(hasty.doc, `round${round}-inflight${i}`);
        }
        appendParagraph(hasty.doc, `round${round}-last`);
      } finally {
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        careful.destroy();
        hasty.destroy();
      }
    }

    const { child, url } = await startChild();
    try {
      const reader = await connect({ url } as RunningServer, "plan", token);
      const read = readDocument(reader.doc);
      reader.destroy();
      if (!read.ok) throw new Error(read.message);
      const text = read.value.content.textContent;
      const missing = acknowledged.filter((word) => !text.includes(word));
      expect(missing).toEqual([]);
      expect(acknowledged).toHaveLength(KILLS * 5);
    } finally {
      child.kill("SIGKILL");
    }
  }, 120_000);
});
