import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it } from "vitest";
import { describeBrowser } from "../../../../test/support/browser.js";

/** The built app the server serves: `ACCORD_WEB_ROOT` as it is now, else apps/web/dist (`npm run build -w @accord/web` writes it). */
export function webRoot(): string {
  return process.env.ACCORD_WEB_ROOT || fileURLToPath(new URL("../../dist", import.meta.url));
}

/** The built app the server serves, as `webRoot()` found it when the tests started. */
export const WEB_ROOT = webRoot();

/** Whether the app is built: its index.html exists (under `webRoot()`, read at each call). */
export function webAppBuilt(): boolean {
  return existsSync(`${webRoot()}/index.html`);
}

/**
 * A describe block that drives the built app in a real Chromium. Without
 * Chromium it is `describeBrowser`'s business (skip, or fail under
 * ACCORD_REQUIRE_BROWSER=1); without a built app it is skipped with a message
 * saying to build it — and fails saying so under ACCORD_REQUIRE_BROWSER=1.
 * When skipped, `body` is not run at all, as with `describeBrowser` (vitest
 * runs a skipped block's body while collecting it): one skipped entry stands for it.
 */
export function describeWebApp(name: string, body: () => void): void {
  if (webAppBuilt()) {
    describeBrowser(name, body);
    return;
  }
  const why = `the web app is not built (${webRoot()}/index.html is missing): run \`npm run build\` (or \`npm run build -w @accord/web\`)`;
  if (process.env.ACCORD_REQUIRE_BROWSER === "1") {
    describe(name, () => {
      throw new Error(`ACCORD_REQUIRE_BROWSER=1 but ${why}`);
    });
    return;
  }
  console.warn(`[browser] ${why}: skipping "${name}"`);
  describe.skip(`${name} (skipped: ${why})`, () => {
    it.skip("runs the built app in Chromium");
  });
}
