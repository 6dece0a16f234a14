import { describe, expect, it } from "vitest";
import { DelegationRegistry, describeTagProblem, OAS_MEMBER_STATES, tagKey, type Delegation, type TagResolution } from "@accord/schema";

const registry = DelegationRegistry.default;

/** The code a tag resolves to, or the failure as `reason: CODE,CODE`. */
function resolved(r: DelegationRegistry, tag: string): string {
  const res: TagResolution = r.resolveTag(tag);
  return res.ok ? res.delegation.code : `${res.reason}: ${res.candidates.map((c) => c.code).sort().join(",")}`;
}

const workingGroup: Delegation = { code: "WG", name: "Working Group", kind: "group", tags: [] };

describe("the OAS member states", () => {
  it("are exactly the 35 states, coded by ISO 3166-1 alpha-3", () => {
    expect(OAS_MEMBER_STATES).toHaveLength(35);
    expect(registry.entries).toHaveLength(35);
    const codes = OAS_MEMBER_STATES.map((s) => s.code);
    expect(new Set(codes).size).toBe(35);
    for (const code of codes) expect(code).toMatch(/^[A-Z]{3}$/);
    expect([...codes].sort()).toEqual(
      [
        "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "CUB", "DMA", "DOM", "ECU", "SLV",
        "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC", "PAN", "PRY", "PER", "KNA", "LCA", "VCT", "SUR", "TTO",
        "USA", "URY", "VEN",
      ].sort(),
    );
  });

  it("are states with a name and at least one tag, and frozen", () => {
    for (const s of OAS_MEMBER_STATES) {
      expect(s.kind).toBe("state");
      expect(s.name.trim()).not.toBe("");
      expect(s.tags.length).toBeGreaterThan(0);
      expect(Object.isFrozen(s) && Object.isFrozen(s.tags)).toBe(true);
    }
    expect(Object.isFrozen(OAS_MEMBER_STATES)).toBe(true);
    expect(registry.get("URY")).toMatchObject({ name: "Uruguay", tags: ["Uru", "Uruguay"] });
  });

  it("resolve each of their own names and tags to themselves", () => {
    for (const s of OAS_MEMBER_STATES) {
      for (const tag of [s.name, ...s.tags]) expect(resolved(registry, tag), `${s.code}: ${tag}`).toBe(s.code);
    }
  });
});

describe("tagKey", () => {
  it("folds case, accents, dots and spacing", () => {
    expect(tagKey("URU")).toBe("uru");
    expect(tagKey(" Uru. ")).toBe("uru");
    expect(tagKey("EE.UU.")).toBe("ee uu");
    expect(tagKey("Perú")).toBe(tagKey("peru"));
    expect(tagKey("República  Dominicana")).toBe("republica dominicana");
  });
});

describe("resolveTag", () => {
  it("resolves bracket tags in any case or spelling", () => {
    expect(resolved(registry, "Uru")).toBe("URY");
    expect(resolved(registry, "URU")).toBe("URY");
    expect(resolved(registry, "uruguay")).toBe("URY");
    expect(resolved(registry, "Uru.")).toBe("URY");
    expect(resolved(registry, "Barb")).toBe("BRB");
    expect(resolved(registry, "Ven")).toBe("VEN");
    expect(resolved(registry, "PER")).toBe("PER");
    expect(resolved(registry, "Perú")).toBe("PER");
    expect(resolved(registry, "MEX")).toBe("MEX");
    expect(resolved(registry, "EE.UU.")).toBe("USA");
    expect(resolved(registry, "St Lucia")).toBe("LCA");
    expect(resolved(registry, "república dominicana")).toBe("DOM");
  });

  it("resolves an unambiguous prefix of three letters or more", () => {
    expect(resolved(registry, "Guat")).toBe("GTM");
    expect(resolved(registry, "Guatem")).toBe("GTM");
    expect(resolved(registry, "Venez")).toBe("VEN");
    expect(resolved(registry, "Argent")).toBe("ARG");
    expect(resolved(registry, "Trin")).toBe("TTO");
    expect(resolved(registry, "Hondu")).toBe("HND");
  });

  it("resolves ISO codes of states and codes of groups", () => {
    expect(resolved(registry, "URY")).toBe("URY");
    expect(resolved(registry, "ury")).toBe("URY");
    expect(resolved(registry, "GTM")).toBe("GTM");
    expect(resolved(registry, "VCT")).toBe("VCT");
    expect(resolved(registry.with(workingGroup), "WG")).toBe("WG");
    expect(resolved(registry.with(workingGroup), "working group")).toBe("WG");
  });

  it("refuses Dom as ambiguous between Dominica and the Dominican Republic", () => {
    const res = registry.resolveTag("Dom");
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.reason).toBe("ambiguous");
    expect(res.candidates.map((c) => c.code).sort()).toEqual(["DMA", "DOM"]);
    // Written as the Dominican Republic's ISO code it is just as unclear in a bracket.
    expect(resolved(registry, "DOM")).toBe("ambiguous: DMA,DOM");
    // Their own tags are not ambiguous.
    expect(resolved(registry, "Dmca")).toBe("DMA");
    expect(resolved(registry, "DR")).toBe("DOM");
    expect(resolved(registry, "DomRep")).toBe("DOM");
  });

  it("refuses other ambiguous prefixes with their candidates", () => {
    expect(resolved(registry, "Saint")).toBe("ambiguous: KNA,LCA,VCT");
    expect(resolved(registry, "Gu")).toBe("unknown: "); // too short to be a prefix
  });

  it("refuses unknown tags with no candidates", () => {
    const res = registry.resolveTag("Xyz");
    expect(res).toEqual({ ok: false, reason: "unknown", candidates: [] });
    expect(resolved(registry, "")).toBe("unknown: ");
    expect(resolved(registry, " . ")).toBe("unknown: ");
    expect(resolved(registry, "Spain")).toBe("unknown: ");
  });
});

describe("find", () => {
  /** What find makes of `typed`: the code, or the sentence describing the problem. */
  const found = (r: DelegationRegistry, typed: string): string => {
    const res = r.find(typed);
    return res.ok ? res.delegation.code : describeTagProblem(typed, res);
  };

  it("takes a registered code as it is, before reading it as a tag", () => {
    expect(found(registry, "URY")).toBe("URY");
    // As a tag DOM is ambiguous (Dominica?); as a code it is the Dominican Republic.
    expect(resolved(registry, "DOM")).toBe("ambiguous: DMA,DOM");
    expect(found(registry, "DOM")).toBe("DOM");
    expect(registry.find("DOM")).toEqual({ ok: true, delegation: registry.get("DOM") });
    expect(found(registry.with(workingGroup), "WG")).toBe("WG");
  });

  it("otherwise resolves it as resolveTag does: tags, names, prefixes, in any case", () => {
    for (const typed of ["Uru", "uruguay", "ury", "Venez", "EE.UU.", "Dom", "Saint", "Xyz", ""]) {
      expect(registry.find(typed), typed).toEqual(registry.resolveTag(typed));
    }
    expect(found(registry, "uruguay")).toBe("URY");
    expect(found(registry.with(workingGroup), "working group")).toBe("WG");
  });

  it("describes an ambiguous delegation with its candidates, and asks for the code", () => {
    expect(found(registry, "Dom")).toBe("delegation 'Dom' is ambiguous: it could be Dominican Republic (DOM), Dominica (DMA); give the code");
    expect(found(registry, "Saint")).toBe(
      "delegation 'Saint' is ambiguous: it could be Saint Kitts and Nevis (KNA), Saint Lucia (LCA), Saint Vincent and the Grenadines (VCT); give the code",
    );
  });

  it("describes an unknown delegation as not in the registry", () => {
    expect(found(registry, "Narnia")).toBe("unknown delegation 'Narnia': it is not in this document's registry");
    expect(found(registry, "WG")).toBe("unknown delegation 'WG': it is not in this document's registry");
    expect(describeTagProblem("Gu", { ok: false, reason: "unknown", candidates: [] })).toBe("unknown delegation 'Gu': it is not in this document's registry");
  });
});

describe("namedIn", () => {
  it("finds the delegation named in a reservation", () => {
    expect(registry.namedIn("The Government of Ecuador reserves its position on this paragraph.").map((d) => d.code)).toEqual(["ECU"]);
  });

  it("lists delegations in order of first mention, by name or long tag", () => {
    const text = "Brazil is opposed; Peru requests inclusion; the Bahamas and Trinidad agree; Brasil again.";
    expect(registry.namedIn(text).map((d) => d.code)).toEqual(["BRA", "PER", "BHS", "TTO"]);
    expect(registry.namedIn("Perú y México").map((d) => d.code)).toEqual(["PER", "MEX"]);
  });

  it("matches whole words only", () => {
    expect(registry.namedIn("The Government of the Dominican Republic offers to host").map((d) => d.code)).toEqual(["DOM"]);
    expect(registry.namedIn("Perhaps the Chair will canvass views").map((d) => d.code)).toEqual([]);
    expect(registry.namedIn("the Consensus of Santo Domingo; Port of Spain").map((d) => d.code)).toEqual([]);
  });

  it("ignores short tags in running text", () => {
    // "Uru", "Per", "US" are bracket tags, not words people write in prose.
    expect(registry.namedIn("per US practice, Uru proposes").map((d) => d.code)).toEqual([]);
  });
});

describe("codeFor", () => {
  it("makes a code from the initials of a multi-word name", () => {
    expect(registry.codeFor("Working Group")).toBe("WG");
    expect(registry.codeFor("Grupo de Trabajo")).toBe("GT");
    expect(registry.codeFor("The Friends of the Chair")).toBe("FC");
  });

  it("uses a single word itself", () => {
    expect(registry.codeFor("Chair")).toBe("CHAIR");
    expect(registry.codeFor("Secretaría")).toBe("SECRETARIA");
  });

  it("stays unique against the registry", () => {
    const withWG = registry.with(workingGroup);
    expect(withWG.codeFor("Working Group")).toBe("WG2");
    expect(withWG.with({ ...workingGroup, code: "WG2" }).codeFor("Working Group")).toBe("WG3");
    // Initials that happen to be a state's code.
    expect(registry.codeFor("Comité Andino Nacional")).toBe("CAN2");
  });

  it("always returns a valid code that can be registered", () => {
    for (const name of ["Working Group", "", "the", "  ", "Grupo de los 77", "Caribbean Community (CARICOM)"]) {
      const code = registry.codeFor(name);
      expect(() => registry.with({ code, name: name.trim() || "Unnamed", kind: "group", tags: [] }), name).not.toThrow();
    }
  });
});

describe("building and changing a registry", () => {
  it("refuses malformed entries", () => {
    expect(() => DelegationRegistry.of([{ ...workingGroup, code: "wg" }])).toThrow(/Invalid delegation code/);
    expect(() => DelegationRegistry.of([workingGroup, workingGroup])).toThrow(/listed twice/);
    expect(() => DelegationRegistry.of([{ ...workingGroup, name: "  " }])).toThrow(/has no name/);
    expect(() => DelegationRegistry.of([{ ...workingGroup, kind: "club" as never }])).toThrow(/has kind club/);
  });

  it("adds an entry at the end and replaces one in place", () => {
    const added = registry.with(workingGroup);
    expect(added.entries).toHaveLength(36);
    expect(added.entries[35]!.code).toBe("WG");
    expect(registry.entries).toHaveLength(35); // the original is untouched
    expect(registry.get("WG")).toBeUndefined();

    const renamed = added.with({ ...workingGroup, name: "Working Group on the Plan" });
    expect(renamed.entries).toHaveLength(36);
    expect(renamed.get("WG")!.name).toBe("Working Group on the Plan");

    const uruIndex = registry.entries.findIndex((e) => e.code === "URY");
    const uru = registry.with({ ...registry.get("URY")!, tags: ["URU"] });
    expect(uru.entries.findIndex((e) => e.code === "URY")).toBe(uruIndex);
    expect(() => registry.with({ ...workingGroup, code: "" })).toThrow(RangeError);
  });

  it("gives the preferred tag, else the code", () => {
    expect(registry.preferredTag("URY")).toBe("Uru");
    expect(registry.preferredTag("USA")).toBe("US");
    expect(registry.with(workingGroup).preferredTag("WG")).toBe("WG");
    expect(registry.preferredTag("ZZZ")).toBe("ZZZ");
  });

  it("sets the preferred tag to the spelling the document uses", () => {
    const upper = registry.withPreferredTag("URY", "URU");
    expect(upper.preferredTag("URY")).toBe("URU");
    expect(resolved(upper, "Uru")).toBe("URY");
    expect(registry.preferredTag("URY")).toBe("Uru");

    const spelledOut = registry.withPreferredTag("URY", "Uruguay");
    expect(spelledOut.get("URY")!.tags).toEqual(["Uruguay", "Uru"]);

    const newTag = registry.withPreferredTag("PER", "PERU");
    expect(newTag.preferredTag("PER")).toBe("PERU");
    expect(newTag.get("PER")!.tags).toEqual(["PERU", "Per", "Perú"]);
  });

  it("returns the same registry when the preferred tag is already that spelling", () => {
    expect(registry.withPreferredTag("URY", "Uru")).toBe(registry);
  });

  it("refuses a preferred tag for an unknown code", () => {
    expect(() => registry.withPreferredTag("ZZZ", "Zed")).toThrow(/No delegation ZZZ/);
  });

  it("writes plain JSON that builds the same registry", () => {
    const r = registry.with(workingGroup).withPreferredTag("URY", "URU");
    const json = JSON.parse(JSON.stringify(r.toJSON())) as Delegation[];
    expect(json[0]).toEqual({ code: "ATG", name: "Antigua and Barbuda", kind: "state", tags: ["Ant", "A&B", "AnB", "Antigua"] });
    expect(DelegationRegistry.of(json).toJSON()).toEqual(r.toJSON());
  });
});
