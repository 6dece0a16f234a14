import { describe, expect, it } from "vitest";
import {
  DOCUMENT_FORMAT,
  DOCUMENT_FORMAT_VERSION,
  DelegationRegistry,
  EMPTY_META,
  MAX_DOCUMENT_JSON_LENGTH,
  META_FIELDS,
  NegotiationDocument,
  parseDocumentJSON,
  schema,
  type NegotiationDocumentJSON,
  type Result,
} from "@accord/schema";
import { brk, del, doc, fn, h, ins, p } from "@accord/schema/test-builders";

const registry = DelegationRegistry.default.with({ code: "WG", name: "Working Group", kind: "group", tags: ["WG"] });

const meta = {
  title: "Draft Hemispheric Plan of Action",
  symbol: "CSH/GT/DSS-12/12 rev. 2",
  body: "Committee on Hemispheric Security",
  date: "2012-04-19",
  revision: "rev. 2",
  dateStyle: "DD/MM/YYYY" as const,
};

function sample() {
  return doc(
    h({ id: "h1", status: "agreed-informally", statusDate: "2012-04-03", statusBody: "CSH" }, "CHAPTER 2"),
    p(
      { id: "p1", label: "1.", kind: "operative", status: "agreed-ad-referendum", statusFootnote: "Approval is pending" },
      "To ensure ",
      ins("u1 URY", "while"),
      " a ",
      del("r1 URY", "evaluable"),
      ins("r1 URY", "measurable"),
      " perspective",
      fn({ kind: "reservation", delegation: "ECU", text: "The Government of Ecuador reserves its position on this paragraph." }),
    ),
    p({ id: "p2", label: "5 bis", proposedBy: ["PER"], note: "Previously paragraph 4" }, "Instruct ", brk("b1", "the Work Plan")),
    p({ id: "p3", label: "5 bis alt.", proposedBy: ["MEX"], alternativeTo: "p2" }, "Instruct ", ins("w1 WG", "In addition")),
  );
}

function errorOf<T>(result: Result<T>): string {
  if (result.ok) throw new Error("expected a failure");
  return result.message;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected a value, got: ${result.message}`);
  return result.value;
}

describe("NegotiationDocument.create", () => {
  it("holds content, full metadata and the registry", () => {
    const d = NegotiationDocument.create(sample(), { title: "Plan" }, registry);
    expect(d.meta).toEqual({ ...EMPTY_META, title: "Plan" });
    expect(d.registry).toBe(registry);
    expect(d.content.childCount).toBe(4);
    expect(Object.isFrozen(d.meta)).toBe(true);
  });

  it("starts from empty metadata and the OAS registry", () => {
    const d = NegotiationDocument.create(doc(p(ins("u1 URY", "x"))));
    expect(d.meta).toEqual(EMPTY_META);
    expect(d.registry).toBe(DelegationRegistry.default);
    expect(META_FIELDS).toEqual(["title", "symbol", "body", "date", "revision", "dateStyle"]);
    expect(d.meta.dateStyle).toBe("MM/DD/YY");
  });

  it("throws on content that is not a doc", () => {
    expect(() => NegotiationDocument.create(p("x"))).toThrow(/Content must be a doc node/);
  });

  it("throws on content the schema refuses", () => {
    expect(() => NegotiationDocument.create(schema.nodes.doc.create(null, []))).toThrow(RangeError);
  });

  it("throws listing the model's problems", () => {
    expect(() => NegotiationDocument.create(doc(p({ id: "x" }, "a"), p({ id: "x" }, "b")))).toThrow(
      "Invalid negotiation document: paragraph 2 repeats id x",
    );
    // WG is not in the default registry.
    expect(() => NegotiationDocument.create(sample())).toThrow(/delegation WG is not in the registry/);
  });

  it("throws on bad metadata: a bad date or an unknown field", () => {
    expect(() => NegotiationDocument.create(doc(p("x")), { date: "2012-02-30" })).toThrow(/Invalid metadata/);
    expect(() => NegotiationDocument.create(doc(p("x")), { date: "04/19/12" })).toThrow(/Invalid metadata/);
    expect(() => NegotiationDocument.create(doc(p("x")), { colour: "red" } as never)).toThrow(/Invalid metadata/);
    expect(() => NegotiationDocument.create(doc(p("x")), { title: 5 } as never)).toThrow(/Invalid metadata/);
  });
});

describe("changing a document", () => {
  const base = NegotiationDocument.create(sample(), meta, registry);

  it("returns new documents and leaves the original alone", () => {
    const retitled = base.withMeta({ title: "Final" });
    expect(retitled.meta).toEqual({ ...meta, title: "Final" });
    expect(base.meta.title).toBe(meta.title);
    expect(retitled.content).toBe(base.content);

    const shorter = base.withContent(doc(p("only")));
    expect(shorter.content.childCount).toBe(1);
    expect(base.content.childCount).toBe(4);
  });

  it("checks the new content, metadata and registry", () => {
    expect(() => base.withContent(doc(p(ins("u1 XYZ", "x"))))).toThrow(/XYZ is not in the registry/);
    expect(() => base.withMeta({ date: "2012-13-01" })).toThrow(/Invalid metadata/);
    expect(() => base.withRegistry(DelegationRegistry.default)).toThrow(/WG is not in the registry/);
    expect(base.withRegistry(registry.withPreferredTag("URY", "URU")).registry.preferredTag("URY")).toBe("URU");
  });

  it("compares content, metadata and registry", () => {
    const same = NegotiationDocument.create(sample(), meta, registry);
    expect(base.eq(same)).toBe(true);
    expect(base.eq(base.withMeta({ revision: "rev. 3" }))).toBe(false);
    expect(base.eq(base.withRegistry(registry.withPreferredTag("URY", "URU")))).toBe(false);
    expect(base.eq(base.withContent(doc(p("other"))))).toBe(false);
  });
});

describe("the JSON file format", () => {
  const original = NegotiationDocument.create(sample(), meta, registry);

  it("writes the format tag, version, metadata, registry and content", () => {
    const json = original.toJSON();
    expect(Object.keys(json)).toEqual(["format", "version", "meta", "delegations", "content"]);
    expect(json.format).toBe("accord-document");
    expect(json.format).toBe(DOCUMENT_FORMAT);
    expect(json.version).toBe(2);
    expect(json.version).toBe(DOCUMENT_FORMAT_VERSION);
    expect(json.meta).toEqual(meta);
    expect(json.delegations).toHaveLength(36);
    expect(json.delegations.find((d) => d.code === "WG")).toEqual({ code: "WG", name: "Working Group", kind: "group", tags: ["WG"] });
    expect(json.content.type).toBe("doc");
  });

  it("round-trips through JSON text", () => {
    const text = JSON.stringify(original);
    const back = valueOf(parseDocumentJSON(text));
    expect(back.eq(original)).toBe(true);
    expect(back.content.eq(original.content)).toBe(true);
    expect(back.registry.toJSON()).toEqual(original.registry.toJSON());
    expect(JSON.stringify(back)).toBe(text);
  });

  it("round-trips nested proposals, statuses and footnotes", () => {
    const d = NegotiationDocument.create(doc(p({ id: "p1" }, ins("n1 PER", "the ", ins("n2 URY", "and financial"), " aspects"))));
    const back = NegotiationDocument.fromJSON(JSON.parse(JSON.stringify(d)));
    expect(back.content.eq(d.content)).toBe(true);
    expect(back.content.firstChild!.child(1).marks.map((m) => m.attrs.id).sort()).toEqual(["n1", "n2"]);
  });

  it("keeps a registry changed by the document", () => {
    const d = original.withRegistry(registry.withPreferredTag("URY", "URU"));
    expect(valueOf(parseDocumentJSON(JSON.stringify(d))).registry.preferredTag("URY")).toBe("URU");
  });
});

describe("parseDocumentJSON", () => {
  const good = (): NegotiationDocumentJSON => NegotiationDocument.create(sample(), meta, registry).toJSON();
  const parse = (json: unknown) => parseDocumentJSON(JSON.stringify(json));

  it("returns a message for text that is not JSON", () => {
    expect(errorOf(parseDocumentJSON("{ not json"))).toMatch(/^not valid JSON: /);
    expect(errorOf(parseDocumentJSON(""))).toMatch(/^not valid JSON/);
  });

  it("returns a message for a wrong format tag or version", () => {
    expect(errorOf(parse({ ...good(), format: "prosemirror" }))).toMatch(/^Not an Accord document/);
    expect(errorOf(parse({ ...good(), format: undefined }))).toMatch(/format/);
    expect(errorOf(parse({ ...good(), version: 3 }))).toMatch(/version/);
    expect(errorOf(parse([]))).toMatch(/^Not an Accord document/);
    expect(errorOf(parse(null))).toMatch(/^Not an Accord document/);
  });

  // Version 1 files, written before documents had a date style, are still read: in the default style.
  it("reads a version 1 file (no date style) in the default style, and writes it back as version 2", () => {
    const { dateStyle: _style, ...v1meta } = meta;
    const read = valueOf(parse({ ...good(), version: 1, meta: v1meta }));
    expect(read.meta).toEqual({ ...v1meta, dateStyle: "MM/DD/YY" });
    expect(read.toJSON().version).toBe(2);
    expect(errorOf(parse({ ...good(), version: 1 }))).toMatch(/dateStyle/);
  });

  it("refuses a date style it does not know, naming the styles it knows", () => {
    expect(errorOf(parse({ ...good(), meta: { ...meta, dateStyle: "dd.mm.yy" } }))).toMatch(/a date style: one of “MM\/DD\/YY”[^]*“D Month YYYY”[^]*meta\.dateStyle/);
    expect(errorOf(parse({ ...good(), meta: { ...meta, dateStyle: undefined } }))).toMatch(/dateStyle/);
  });

  it("returns a message for unknown top-level fields and bad metadata", () => {
    expect(errorOf(parse({ ...good(), extra: 1 }))).toMatch(/extra/);
    expect(errorOf(parse({ ...good(), meta: { ...meta, date: "2012-02-30" } }))).toMatch(/date/);
    expect(errorOf(parse({ ...good(), meta: { title: "only a title" } }))).toMatch(/Not an Accord document/);
  });

  it("returns a message for a bad registry", () => {
    expect(errorOf(parse({ ...good(), delegations: [{ code: "uru", name: "Uruguay", kind: "state", tags: [] }] }))).toMatch(/code/);
    const twice = good().delegations;
    expect(errorOf(parse({ ...good(), delegations: [...twice, twice[0]] }))).toMatch(/ATG listed twice/);
  });

  it("returns a message for content the schema refuses", () => {
    const badStatus = good();
    (badStatus.content as { content: { attrs: Record<string, unknown> }[] }).content[1]!.attrs.status = "agreed";
    expect(errorOf(parse(badStatus))).toMatch(/Invalid attribute status: "agreed"/);

    const badDate = good();
    (badDate.content as { content: { attrs: Record<string, unknown> }[] }).content[1]!.attrs.statusDate = "2012-02-30";
    expect(errorOf(parse(badDate))).toMatch(/statusDate/);

    expect(errorOf(parse({ ...good(), content: { type: "doc", content: [] } }))).toMatch(/Invalid content for node doc/);
    expect(errorOf(parse({ ...good(), content: { type: "table" } }))).toMatch(/table/);
    expect(errorOf(parse({ ...good(), content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "" }] }] } }))).toMatch(/Empty text nodes/);
    expect(errorOf(parse({ ...good(), content: { type: "doc", content: "paragraphs" } }))).toMatch(/Fragment/);
    expect(errorOf(parse({ ...good(), content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "paragraph" }] }] } }))).toMatch(
      /Invalid content for node paragraph/,
    );
    expect(
      errorOf(parse({ ...good(), content: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a", marks: [{ type: "bold" }] }] }] } })),
    ).toMatch(/no mark type bold/);
    expect(
      errorOf(
        parse({
          ...good(),
          content: {
            type: "doc",
            content: [{ type: "paragraph", attrs: { id: "p1" }, content: [{ type: "text", text: "x", marks: [{ type: "proposal", attrs: { id: "u1", by: ["Uru"] } }] }] }],
          },
        }),
      ),
    ).toMatch(/Invalid attribute by/);
  });

  it("returns a message for content that breaks the model's rules", () => {
    const unknownCode = { ...good(), delegations: DelegationRegistry.default.toJSON() }; // WG is used but not registered
    expect(errorOf(parse(unknownCode))).toMatch(/Invalid negotiation document: .*delegation WG is not in the registry/);

    const markedFootnote = good();
    const para = (markedFootnote.content as { content: { content: { type: string; marks?: unknown[] }[] }[] }).content[1]!;
    para.content.find((c) => c.type === "footnote")!.marks = [{ type: "em" }];
    expect(errorOf(parse(markedFootnote))).toMatch(/carries marks/);
  });

  it("returns a message for a file that is too large, without reading it", () => {
    const message = errorOf(parseDocumentJSON(" ".repeat(MAX_DOCUMENT_JSON_LENGTH + 1)));
    expect(message).toMatch(/too large/);
  });
});
