import { describe, expect, it, vi } from "vitest";
import { describeBrowser } from "./support/browser.js";
import { withEnv } from "./support/env.js";

// describeBrowser without Chromium. Collecting a skipped describe block runs
// its body, so a body that starts a server or reads the built app while
// collecting would do so on a machine without a browser.

describe("describeBrowser when Chromium is missing", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  let bodyRan = false;
  withEnv({ ACCORD_CHROMIUM: "/nonexistent/accord-test/chromium", ACCORD_REQUIRE_BROWSER: undefined }, () => {
    describeBrowser("a block that needs a browser", () => {
      bodyRan = true;
      it("is never collected", () => {
        throw new Error("ran without Chromium");
      });
    });
  });
  const warnings = warn.mock.calls.map((args) => String(args[0]));
  warn.mockRestore();

  // Invariant: a block skipped for want of a browser runs none of its body, not even while collecting.
  it("does not run the body while collecting", () => {
    expect(bodyRan).toBe(false);
  });

  // Invariant: the skip says why, naming the missing path and how to get a browser.
  it("says that it skips, and why", () => {
    expect(warnings).toEqual([expect.stringContaining('/nonexistent/accord-test/chromium not found: skipping "a block that needs a browser"')]);
  });
});
