import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";

// Real OAS documents live beside the repository (../shared/fixtures), not in it:
// the project runs without them. Tests that read them skip, saying why, when
// they are absent — unless ACCORD_REQUIRE_FIXTURES=1 (as .ci/run sets), where
// their absence fails the run.

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Where the shared fixtures are: `ACCORD_FIXTURES`, or `../shared/fixtures` beside the repository. */
export const FIXTURES_DIR = process.env.ACCORD_FIXTURES ?? join(repoRoot, "..", "shared", "fixtures");

/** The fixture files every fixture test runs over. */
export const FIXTURE_NAMES = ["oas-plan-of-action-draft-2012.txt", "oas-resolution-adopted-2009.txt"] as const;

const available = existsSync(FIXTURES_DIR);
const required = process.env.ACCORD_REQUIRE_FIXTURES === "1";

/**
 * The text of a fixture file. Throws when the fixtures are absent: it must be
 * called inside a `describeFixtures` block (whose body does not run then).
 */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), "utf8");
}

/** The path of a fixture file; throws, as `readFixture`, when the fixtures are absent. */
export function fixturePath(name: string): string {
  if (!available) {
    throw new Error(`the shared fixtures are missing at ${FIXTURES_DIR}: read ${name} only inside describeFixtures`);
  }
  return join(FIXTURES_DIR, name);
}

/**
 * A describe block over the shared fixtures: skipped with a message when they
 * are absent, failing when they are required. When skipped, `body` is not run
 * at all (vitest collects a skipped block by running it, and a body that reads
 * a fixture while collecting would fail the file): one skipped entry stands
 * for it.
 */
export function describeFixtures(name: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (required) {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_FIXTURES=1 but the shared fixtures are missing at ${FIXTURES_DIR}`);
    });
    return;
  }
  console.warn(`[fixtures] ${FIXTURES_DIR} not found: skipping "${name}" (set ACCORD_FIXTURES to run it)`);
  describe.skip(`${name} (skipped: shared fixtures not found at ${FIXTURES_DIR})`, () => {
    it.skip(`reads ${FIXTURE_NAMES.join(" and ")}`);
  });
}
