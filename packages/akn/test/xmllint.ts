import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, it } from "vitest";

// Debian's xmllint (libxml2-utils) validates the export against the vendored
// OASIS schema. Tests needing it skip, saying why, when it is absent — unless
// ACCORD_REQUIRE_OFFICE=1 (as .ci/run sets, which installs it), where its
// absence fails the run.

const run = promisify(execFile);
const XMLLINT = "/usr/bin/xmllint";
const SCHEMA = new URL("../schema/akomantoso30.xsd", import.meta.url).pathname;

/** A describe block that needs xmllint: skipped with a message when absent, failing when required. */
export function describeXmllint(name: string, body: () => void): void {
  if (existsSync(XMLLINT)) {
    describe(name, body);
    return;
  }
  if (process.env.ACCORD_REQUIRE_OFFICE === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_OFFICE=1 but ${XMLLINT} is missing (apt-get install libxml2-utils)`);
    });
    return;
  }
  console.warn(`[xmllint] ${XMLLINT} not found: skipping "${name}" (apt-get install libxml2-utils)`);
  describe.skip(`${name} (skipped: xmllint not found)`, () => {
    it.skip("validates against the Akoma Ntoso schema");
  });
}

/** The schema's complaints about `xml` (empty when valid), from `xmllint --nonet --schema`. */
export async function schemaErrors(xml: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "accord-akn-"));
  try {
    const file = join(dir, "document.xml");
    writeFileSync(file, xml);
    try {
      await run(XMLLINT, ["--nonet", "--noout", "--schema", SCHEMA, file], { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
      return "";
    } catch (error) {
      const failed = error as { stderr?: string; message: string };
      return failed.stderr || failed.message;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
