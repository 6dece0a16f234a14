import { DelegationRegistry, labelKey, registryBase, registryNamed, UN_DELEGATIONS, UN_MEMBER_STATE_COUNT } from "@accord/schema";
import { describe, expect, it } from "vitest";

describe("the UN registry", () => {
  const un = registryNamed("un");

  it("lists the 193 member states and 2 observer states by ISO alpha-3, the EU and the negotiating groups", () => {
    const states = UN_DELEGATIONS.filter((d) => d.kind === "state");
    expect(UN_MEMBER_STATE_COUNT).toBe(193);
    expect(states).toHaveLength(195);
    expect(states.every((d) => /^[A-Z]{3}$/.test(d.code))).toBe(true);
    expect(new Set(UN_DELEGATIONS.map((d) => d.code)).size).toBe(UN_DELEGATIONS.length);
    expect(un.get("VAT")?.name).toBe("Holy See");
    expect(un.get("PSE")?.name).toBe("State of Palestine");
    // Every OAS member state is a UN member state under the same code.
    for (const oas of DelegationRegistry.default.entries) expect(un.get(oas.code), oas.code).toBeDefined();
  });

  it("reads the spellings drafts use", () => {
    const codeOf = (tag: string) => {
      const found = un.resolveTag(tag);
      return found.ok ? found.delegation.code : found.reason;
    };
    const expected: Record<string, string> = {
      US: "USA", "United States": "USA", UK: "GBR", Russia: "RUS", "Russian Federation": "RUS", EU: "EU",
      G77: "G77", "G-77/China": "G77", "G77 and China": "G77", "Group of 77": "G77", AOSIS: "AOSIS", LDCs: "LDC",
      "African Group": "AGN", AGN: "AGN", LMDC: "LMDC", AILAC: "AILAC", ALBA: "ALBA", "Arab Group": "ARAB", BASIC: "BASIC",
      "Umbrella Group": "UG", EIG: "EIG", CANZ: "CANZ", JUSSCANNZ: "JUSSCANNZ", Iran: "IRN", Türkiye: "TUR", Turkey: "TUR",
      "Viet Nam": "VNM", "Côte d'Ivoire": "CIV", Uru: "URY", Arg: "ARG",
      // OAS short tags that begin another UN state's name are not taken for the OAS state here.
      Bel: "ambiguous", Chi: "ambiguous", "Climate forcers": "unknown",
    };
    expect(Object.fromEntries(Object.keys(expected).map((tag) => [tag, codeOf(tag)]))).toEqual(expected);
  });

  it("knows which registry a document's delegations were built on", () => {
    expect(registryBase(un)).toBe("un");
    expect(registryBase(un.with({ code: "WG", name: "Working Group", kind: "group", tags: ["WG"] }))).toBe("un");
    expect(registryBase(DelegationRegistry.default)).toBe("oas");
    expect(registryBase(DelegationRegistry.default.with({ code: "G77", name: "Group of 77", kind: "group", tags: ["G77"] }))).toBe("oas");
  });
});

describe("labelKey", () => {
  it("compares labels as negotiators mean them", () => {
    expect(labelKey("5 bis.")).toBe(labelKey("5bis"));
    expect(labelKey("(5 bis)")).toBe(labelKey("5bis"));
    expect(labelKey("2.bis")).toBe(labelKey("2bis"));
    expect(labelKey("OP3 ter")).toBe(labelKey("op3ter"));
    expect(labelKey("1bis")).toBe(labelKey("1bis."));
    expect(labelKey("3.3bis")).not.toBe(labelKey("33bis"));
    expect(labelKey("3.3.")).toBe("3.3");
    expect(labelKey("PP1")).not.toBe(labelKey("OP1"));
  });
});
