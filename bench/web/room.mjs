// The real server for bench/web.mjs, in this process: a temporary data
// directory, port 0, the built web app; the generated negotiation created as
// the API would, and a delegate and a chair with passwords, so that the
// browser signs in through the login page.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG, hashPassword, startServer } from "@accord/server";
import { generateDocument } from "@accord/schema/generate";

/** The document's id on the server. */
export const DOCUMENT_ID = "bench-web";

/** The people: a delegate of Uruguay and the chair (password `<username>-password`). */
export const PEOPLE = Object.freeze({
  delegate: { username: "bench-delegate", displayName: "Delegate of Uruguay", role: "delegate", delegation: "URY" },
  chair: { username: "bench-chair", displayName: "The Chair", role: "chair", delegation: "" },
});

/**
 * Places to type: open paragraphs near the middle of the document that are
 * nobody's proposal and start with a run of base text; for each, an offset
 * in that run just before a space (the end of a word). Throws when the
 * document has fewer than `count` such paragraphs past its middle.
 */
export function typingPlaces(document, count) {
  const blocks = [];
  document.content.forEach((node) => blocks.push(node));
  const places = [];
  for (let i = Math.floor(blocks.length / 2); i < blocks.length && places.length < count; i++) {
    const node = blocks[i];
    if (node.type.name !== "paragraph" || node.attrs.status !== "open" || node.attrs.proposedBy.length || node.attrs.alternativeTo) continue;
    if (blocks.some((other) => other.attrs.alternativeTo === node.attrs.id)) continue;
    const first = node.firstChild;
    if (!first?.isText || first.marks.length || first.text.length < 40) continue;
    const offset = first.text.indexOf(" ", 15);
    if (offset < 0) continue;
    // Leave a few blocks between two places, so that each is typed in on its own.
    if (places.length && i - places[places.length - 1].index < 4) continue;
    places.push({ index: i, blockId: node.attrs.id, offset, before: first.text.slice(0, offset) });
  }
  if (places.length < count) throw new Error(`only ${places.length} paragraphs to type in, ${count} needed`);
  return places;
}

/**
 * Starts the server serving `webRoot`, creates the generated negotiation and
 * the two accounts with their memberships. `close()` stops the server and
 * removes the data directory, whatever state they are in.
 */
export async function openRoom({ webRoot, seed, paragraphs, proposals }) {
  const dir = await mkdtemp(join(tmpdir(), "accord-bench-web-"));
  let server = null;
  const close = async () => {
    try {
      await server?.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
  try {
    server = await startServer({ ...DEFAULT_CONFIG, port: 0, host: "127.0.0.1", dataDir: join(dir, "data"), webRoot, quiet: true });
    const document = generateDocument({ seed, paragraphs, proposals });
    if (!(await server.live.create(DOCUMENT_ID, document, null, []))) throw new Error(`document ${DOCUMENT_ID} exists`);
    for (const person of Object.values(PEOPLE)) {
      const user = await server.storage.createUser(person.username, await hashPassword(`${person.username}-password`), person.displayName);
      if (!user) throw new Error(`user ${person.username} exists`);
      await server.storage.setMembership({ documentId: DOCUMENT_ID, userId: user.id, role: person.role, delegation: person.delegation });
    }
    return { server, document, url: server.url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
