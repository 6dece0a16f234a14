import { DelegationRegistry } from "@accord/schema";
import { describe, expect, it } from "vitest";
import { ApiError, EXPORTS, unresolvedItems } from "../../src/api.js";
import { describeExportFailure, exportChoices } from "../../src/pages/export-menu.js";
import { SHORTCUTS } from "../../src/editor/input/shortcuts.js";
import { displayKeys, shortcutsFor } from "../../src/pages/help-dialog.js";
import { sentence } from "../../src/pages/login.js";
import { describeMembership } from "../../src/pages/membership.js";
import { describeEntryStatus } from "../../src/panels/outline.js";

describe("the words of the shell", () => {
  it("names a member's role", () => {
    const nameOf = (code: string) => DelegationRegistry.default.get(code)?.name ?? code;
    expect(describeMembership("chair", "", nameOf)).toBe("Chair");
    expect(describeMembership("secretariat", "", nameOf)).toBe("Secretariat");
    expect(describeMembership("delegate", "URY", nameOf)).toBe("Delegate of Uruguay (URY)");
    expect(describeMembership("delegate", "WG", nameOf)).toBe("Delegate of WG");
    expect(describeMembership("observer", "", nameOf)).toBe("Observer (read only)");
  });

  it("turns the server's clauses into sentences", () => {
    expect(sentence("wrong username or password")).toBe("Wrong username or password.");
    expect(sentence("already a sentence.")).toBe("Already a sentence.");
    expect(sentence("  ")).toBe("");
  });

  it("writes keys for the platform", () => {
    expect(displayKeys("Mod-Shift-a", false)).toBe("Ctrl + Shift + A");
    expect(displayKeys("Mod-Shift-a", true)).toBe("⌘⇧A");
    expect(displayKeys("Alt-Enter", false)).toBe("Alt + Enter");
    expect(displayKeys("Mod--", false)).toBe("Ctrl + -");
  });

  it("lists the editor's shortcuts that the member's role has", () => {
    const chair = shortcutsFor(SHORTCUTS, "chair").map((s) => s.action);
    const observer = shortcutsFor(SHORTCUTS, "observer").map((s) => s.action);
    expect(chair).toContain("Accept the proposal at the cursor");
    expect(observer).not.toContain("Accept the proposal at the cursor");
    expect(observer).not.toContain("Undo your own last change");
    expect(observer).toContain("Go to the next open proposal");
  });

  it("writes a status with its date and body", () => {
    expect(describeEntryStatus({ status: "agreed-ad-referendum", statusDate: "2026-11-25", statusBody: "CSH" }, "MM/DD/YY")).toBe("agreed ad referendum on 11/25/26 by the CSH");
    expect(describeEntryStatus({ status: "agreed-ad-referendum", statusDate: "2026-11-25", statusBody: "" }, "D Month YYYY")).toBe("agreed ad referendum on 25 November 2026");
    expect(describeEntryStatus({ status: "open", statusDate: "", statusBody: "" }, "MM/DD/YY")).toBe("open");
  });
});

describe("exports", () => {
  it("offers every export of the server, and a delegate's own marked-up version", () => {
    expect(exportChoices("")).toEqual(EXPORTS);
    const choices = exportChoices("URY");
    expect(choices.slice(0, EXPORTS.length)).toEqual(EXPORTS);
    expect(choices.slice(EXPORTS.length).map((c) => c.query)).toEqual(["version=markup&format=txt&delegation=URY", "version=markup&format=html&delegation=URY", "version=markup&format=docx&delegation=URY", "version=markup&format=pdf&delegation=URY"]);
  });

  it("reads the unresolved items of a final-text refusal", () => {
    const item = { kind: "proposal", id: "b1", where: "paragraph 2", description: "Uruguay’s proposal b1 “while”" };
    const refusal = new ApiError(409, "not a final text: …", { error: "not a final text: 1 unresolved proposal", items: [item, { bogus: true }] });
    expect(unresolvedItems(refusal)).toEqual([item]);
    expect(unresolvedItems(new ApiError(404, "no such document"))).toEqual([]);
  });

  it("explains a failure that is not a refusal with the server's sentence", () => {
    const [notice, detail] = describeExportFailure(new ApiError(0, "the server cannot be reached; check the connection and try again"), "Clean text (.txt)");
    expect(notice).toEqual({ kind: "error", text: "“Clean text (.txt)” could not be downloaded: The server cannot be reached; check the connection and try again." });
    expect(detail).toBeUndefined();
  });
});
