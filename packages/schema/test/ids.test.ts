import { describe, expect, it } from "vitest";
import { SequentialIds, newId } from "@accord/schema";

describe("newId", () => {
  it("makes 12 base-36 characters after the prefix", () => {
    expect(newId()).toMatch(/^[0-9a-z]{12}$/);
    expect(newId("p")).toMatch(/^p[0-9a-z]{12}$/);
  });

  it("does not repeat itself", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
  });
});

describe("SequentialIds", () => {
  it("counts per prefix from 1", () => {
    const ids = new SequentialIds();
    expect([ids.next("p"), ids.next("p"), ids.next("u"), ids.next("p"), ids.next("u")]).toEqual(["p1", "p2", "u1", "p3", "u2"]);
  });

  it("gives the same sequence to every new instance", () => {
    const run = () => {
      const ids = new SequentialIds();
      return [ids.next("f"), ids.next("p"), ids.next("f")];
    };
    expect(run()).toEqual(run());
  });
});
