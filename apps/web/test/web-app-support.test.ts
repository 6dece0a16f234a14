import { describe, expect, it, vi } from "vitest";
import { withEnv } from "../../../test/support/env.js";
import { describeWebApp } from "./support/web-app.js";

// describeWebApp when the app is not built. Collecting a skipped describe
// block runs its body, so a body that starts a server or opens pages while
// collecting would do so without the app to serve.

describe("describeWebApp when the web app is not built", () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  let bodyRan = false;
  withEnv({ ACCORD_WEB_ROOT: "/nonexistent/accord-test/dist", ACCORD_REQUIRE_BROWSER: undefined }, () => {
    describeWebApp("a block that needs the built app", () => {
      bodyRan = true;
      it("is never collected", () => {
        throw new Error("ran without the built app");
      });
    });
  });
  const warnings = warn.mock.calls.map((args) => String(args[0]));
  warn.mockRestore();

  // Invariant: a block skipped for want of the built app runs none of its body, not even while collecting.
  it("does not run the body while collecting", () => {
    expect(bodyRan).toBe(false);
  });

  // Invariant: the skip says why and how to build the app.
  it("says that it skips, and how to build the app", () => {
    expect(warnings).toEqual([expect.stringContaining('/nonexistent/accord-test/dist/index.html is missing): run `npm run build`')]);
  });
});
