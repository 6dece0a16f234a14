import { describe, expect, it } from "vitest";
import { writtenSpellings, codesOfWrittenTag, attributionNamesToWrite, nameToWrite, writtenNameToKeep, writtenNamesToKeep, DelegationRegistry, preferredTagList, registryNamed, tagNamesExactly, tagToWrite, writtenTagToKeep } from "@accord/schema";

const oas = DelegationRegistry.default;
const un = registryNamed("un");

describe("a written tag", () => {
  // Invariant: a tag names delegations as the import reads a tag list: the whole of it first, else its spellings one by one.
  it("names the delegations the import would read from it", () => {
    expect(codesOfWrittenTag("Uruguay", oas)).toEqual(["URY"]);
    expect(codesOfWrittenTag("Arg/Brasil", oas)).toEqual(["ARG", "BRA"]);
    expect(codesOfWrittenTag("Uru, Uruguay", oas)).toEqual(["URY"]);
    expect(codesOfWrittenTag("G77 and China", un)).toEqual(["G77"]);
    expect(codesOfWrittenTag("G-77", un)).toEqual(["G77"]);
    expect(codesOfWrittenTag("Xyz", oas)).toBeNull();
    expect(codesOfWrittenTag("Arg, Xyz", oas)).toBeNull();
    expect(codesOfWrittenTag("", oas)).toBeNull();
    expect(codesOfWrittenTag("EU: x", un)).toBeNull();
  });

  // Invariant: the export never writes a tag that says other than the proposal's delegations, in their order (the first is the proposer).
  it("is written only while it names exactly the proposal's delegations, in order", () => {
    expect(tagToWrite({ by: ["URY"], tag: "Uruguay" }, oas)).toBe("Uruguay");
    expect(tagToWrite({ by: ["URY", "ARG"], tag: "Uruguay" }, oas)).toBe("Uru, Arg");
    expect(tagToWrite({ by: ["ARG"], tag: "Uruguay" }, oas)).toBe("Arg");
    expect(tagToWrite({ by: ["BRA", "ARG"], tag: "Arg/Brasil" }, oas)).toBe("Bra, Arg");
    expect(tagToWrite({ by: ["ARG", "BRA"], tag: "Arg/Brasil" }, oas)).toBe("Arg/Brasil");
    expect(tagToWrite({ by: [], tag: "Uruguay" }, oas)).toBe("");
    expect(tagToWrite({ by: ["EU"], tag: "European Union" }, un)).toBe("European Union");
    expect(tagToWrite({ by: ["EU"] }, un)).toBe(preferredTagList(["EU"], un));
    // The registry decides: a tag the document's registry no longer reads as the delegation is not written.
    const renamed = oas.with({ code: "URY", name: "Republic", kind: "state", tags: ["R"] });
    expect(tagNamesExactly("Uruguay", ["URY"], renamed)).toBe(false);
    expect(tagToWrite({ by: ["URY"], tag: "Uruguay" }, renamed)).toBe("R");
  });

  it("is kept by the import only where it differs from the preferred spellings and names the delegations", () => {
    expect(writtenTagToKeep("Uru", ["URY"], oas)).toBe("");
    expect(writtenTagToKeep("URU", ["URY"], oas)).toBe("URU");
    expect(writtenTagToKeep(" Uruguay ", ["URY"], oas)).toBe("Uruguay");
    expect(writtenTagToKeep("Uruguay", ["ARG"], oas)).toBe("");
    expect(writtenTagToKeep("Arg; Bra", ["ARG", "BRA"], oas)).toBe("Arg; Bra");
    expect(writtenTagToKeep("Arg, Bra", ["ARG", "BRA"], oas)).toBe("");
  });

  // Invariant: a delegation is shown in a spelling of its own only where the written tag spells each delegation once, in order.
  it("gives each delegation's spelling where the tag spells each once", () => {
    expect(writtenSpellings("Arg/Brasil", ["ARG", "BRA"], oas)).toEqual(["Arg", "Brasil"]);
    expect(writtenSpellings("G77 and China", ["G77"], un)).toEqual(["G77 and China"]);
    expect(writtenSpellings("Uru, Uruguay", ["URY"], oas)).toBeNull();
    expect(writtenSpellings("Arg/Brasil", ["BRA", "ARG"], oas)).toBeNull();
    expect(writtenSpellings("", ["ARG"], oas)).toBeNull();
  });

  // Invariant: a name of an attribution or a position is written as it came only while it names its delegation, by the same rule as a tag.
  it("rules one name of an attribution or a position alike", () => {
    expect(nameToWrite("EU", "European Union", un)).toBe("European Union");
    expect(nameToWrite("G77", "G77/China", un)).toBe("G77/China");
    expect(nameToWrite("G77", "Group of 77", un)).toBe("Group of 77");
    expect(nameToWrite("EU", undefined, un)).toBe(un.preferredTag("EU"));
    // Another delegation's name, a name the import would not read in a list, or nobody's: the preferred spelling.
    expect(nameToWrite("EU", "United States", un)).toBe(un.preferredTag("EU"));
    expect(nameToWrite("EU", "european union", un)).toBe(un.preferredTag("EU"));
    expect(nameToWrite("EU", "Europa: x", un)).toBe(un.preferredTag("EU"));
    const renamed = oas.with({ code: "URY", name: "Republic", kind: "state", tags: ["R"] });
    expect(nameToWrite("URY", "Uruguay", oas)).toBe("Uruguay");
    expect(nameToWrite("URY", "Uruguay", renamed)).toBe("R");
    expect(writtenNameToKeep(" European Union ", "EU", un)).toBe("European Union");
    expect(writtenNameToKeep(un.preferredTag("EU"), "EU", un)).toBe("");
    expect(writtenNameToKeep("United States", "EU", un)).toBe("");
  });

  // Invariant: proposers named in an attribution are written name by name by that rule, and only a list that reads back as an attribution is.
  it("rules the proposers of an attribution name by name", () => {
    expect(attributionNamesToWrite({ by: ["G77", "MEX"], tag: "G-77, México" }, un)).toBe("G-77, México");
    expect(attributionNamesToWrite({ by: ["G77", "MEX"], tag: "G-77, Argentina" }, un)).toBe(`G-77, ${un.preferredTag("MEX")}`);
    expect(attributionNamesToWrite({ by: ["G77", "MEX"], tag: "G-77" }, un)).toBe(preferredTagList(["G77", "MEX"], un));
    // A tag list of the tag form only (`/`, `;`) is no attribution list: the preferred spellings.
    expect(attributionNamesToWrite({ by: ["ARG", "BRA"], tag: "Arg/Brasil" }, oas)).toBe("Arg, Bra");
    expect(attributionNamesToWrite({ by: ["ARG", "BRA"], tag: "Arg; Brasil" }, oas)).toBe("Arg, Bra");
    expect(writtenNamesToKeep(["G-77", " México"], ["G77", "MEX"], un)).toBe("G-77, México");
    expect(writtenNamesToKeep([un.preferredTag("G77"), un.preferredTag("MEX")], ["G77", "MEX"], un)).toBe("");
    expect(writtenNamesToKeep(["G-77"], ["G77", "MEX"], un)).toBe("");
    expect(writtenNamesToKeep(["G-77", "Argentina"], ["G77", "MEX"], un)).toBe("");
  });
});
