import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Our packages whose built files are the reading (hashed file by file). */
const OWN_READERS = ["@accord/collab", "@accord/schema"];
/** The libraries the reading runs on (taken by their versions). */
const LIBRARIES = ["yjs", "y-prosemirror", "prosemirror-model", "zod"];

let version: Promise<string | null> | null = null;

/**
 * A digest of the code that reads a document (`readDocument`): the built
 * files of @accord/collab and @accord/schema and the versions of the
 * libraries under them. A stored state known to read (`ReadableState`)
 * counts only for the very code that read it: any change to it, a rebuild
 * with other code included, reads every document again once. Null when that
 * code cannot be found on disk; then nothing is taken as read.
 */
export function readingCodeVersion(): Promise<string | null> {
  version ??= computeVersion().catch(() => null);
  return version;
}

async function computeVersion(): Promise<string> {
  const hash = createHash("sha256");
  for (const name of OWN_READERS) {
    const folder = dirname(fileURLToPath(import.meta.resolve(name)));
    for (const file of await codeFiles(folder)) {
      hash.update(`${name}/${file.slice(folder.length)}\0`);
      hash.update(await readFile(file));
    }
  }
  for (const name of LIBRARIES) hash.update(`${name}@${await packageVersion(name)}\0`);
  return hash.digest("base64url");
}

/** Every .js file under `folder`, in a fixed order. */
async function codeFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(m|c)?js$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The version in the package.json of the package `name` resolves to; throws when there is none. */
async function packageVersion(name: string): Promise<string> {
  let folder = dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const json = JSON.parse(await readFile(join(folder, "package.json"), "utf8")) as { name?: string; version?: string };
      if (json.name === name && json.version) return json.version;
    } catch {
      // No package.json here: look further up.
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no package.json of ${name}`);
    folder = parent;
  }
}
