import { generateDocument } from "@accord/schema/generate";
import { importText } from "@accord/text";
import { exportAkn } from "@accord/akn";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { describeFixtures, FIXTURE_NAMES, readFixture } from "../../../test/support/fixtures.js";
import { describeXmllint, schemaErrors } from "./xmllint.js";

// The invariant: every export is valid Akoma Ntoso 3.0, by the official OASIS
// schema (vendored in schema/), with Accord's attributes where the schema
// allows attributes of another namespace.

describeXmllint("Akoma Ntoso export against the OASIS schema", () => {
  it("the sample draft is valid", async () => {
    const document = importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8")).document;
    expect(await schemaErrors(exportAkn(document))).toBe("");
  });

  it("generated documents are valid: nested proposals, replacements, co-sponsors, footnotes, every status, alternatives (seeded)", async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const errors = await schemaErrors(exportAkn(generateDocument({ seed, paragraphs: 30, proposals: 90 })));
      expect(errors, `seed ${seed}`).toBe("");
    }
  });

  it("a document with no metadata and no text is valid", async () => {
    const document = importText("x").document;
    expect(await schemaErrors(exportAkn(document))).toBe("");
  });

  it("headings with nothing under them, before any paragraph and at the end, are valid", async () => {
    const document = importText("Objective 1\n\nObjective 2\n\n1. To urge member states.\n\nObjective 3").document;
    const xml = exportAkn(document);
    expect(xml).toContain('<hcontainer eId="hcontainer_3" accord:id="h3" name="heading"><heading>Objective 3</heading><content><p/></content></hcontainer>');
    expect(await schemaErrors(xml)).toBe("");
  });

  it("the schema does refuse what is not Akoma Ntoso (the check can fail)", async () => {
    const valid = exportAkn(importText("1. To urge.").document);
    expect(await schemaErrors(valid.replace("<mainBody>", "<mainBody><nonsense/>"))).toMatch(/nonsense/);
  });
});

describeFixtures("Akoma Ntoso export of the shared OAS fixtures against the OASIS schema", () => {
  describeXmllint("valid", () => {
    for (const name of FIXTURE_NAMES) {
      it(name, async () => {
        expect(await schemaErrors(exportAkn(importText(readFixture(name)).document))).toBe("");
      });
    }
  });
});
