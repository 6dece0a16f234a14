import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { placementOf, YDOC_PARTS } from "../src/index.js";

// placementOf: the one walk from a changed Y type to where it stands in a
// negotiation's Y.Doc, which the server's update check and the live reading share.
describe("placementOf", () => {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment(YDOC_PARTS.content);
  const meta = doc.getMap(YDOC_PARTS.meta);
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText("To welcome");
  const footnote = new Y.XmlElement("footnote");
  const footnoteText = new Y.XmlText("A note.");
  const stray = new Y.XmlText("text with no block");
  footnote.insert(0, [footnoteText]);
  paragraph.insert(0, [text, footnote]);
  fragment.insert(0, [paragraph, stray]);
  const nested = new Y.Map<string>();
  meta.set("nested", nested);

  it("finds the top-level block of anything inside it, however deep", () => {
    const expected = { in: "block", block: paragraph };
    expect(placementOf(paragraph, fragment)).toEqual(expected);
    expect(placementOf(text, fragment)).toEqual(expected);
    expect(placementOf(footnote, fragment)).toEqual(expected);
    expect(placementOf(footnoteText, fragment)).toEqual(expected);
  });

  it("places the fragment itself and a child that is not a block in the content", () => {
    expect(placementOf(fragment, fragment)).toEqual({ in: "content" });
    expect(placementOf(stray, fragment)).toEqual({ in: "content" });
  });

  it("names the top-level type of what lies outside the content", () => {
    expect(placementOf(meta, fragment)).toEqual({ in: "other", root: meta });
    const placement = placementOf(nested, fragment);
    expect(placement.in === "other" && placement.root === meta).toBe(true);
  });
});
