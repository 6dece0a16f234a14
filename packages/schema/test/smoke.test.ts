import { describe, expect, it } from "vitest";
import { doc, p, ins } from "@accord/schema/test-builders";
import { negotiationStats } from "@accord/schema";

describe("smoke", () => {
  it("builds", () => {
    const d = doc(p({ label: "1." }, "To ", ins("u1 URY", "while"), " x"));
    expect(negotiationStats(d).proposals.byDelegation).toEqual({ URY: 1 });
  });
});
