import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Invariant: Accord runs on every Node the README promises (20.19 or newer),
// although @hocuspocus/server 4 declares Node 22 (npm ci warns EBADENGINE on
// Node 20). What proves it is that the server tests, here and in CI, run the
// real Hocuspocus on this machine's Node 20. These checks make the promise fail
// loudly when a Hocuspocus upgrade changes what it declares or starts using
// what Node 20 lacks, so that the README is re-read instead of going stale.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const require = createRequire(import.meta.url);

/** The folder of an installed package (its exports may hide package.json). */
function packageRoot(name: string): string {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name !== name) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json for ${name}`);
    dir = up;
  }
  return dir;
}
const packageJson = (name: string) => JSON.parse(readFileSync(join(packageRoot(name), "package.json"), "utf8"));
const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** Built-ins newer than Node 20 (Node 21 and 22), by how code calls them. */
const NEWER_THAN_NODE_20 = [
  /\bPromise\.withResolvers\b/,
  /\b(?:Object|Map)\.groupBy\b/,
  /\bArray\.fromAsync\b/,
  /\bprocess\.getBuiltinModule\b/,
  /\.(?:union|intersection|difference|symmetricDifference|isSubsetOf|isSupersetOf|isDisjointFrom)\(/,
  /\bnavigator\./,
  /\bglobalThis\.WebSocket\b/,
];

/** The code of Hocuspocus's server that runs in Accord's process, with its own dependencies, and of the other packages that declare a newer Node. */
function hocuspocusServerCode(): { file: string; text: string }[] {
  const files = [
    ...["@hocuspocus/server", "@hocuspocus/common"].flatMap((name) => {
      const dist = join(packageRoot(name), "dist");
      return readdirSync(dist).filter((file) => /\.(?:c|m)?js$/.test(file)).map((file) => join(dist, file));
    }),
    require.resolve("crossws/adapters/node"),
    join(packageRoot("async-mutex"), "index.mjs"),
    // The Word writer's id generator (docx's own copy of nanoid, which declares Node 22).
    ...packagesDeclaringNewerNode()
      .filter((p) => p.name === "nanoid")
      .flatMap((p) => ["index.js", "non-secure/index.js", "url-alphabet/index.js"].map((file) => join(p.dir, file))),
  ];
  return files.map((file) => ({ file, text: readFileSync(file, "utf8") }));
}

/** Whether an engines range (">=22", "^22 || ^24 || >=26", "^14.17.0 || >=16") admits Node 20.19; a range of another shape throws, to be read by a person. */
function admitsNode20(range: string): boolean {
  return range.split("||").some((alternative) => {
    const spec = alternative.trim();
    if (spec === "*" || spec === "") return true;
    const match = /^(>=|>|\^|~)?\s*v?(\d+)(?:\.(\d+|x))?/.exec(spec);
    if (!match || /\s-\s|</.test(spec)) throw new Error(`read the engines range “${range}” by hand`);
    const [, operator, majorText, minorText] = match;
    const major = Number(majorText);
    const minor = minorText === undefined || minorText === "x" ? 0 : Number(minorText);
    if (operator === ">=" || operator === ">") return major < 20 || (major === 20 && minor <= 19);
    return major === 20 && minor <= 19;
  });
}

/** Every installed package (each copy, nested ones too) whose declared engines leave out Node 20.19: npm ci warns EBADENGINE for each. */
function packagesDeclaringNewerNode(): { name: string; version: string; node: string; dir: string }[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  return Object.entries(lock.packages).flatMap(([path, entry]) => {
    const node = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
    if (!path || !node || admitsNode20(node)) return [];
    return [{ name: path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length), version: entry.version ?? "", node, dir: join(repoRoot, path) }];
  });
}

describe("the Node versions Accord runs on", () => {
  it("is what package.json and the README say, and this Node satisfies it", () => {
    const accord = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    expect(accord.engines.node).toBe(">=20.19");
    expect(readme).toContain("Requires Node.js 20.19 or newer");
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    expect(major > 20 || (major === 20 && minor >= 19)).toBe(true);
  });

  it("names the engine warning that @hocuspocus/server gives on Node 20, as it declares it", () => {
    const declared = packageJson("@hocuspocus/server").engines?.node;
    // When this fails, Hocuspocus declares another Node: check that it still
    // runs on Node 20.19, then update the README's Quick start.
    expect(declared).toBe(">=22");
    expect(readme).toContain(`required: { node: '${declared}' }`);
  });

  it("names in the README every package whose declared engines leave out Node 20, and no others", () => {
    // The range reader reads what it must.
    expect([">=22", "^22 || ^24 || >=26", ">=14", "^14.17.0 || ^16.13.0 || >=18.0.0", "^20.19.0 || >=22.12.0", "^18", "20.x || 22.x", "*"].map(admitsNode20)).toEqual([false, false, true, true, true, false, true, true]);
    const newer = packagesDeclaringNewerNode();
    // When this changes, an upgrade brought a package that declares a newer
    // Node: check that what runs of it needs nothing Node 20 lacks (the scan
    // below), then name its warning in the README's Quick start.
    expect(newer.map((p) => p.name).sort()).toEqual(["@hocuspocus/server", "nanoid"]);
    for (const { name, version, node } of newer) {
      expect(readme).toContain(`package: '${name}@${version}'`);
      expect(readme).toContain(`required: { node: '${node}' }`);
    }
  });

  it("finds no built-in newer than Node 20 in the Hocuspocus server code, nor in nanoid's", () => {
    // The patterns find what they look for.
    const sample = "const { promise } = Promise.withResolvers(); a.union(b); Object.groupBy(x, f);";
    expect(NEWER_THAN_NODE_20.filter((pattern) => pattern.test(sample))).toHaveLength(3);
    const found = hocuspocusServerCode().flatMap(({ file, text }) =>
      NEWER_THAN_NODE_20.filter((pattern) => pattern.test(text)).map((pattern) => `${file}: ${pattern}`),
    );
    expect(found).toEqual([]);
  });
});
