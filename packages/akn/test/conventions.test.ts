import { generateDocument } from "@accord/schema/generate";
import type { NegotiationDocument } from "@accord/schema";
import { importText } from "@accord/text";
import { exportAkn } from "@accord/akn";
import { readFileSync } from "node:fs";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";

// The invariants of the export in Akoma Ntoso's own terms, on the parsed XML:
// - eIds follow the naming convention: unique; an element inside another that
//   has an eId carries that eId and `__` first; the part after the last `__`
//   names the element (`para` for paragraph, else the element's own name) and
//   its number (`_` then letters and digits);
// - every `alternativeTo` names the eId of a block of the document;
// - every status is one `workflow/step` with its date, `refersTo` the status
//   concept the block also refers to, `by` an organisation of the references,
//   and `accord:about` the block.

const ELEMENT_REFS: Readonly<Record<string, string>> = { paragraph: "para" };

interface Element {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly enclosingEid: string;
}

function elementsOf(xml: string): Element[] {
  const parser = new SaxesParser({ xmlns: true });
  const elements: Element[] = [];
  const eids: string[] = [];
  const stack: boolean[] = [];
  parser.on("opentag", (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    elements.push({ name: tag.local, attributes, enclosingEid: eids.at(-1) ?? "" });
    const eId = attributes["eId"];
    stack.push(eId !== undefined);
    if (eId !== undefined) eids.push(eId);
  });
  parser.on("closetag", () => {
    if (stack.pop()) eids.pop();
  });
  parser.write(xml).close();
  return elements;
}

function checkConventions(document: NegotiationDocument): void {
  const elements = elementsOf(exportAkn(document));
  const content = elements.filter((e) => ["paragraph", "hcontainer", "container", "authorialNote"].includes(e.name));
  const eids = content.map((e) => e.attributes["eId"]!);
  expect(new Set(eids).size).toBe(eids.length);
  for (const element of content) {
    const eId = element.attributes["eId"]!;
    if (element.enclosingEid) expect(eId.startsWith(`${element.enclosingEid}__`), `${eId} inside ${element.enclosingEid}`).toBe(true);
    else expect(eId, eId).not.toContain("__");
    const own = eId.slice(element.enclosingEid ? element.enclosingEid.length + 2 : 0);
    expect(own, eId).toMatch(new RegExp(`^${ELEMENT_REFS[element.name] ?? element.name}_[a-z0-9]+(-\\d+)?$`));
  }

  const blocks = new Map(content.filter((e) => e.name !== "authorialNote").map((e) => [e.attributes["eId"]!, e]));
  let alternatives = 0;
  for (const element of blocks.values()) {
    const target = element.attributes["alternativeTo"];
    if (target === undefined) continue;
    alternatives++;
    expect(blocks.has(target), `alternativeTo ${target}`).toBe(true);
  }
  let expected = 0;
  document.content.forEach((block) => {
    if (block.type.name === "paragraph" && block.attrs.alternativeTo) expected++;
  });
  expect(alternatives).toBe(expected);

  const organisations = new Set(elements.filter((e) => e.name === "TLCOrganization").map((e) => e.attributes["eId"]));
  const concepts = new Set(elements.filter((e) => e.name === "TLCConcept").map((e) => e.attributes["eId"]));
  const steps = elements.filter((e) => e.name === "step");
  const dated = [...blocks.values()].filter((e) => e.attributes["refersTo"]);
  let statuses = 0;
  document.content.forEach((block) => {
    if (block.attrs.status !== "open") statuses++;
  });
  expect(steps).toHaveLength(statuses);
  expect(dated).toHaveLength(statuses);
  for (const step of steps) {
    const block = blocks.get(step.attributes["accord:about"]!.slice(1));
    expect(block, step.attributes["accord:about"]).toBeDefined();
    expect(step.attributes["refersTo"]).toBe(block!.attributes["refersTo"]);
    expect(concepts.has(step.attributes["refersTo"]!.slice(1))).toBe(true);
    expect(organisations.has(step.attributes["by"]!.slice(1)), step.attributes["by"]).toBe(true);
    expect(step.attributes["date"]).toMatch(/^\d{4}-\d\d-\d\d$/);
    if (step.attributes["accord:statusDate"]) expect(step.attributes["date"]).toBe(step.attributes["accord:statusDate"]);
  }
}

describe("Akoma Ntoso naming, alternatives and workflow", () => {
  const sample = () => importText(readFileSync(new URL("../../../examples/draft-resolution.txt", import.meta.url), "utf8")).document;

  it("the sample draft: paragraphs inside their heading's hcontainer, alternatives and statuses resolved", () => {
    checkConventions(sample());
    const xml = exportAkn(sample());
    expect(xml).toMatch(/<hcontainer eId="hcontainer_1" [^>]*name="heading"><heading>RESOLVES:<\/heading><paragraph eId="hcontainer_1__para_1"/);
    expect(xml).toMatch(/<paragraph eId="hcontainer_1__para_2bisalt" alternativeTo="hcontainer_1__para_2bis"/);
    expect(xml).toMatch(/<step date="2026-11-20" by="#body_csh-1" refersTo="#status-approved" accord:about="#hcontainer_1__para_2"/);
    expect(xml).toContain('<TLCOrganization eId="body_csh-1" href="/ontology/organization/accord/body_csh-1" showAs="CSH"/>');
    expect(xml).toMatch(/<container eId="container_5" refersTo="#status-agreed-informally"/);
    expect(xml).not.toContain("accord:alternativeTo");
    expect(xml).not.toContain("<lifecycle");
  });

  it("generated documents: every status, alternatives, repeated labels (seeded)", () => {
    for (let seed = 1; seed <= 15; seed++) {
      try {
        checkConventions(generateDocument({ seed, paragraphs: 30, proposals: 90 }));
      } catch (error) {
        console.error(`Akoma Ntoso conventions failed for seed ${seed}`);
        throw error;
      }
    }
  });

  it("the check can fail: a paragraph's eId outside its heading's is caught", () => {
    const document = sample();
    const broken = exportAkn(document).replace('eId="hcontainer_1__para_1"', 'eId="para_1"');
    expect(() => {
      const elements = elementsOf(broken);
      const moved = elements.find((e) => e.attributes["eId"] === "para_1")!;
      expect(moved.attributes["eId"]!.startsWith(`${moved.enclosingEid}__`)).toBe(true);
    }).toThrow();
  });
});
