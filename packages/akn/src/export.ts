import {
  inlineTree,
  type InlineSegment,
  type NegotiationDocument,
  type ParagraphAttrs,
  type HeadingAttrs,
  type ProposalOp,
} from "@accord/schema";
import { exportMarkupText } from "@accord/text";
import type { Node } from "prosemirror-model";
import { EidAllocator } from "./eids.js";
import { ACCORD_NAMESPACE, AKN_NAMESPACE } from "./namespaces.js";
import { XmlWriter } from "./xml-writer.js";

/** The media type of Akoma Ntoso files. */
export const AKN_MEDIA_TYPE = "application/akn+xml";

// Accord's source of the document, in the proprietary metadata: the marked-up text, which reads back exactly.
const SOURCE_ELEMENT = "accord:markup";

/**
 * Writes the marked-up version of a document as an Akoma Ntoso 3.0 `statement`
 * (what AKN4UN makes of a resolution): FRBR identification from the symbol,
 * title and date; a TLCOrganization per delegation; preambular paragraphs in
 * the preamble, the rest in the main body, each with a stable `eId` and its
 * label as `num`; proposals as `ins`/`del` (a plain bracket as `span`) with
 * their delegations, state, note and id as `accord:` attributes; alternatives
 * with `alternativeTo`; statuses as lifecycle events referenced by `period`;
 * footnotes as `authorialNote`. The proprietary metadata carries the text in
 * Accord's bracket convention, from which `importAkn` reads the document back
 * exactly. Valid against the OASIS schema; never fails.
 */
export function exportAkn(document: NegotiationDocument): string {
  const { content, meta, registry } = document;
  const eids = new EidAllocator();
  const blocks: { node: Node; eId: string }[] = [];
  const byId = new Map<string, string>();
  content.forEach((node, _offset, index) => {
    const label = node.type.name === "paragraph" ? (node.attrs as ParagraphAttrs).label : "";
    const eId = eids.next(node.type.name === "heading" ? "hcontainer" : "para", label, index + 1);
    blocks.push({ node, eId });
    byId.set(node.attrs.id as string, eId);
  });

  const date = meta.date || "1970-01-01";
  const slug = (meta.symbol || meta.title || "draft").normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "draft";
  const work = `/akn/un/statement/resolution/${date}/${slug}`;
  const xml = new XmlWriter();
  xml.start("akomaNtoso", { xmlns: AKN_NAMESPACE, "xmlns:accord": ACCORD_NAMESPACE });
  xml.start("statement", { name: "resolution" });

  xml.start("meta");
  xml.start("identification", { source: "#accord" });
  frbr(xml, "FRBRWork", work, date, "generation", () => xml.empty("FRBRcountry", { value: "un" }));
  frbr(xml, "FRBRExpression", `${work}/eng@${meta.revision ? meta.revision.replace(/[^A-Za-z0-9]+/g, "") : ""}`, date, "generation", () =>
    xml.empty("FRBRlanguage", { language: "eng" }),
  );
  frbr(xml, "FRBRManifestation", `${work}/eng@/main.xml`, date, "generation", () => {});
  xml.end();

  const dated = blocks.filter(({ node }) => node.attrs.status !== "open");
  if (dated.length) {
    xml.start("lifecycle", { source: "#accord" });
    for (const { node, eId } of dated) {
      xml.empty("eventRef", {
        eId: `evt_${eId}`,
        date: (node.attrs.statusDate as string) || date,
        source: "#accord",
        type: "amendment",
        refersTo: `#status-${node.attrs.status as string}`,
        "accord:status": node.attrs.status as string,
        "accord:statusDate": node.attrs.statusDate as string,
        "accord:statusBody": node.attrs.statusBody as string,
      });
    }
    xml.end();
  }

  xml.start("references", { source: "#accord" });
  xml.empty("TLCOrganization", { eId: "accord", href: "/ontology/organization/accord", showAs: "Accord" });
  for (const delegation of registry.entries) {
    xml.empty("TLCOrganization", {
      eId: `dlg_${delegation.code.toLowerCase()}`,
      href: `/ontology/organization/${delegation.code.toLowerCase()}`,
      showAs: delegation.name,
      "accord:code": delegation.code,
      "accord:kind": delegation.kind,
      "accord:tags": delegation.tags.join(" "),
    });
  }
  for (const status of new Set(dated.map(({ node }) => node.attrs.status as string))) {
    xml.empty("TLCConcept", { eId: `status-${status}`, href: `/ontology/concept/accord/status/${status}`, showAs: status });
  }
  xml.end();

  xml.start("proprietary", { source: "#accord" });
  xml.leaf(SOURCE_ELEMENT, {}, exportMarkupText(document));
  xml.end();
  xml.end(); // meta

  xml.start("preface");
  if (meta.title) xml.start("p").leaf("docTitle", {}, meta.title).end();
  if (meta.symbol) xml.start("p").leaf("docNumber", {}, meta.symbol).end();
  if (meta.body) xml.start("p").leaf("docAuthority", {}, meta.body).end();
  if (meta.date) xml.start("p").leaf("docDate", { date: meta.date }, meta.date).end();
  if (!meta.title && !meta.symbol && !meta.body && !meta.date) xml.empty("p");
  xml.end();

  // The preamble runs to the last preambular paragraph, headings and notes before it included, so the body keeps the document's order.
  const lastPreambular = blocks.findLastIndex(({ node }) => node.type.name === "paragraph" && node.attrs.kind === "preambular");
  const preamble = blocks.slice(0, lastPreambular + 1);
  if (preamble.length) {
    xml.start("preamble");
    for (const block of preamble) writeBlock(xml, block, "container", byId);
    xml.end();
  }
  xml.start("mainBody");
  const rest = blocks.slice(lastPreambular + 1);
  if (!rest.length) xml.empty("p");
  for (const block of rest) writeBlock(xml, block, block.node.type.name === "heading" ? "hcontainer" : "paragraph", byId);
  xml.end();

  xml.end(); // statement
  xml.end(); // akomaNtoso
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.toString()}\n`;
}

function frbr(xml: XmlWriter, element: string, uri: string, date: string, dateName: string, extra: () => void): void {
  xml.start(element);
  xml.empty("FRBRthis", { value: `${uri}/!main` });
  xml.empty("FRBRuri", { value: uri });
  xml.empty("FRBRdate", { date, name: dateName });
  xml.empty("FRBRauthor", { href: "#accord" });
  extra();
  xml.end();
}

function writeBlock(xml: XmlWriter, { node, eId }: { node: Node; eId: string }, element: string, byId: Map<string, string>): void {
  const attrs = node.attrs as ParagraphAttrs | HeadingAttrs;
  const paragraph = node.type.name === "paragraph" ? (node.attrs as ParagraphAttrs) : null;
  const alternativeTo = paragraph?.alternativeTo ? byId.get(paragraph.alternativeTo) : undefined;
  const common = {
    eId,
    period: attrs.status !== "open" ? `#evt_${eId}` : undefined,
    "accord:id": attrs.id,
    "accord:kind": paragraph?.kind,
    "accord:proposedBy": paragraph?.proposedBy.join(" "),
    "accord:proposalState": paragraph && paragraph.proposedBy.length ? paragraph.proposalState : undefined,
    "accord:note": paragraph?.note,
    "accord:status": attrs.status !== "open" ? attrs.status : undefined,
    "accord:statusFootnote": attrs.statusFootnote,
  };
  if (element === "container") {
    // A block of the preamble: a container holding one p (containers have no num, so a label opens the text).
    const name = paragraph ? (paragraph.kind === "preambular" ? "preambular" : paragraph.kind) : "heading";
    xml.start("container", { ...common, name, "accord:label": paragraph?.label, "accord:alternativeTo": alternativeTo });
    xml.start("p");
    if (paragraph?.label) xml.text(`${paragraph.label} `);
    writeInline(xml, inlineTree(node), eId);
    xml.end().end();
    return;
  }
  if (element === "hcontainer") {
    xml.start("hcontainer", { ...common, name: "heading" });
    xml.start("heading");
    writeInline(xml, inlineTree(node), eId);
    xml.end().end();
    return;
  }
  xml.start("paragraph", { ...common, "accord:alternativeTo": alternativeTo });
  if (paragraph?.label) xml.leaf("num", {}, paragraph.label);
  xml.start("content").start("p");
  writeInline(xml, inlineTree(node), eId);
  xml.end().end().end();
}

// What a bracket's element says of the text directly in it: `ins` inserts, `del` deletes, `span` neither.
function bracketElement(children: readonly InlineSegment[]): "ins" | "del" | "span" {
  const ops = new Set(children.flatMap((child) => (child.kind === "text" ? [child.op] : [])));
  if (ops.size === 1 && ops.has("insert")) return "ins";
  if (ops.size === 1 && ops.has("delete")) return "del";
  return "span";
}

// Text inside a `span` bracket (a replacement: deleted then inserted text) is wrapped in what it proposes.
function writeText(xml: XmlWriter, text: string, op: ProposalOp | null, enclosing: "ins" | "del" | "span" | null): void {
  if (enclosing === "span" && (op === "insert" || op === "delete")) xml.leaf(op === "insert" ? "ins" : "del", {}, text);
  else xml.text(text);
}

function writeInline(xml: XmlWriter, segments: readonly InlineSegment[], eId: string): void {
  let note = 0;
  const walk = (list: readonly InlineSegment[], enclosing: "ins" | "del" | "span" | null) => {
    for (const segment of list) {
      if (segment.kind === "text") writeText(xml, segment.text, segment.op, enclosing);
      else if (segment.kind === "footnote") {
        note++;
        xml.start("authorialNote", {
          eId: `${eId}__authorialNote_${note}`,
          marker: String(note),
          placement: "bottom",
          "accord:id": segment.attrs.id,
          "accord:kind": segment.attrs.kind,
          "accord:delegation": segment.attrs.delegation,
        });
        xml.leaf("p", {}, segment.attrs.text);
        xml.end();
      } else {
        const { proposal } = segment;
        const element = bracketElement(segment.children);
        xml.start(element, {
          "accord:proposal": proposal.id,
          "accord:op": proposal.op,
          "accord:by": proposal.by.join(" "),
          "accord:state": proposal.state,
          "accord:note": proposal.note,
        });
        walk(segment.children, element);
        xml.end();
      }
    }
  };
  walk(segments, null);
}
