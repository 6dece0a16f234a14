import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import { describeBrowser } from "../../../../test/support/browser.js";

/** The built app the server serves: `ACCORD_WEB_ROOT`, else apps/web/dist (`npm run build -w @accord/web` writes it). */
export const WEB_ROOT = process.env.ACCORD_WEB_ROOT || fileURLToPath(new URL("../../dist", import.meta.url));

/** Whether the app is built: its index.html exists. */
export function webAppBuilt(): boolean {
  return existsSync(`${WEB_ROOT}/index.html`);
}

/**
 * A describe block that drives the built app in a real Chromium. Without
 * Chromium it is `describeBrowser`'s business (skip, or fail under
 * ACCORD_REQUIRE_BROWSER=1); without a built app it is skipped with a message
 * saying to build it — and fails saying so under ACCORD_REQUIRE_BROWSER=1.
 */
export function describeWebApp(name: string, body: () => void): void {
  if (webAppBuilt()) {
    describeBrowser(name, body);
    return;
  }
  const why = `the web app is not built (${WEB_ROOT}/index.html is missing): run \`npm run build\` (or \`npm run build -w @accord/web\`)`;
  if (process.env.ACCORD_REQUIRE_BROWSER === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_BROWSER=1 but ${why}`);
    });
    return;
  }
  console.warn(`[browser] ${why}: skipping "${name}"`);
  describe.skip(`${name} (skipped: ${why})`, body);
}
