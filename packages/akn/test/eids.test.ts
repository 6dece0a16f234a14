import { describe, expect, it } from "vitest";
import { EidAllocator } from "../src/eids.js";

// eIds are unique within their context and the same for the same document:
// a repeated label takes the next free suffix, whatever else was named between.

describe("EidAllocator", () => {
  it("numbers a repeated label with suffixes from 2, each id once, with other names between", () => {
    const eids = new EidAllocator("body");
    const ids = [eids.next("container", "Option 1"), eids.next("para", "1"), eids.next("container", "Option 1"), eids.next("container", "Option 2"), eids.next("container", "Option 1")];
    expect(ids).toEqual(["body__container_option1", "body__para_1", "body__container_option1-2", "body__container_option2", "body__container_option1-3"]);
  });

  it("skips a suffix a label already took as its own text, and never gives an id twice", () => {
    const eids = new EidAllocator();
    const ids = [eids.next("para", "2"), eids.next("para", "2-2"), eids.next("para", "2"), eids.next("para", "2")];
    // "2-2" reads as `para_22`: no clash; the repeats of "2" take -2 and -3.
    expect(ids).toEqual(["para_2", "para_22", "para_2-2", "para_2-3"]);
    const many = Array.from({ length: 5_000 }, () => eids.next("container", "Option 1"));
    expect(new Set(many).size).toBe(5_000);
    expect(many.at(-1)).toBe("container_option1-5000");
  });

  it("numbers elements without a label by their ordinal among their name", () => {
    const eids = new EidAllocator();
    expect([eids.next("para", ""), eids.next("para", ""), eids.next("hcontainer", "")]).toEqual(["para_1", "para_2", "hcontainer_1"]);
  });
});
