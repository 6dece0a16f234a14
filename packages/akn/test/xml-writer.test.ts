import { escapeXml, XmlWriter } from "@accord/akn";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";

// The invariant: whatever text and attribute values are written, the XML is
// well-formed and a parser reads back exactly the text written (less the
// characters XML 1.0 cannot hold at all).

function parse(xml: string): { text: string; attribute: string | undefined } {
  const parser = new SaxesParser();
  let text = "";
  let attribute: string | undefined;
  parser.on("text", (value) => (text += value));
  parser.on("opentag", (tag) => {
    if (tag.name === "a") attribute = tag.attributes["value"] as string;
  });
  parser.on("error", (error) => {
    throw error;
  });
  parser.write(xml).close();
  return { text, attribute };
}

// A small seeded generator (mulberry32), so a failing seed can be replayed.
function random(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ["<", ">", "&", '"', "'", "\n", "\r", "\t", "\u0000", "\u0001", "]]>", "&amp;", "é", "💬", "a", " ", "\uFFFE"];

describe("XmlWriter", () => {
  it("escapes markup characters in text and attributes", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;'");
    const xml = new XmlWriter().start("root").leaf("a", { value: 'x"<&\n' }, "1 < 2 && ]]>").end().toString();
    expect(parse(xml)).toEqual({ text: "1 < 2 && ]]>", attribute: 'x"<&\n' });
  });

  it("reads back any text exactly, less what XML cannot hold (seeded fuzz)", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      let value = "";
      for (let k = Math.floor(next() * 30); k > 0; k--) value += ALPHABET[Math.floor(next() * ALPHABET.length)];
      const expected = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "");
      const xml = new XmlWriter().start("root").leaf("a", { value }, value).end().toString();
      const read = parse(xml);
      expect(read.text, `seed ${seed}`).toBe(expected);
      expect(read.attribute ?? "", `seed ${seed}`).toBe(expected);
    }
  });

  it("refuses names that are not XML names and unbalanced documents (a caller's bug)", () => {
    expect(() => new XmlWriter().start("a b")).toThrow(RangeError);
    expect(() => new XmlWriter().empty("x", { 'on"x': "1" })).toThrow(RangeError);
    expect(() => new XmlWriter().start("a").toString()).toThrow(/still open/);
    expect(() => new XmlWriter().end()).toThrow(RangeError);
  });
});
