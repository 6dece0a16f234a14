import { importText } from "@accord/text";
import { exportAkn, importAkn } from "@accord/akn";
import { describe, expect, it } from "vitest";

// The invariant: a file that is not one we can read is refused with a message
// a person can act on (the XML line and column where there is one), never a
// throw; a foreign Akoma Ntoso file keeps all its text.

const AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

describe("Akoma Ntoso files refused", () => {
  it("a DTD (and its entities) is refused, naming where", () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<akomaNtoso xmlns="${AKN}"><statement>&x;</statement></akomaNtoso>`;
    const read = importAkn(xml);
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.message).toMatch(/document type \(DTD\)/);
      expect(read.message).toMatch(/line 2, column \d+/);
      expect(read.message).not.toMatch(/root:/);
    }
  });

  it("malformed XML is refused with its line and column", () => {
    const read = importAkn(`<akomaNtoso xmlns="${AKN}">\n  <statement>\n    <p>open</statement>\n</akomaNtoso>`);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(/not well-formed XML: 3:\d+/);
  });

  it("XML that is not Akoma Ntoso is refused, saying what its root is", () => {
    const read = importAkn(`<html xmlns="http://www.w3.org/1999/xhtml"><p>hello</p></html>`);
    expect(read).toEqual({ ok: false, message: expect.stringMatching(/root element is \{http:\/\/www.w3.org\/1999\/xhtml\}html, not akomaNtoso/) });
    expect(importAkn("just text").ok).toBe(false);
    expect(importAkn("").ok).toBe(false);
  });

  it("a file past the size limit is refused before it is parsed", () => {
    const xml = exportAkn(importText("1. To urge member states.").document);
    const read = importAkn(new TextEncoder().encode(xml), { maxBytes: 100 });
    expect(read).toEqual({ ok: false, message: expect.stringMatching(/is \d+ bytes; an Akoma Ntoso file is read up to 100 bytes/) });
  });
});

describe("foreign Akoma Ntoso read as well as it can be", () => {
  const foreign = `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN}">
  <statement name="resolution">
    <meta><identification source="#x"><FRBRWork><FRBRthis value="/x"/></FRBRWork></identification></meta>
    <preamble><p>RECALLING its earlier resolutions;</p></preamble>
    <mainBody>
      <paragraph eId="para_1"><num>1.</num><content><p>To urge states to share <ins>timely</ins> information<authorialNote marker="1"><p>One delegation reserves.</p></authorialNote>.</p></content></paragraph>
      <paragraph eId="para_2"><num>2.</num><content><p>To request <del>promptly</del> a report &amp; a plan.</p></content></paragraph>
    </mainBody>
  </statement>
</akomaNtoso>`;

  it("keeps every word, each paragraph with its number, ins and del as brackets, notes as footnotes", () => {
    const read = importAkn(foreign);
    if (!read.ok) throw new Error(read.message);
    expect(read.written).toBe("foreign");
    for (const word of ["RECALLING its earlier resolutions;", "1. To urge states to share", "timely", "information", "One delegation reserves.", "2. To request", "promptly", "a report & a plan."]) {
      expect(read.text).toContain(word);
    }
    expect(read.text).toContain("[timely]");
    expect(read.text).toContain("[~~promptly~~]");
    expect(read.document.content.textContent).toContain("a report & a plan.");
    expect(read.document.content.childCount).toBeGreaterThanOrEqual(3);
    const numberOnly = importAkn(`<akomaNtoso xmlns="${AKN}"><statement><mainBody><paragraph><num>7.</num></paragraph></mainBody></statement></akomaNtoso>`);
    expect(numberOnly.ok && numberOnly.text).toBe("7.");
  });
});
