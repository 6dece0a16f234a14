import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { cleanText } from "@accord/merge";
import { importText } from "@accord/text";
import { describe, expect, it } from "vitest";

// The UN drafts in examples/ (written for Accord's tests): their clean versions keep every citation byte for byte.
const example = (name: string) => readFileSync(fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url)), "utf8");
const SYMBOL = /\b(?:[A-Z]{1,5}\/(?:[A-Z0-9.]+\/)*[A-Z0-9.]*\d[A-Za-z0-9.]*|\d{1,3}\/(?:CP|CMA|CMP)\.\d{1,3}|resolution\s+\d{1,3}\/\d{1,4})/g;

describe("citations in the clean version of UN drafts", () => {
  for (const [name, expected] of [
    ["un-general-assembly-draft.txt", ["resolution 70/1", "resolution 69/313", "A/78/80", "resolution 45/264"]],
    ["unfccc-draft-decision.txt", ["1/CP.21", "4/CMA.1", "18/CMA.1"]],
  ] as const) {
    it(`${name}: every symbol stays as written`, () => {
      const draft = example(name);
      expect(draft.match(SYMBOL)).toEqual(expected);
      const clean = cleanText(importText(draft).document);
      if (!clean.ok) throw new Error(clean.message);
      expect(clean.value.match(SYMBOL)).toEqual(expected);
      // Statuses are not in the clean version; the text around a symbol is.
      expect(clean.value).not.toMatch(/\(Agreed|ad ref/);
      expect(clean.value).toContain(name.startsWith("un-") ? "in accordance with resolution 45/264;" : "take into account decision 1/CP.21 and decision 4/CMA.1,");
    });
  }
});
