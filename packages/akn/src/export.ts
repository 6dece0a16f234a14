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
import { XmlWriter, type XmlAttributes } from "./xml-writer.js";

/** The media type of Akoma Ntoso files. */
export const AKN_MEDIA_TYPE = "application/akn+xml";

// Accord's source of the document, in the proprietary metadata: the marked-up text, which reads back exactly.
const SOURCE_ELEMENT = "accord:markup";

/**
 * Writes the marked-up version of a document as an Akoma Ntoso 3.0 `statement`
 * (what AKN4UN makes of a resolution): FRBR identification from the symbol,
 * title and date; a TLCOrganization per delegation and per body that gave a
 * status; preambular paragraphs in the preamble, the rest in the main body,
 * each heading an `hcontainer` holding the paragraphs under it, every element
 * an `eId` after the naming convention (`hcontainer_2__para_3bis`) and a
 * label as `num`; proposals as `ins`/`del` (a plain bracket as `span`) with
 * their delegations, state, note and id as `accord:` attributes; alternatives
 * with AKN's `alternativeTo`; statuses as `workflow` steps (date, the body as
 * `by`, the status as `refersTo`); footnotes as `authorialNote`. The
 * proprietary metadata carries the text in Accord's bracket convention, from
 * which `importAkn` reads the document back exactly. Valid against the OASIS
 * schema; never fails.
 */
export function exportAkn(document: NegotiationDocument): string {
  const { content, meta, registry } = document;
  const date = meta.date || "1970-01-01";
  const slug = (meta.symbol || meta.title || "draft").normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase() || "draft";
  const work = `/akn/un/statement/resolution/${date}/${slug}`;

  const blocks: Node[] = [];
  content.forEach((node) => blocks.push(node));
  // The preamble runs to the last preambular paragraph, headings and notes before it included, so the body keeps the document's order.
  const lastPreambular = blocks.findLastIndex((node) => node.type.name === "paragraph" && node.attrs.kind === "preambular");
  const preamble = blocks.slice(0, lastPreambular + 1);
  const body = blocks.slice(lastPreambular + 1);
  const layout = layOut(preamble, body);
  const byId = new Map(layout.placed.map((placed) => [placed.node.attrs.id as string, placed.eId]));

  const dated = layout.placed.filter(({ node }) => node.attrs.status !== "open");
  const bodies = new Map<string, string>();
  for (const { node } of dated) {
    const name = node.attrs.statusBody as string;
    if (name && !bodies.has(name)) bodies.set(name, uniqueRef(`body_${name}`, bodies.size + 1));
  }

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

  if (dated.length) {
    // A step names no element it is about: accord:about says which block's status it records.
    xml.start("workflow", { source: "#accord" });
    for (const { node, eId } of dated) {
      const body = node.attrs.statusBody as string;
      xml.empty("step", {
        date: (node.attrs.statusDate as string) || date,
        by: `#${body ? bodies.get(body)! : "accord"}`,
        refersTo: `#status-${node.attrs.status as string}`,
        "accord:about": `#${eId}`,
        "accord:status": node.attrs.status as string,
        "accord:statusDate": node.attrs.statusDate as string,
        "accord:statusBody": body,
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
  for (const [name, eId] of bodies) xml.empty("TLCOrganization", { eId, href: `/ontology/organization/accord/${eId}`, showAs: name });
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

  if (layout.preamble.length) {
    xml.start("preamble");
    for (const placed of layout.preamble) writeContainer(xml, placed, byId);
    xml.end();
  }
  xml.start("mainBody");
  if (!layout.body.length) xml.empty("p");
  for (const placed of layout.body) {
    if (placed.node.type.name !== "heading") {
      writeParagraph(xml, placed, byId);
      continue;
    }
    // A heading holds the paragraphs under it, as AKN's hierarchy does; one with none holds an empty content.
    xml.start("hcontainer", { ...blockAttributes(placed, byId), name: "heading" });
    xml.start("heading");
    writeInline(xml, inlineTree(placed.node), placed.eId);
    xml.end();
    if (!placed.children.length) xml.start("content").empty("p").end();
    for (const child of placed.children) writeParagraph(xml, child, byId);
    xml.end();
  }
  xml.end();

  xml.end(); // statement
  xml.end(); // akomaNtoso
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml.toString()}\n`;
}

/** A block with its place in the AKN tree: its eId, and for a heading of the body the paragraphs it holds. */
interface Placed {
  readonly node: Node;
  readonly eId: string;
  readonly children: Placed[];
}

/**
 * Gives each block its eId where it will stand: the preamble's blocks as
 * `container`s, the body's headings as `hcontainer`s with the paragraphs up
 * to the next heading inside them (`hcontainer_2__para_3`), paragraphs before
 * any heading at the top (`para_1`).
 */
function layOut(preamble: readonly Node[], body: readonly Node[]): { preamble: Placed[]; body: Placed[]; placed: Placed[] } {
  const placed: Placed[] = [];
  const place = (node: Node, eId: string): Placed => {
    const block = { node, eId, children: [] };
    placed.push(block);
    return block;
  };
  const inPreamble = new EidAllocator();
  const preambleBlocks = preamble.map((node) => place(node, inPreamble.next("container", labelOf(node))));
  const top = new EidAllocator();
  const bodyBlocks: Placed[] = [];
  let heading: Placed | null = null;
  let inHeading = new EidAllocator();
  for (const node of body) {
    if (node.type.name === "heading") {
      heading = place(node, top.next("hcontainer", ""));
      inHeading = new EidAllocator(heading.eId);
      bodyBlocks.push(heading);
    } else if (heading) heading.children.push(place(node, inHeading.next("para", labelOf(node))));
    else bodyBlocks.push(place(node, top.next("para", labelOf(node))));
  }
  return { preamble: preambleBlocks, body: bodyBlocks, placed };
}

const labelOf = (node: Node): string => (node.type.name === "paragraph" ? (node.attrs as ParagraphAttrs).label : "");

/** An eId for an organisation named in free text (a body such as "CSH"): its letters and digits, else its position. */
function uniqueRef(base: string, position: number): string {
  const cleaned = base.normalize("NFKD").replace(/[^A-Za-z0-9_]/g, "").toLowerCase();
  return cleaned === "body_" ? `body_${position}` : `${cleaned}-${position}`;
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

function blockAttributes({ node, eId }: Placed, byId: Map<string, string>): XmlAttributes {
  const attrs = node.attrs as ParagraphAttrs | HeadingAttrs;
  const paragraph = node.type.name === "paragraph" ? (node.attrs as ParagraphAttrs) : null;
  return {
    eId,
    refersTo: attrs.status !== "open" ? `#status-${attrs.status}` : undefined,
    alternativeTo: paragraph?.alternativeTo ? byId.get(paragraph.alternativeTo) : undefined,
    "accord:id": attrs.id,
    "accord:kind": paragraph?.kind,
    "accord:proposedBy": paragraph?.proposedBy.join(" "),
    "accord:proposalState": paragraph && paragraph.proposedBy.length ? paragraph.proposalState : undefined,
    "accord:note": paragraph?.note,
    "accord:status": attrs.status !== "open" ? attrs.status : undefined,
    "accord:statusFootnote": attrs.statusFootnote,
  };
}

// A block of the preamble: a container holding one p (containers have no num, so a label opens the text).
function writeContainer(xml: XmlWriter, placed: Placed, byId: Map<string, string>): void {
  const paragraph = placed.node.type.name === "paragraph" ? (placed.node.attrs as ParagraphAttrs) : null;
  const name = paragraph ? (paragraph.kind === "preambular" ? "preambular" : paragraph.kind) : "heading";
  xml.start("container", { ...blockAttributes(placed, byId), name, "accord:label": paragraph?.label });
  xml.start("p");
  if (paragraph?.label) xml.text(`${paragraph.label} `);
  writeInline(xml, inlineTree(placed.node), placed.eId);
  xml.end().end();
}

function writeParagraph(xml: XmlWriter, placed: Placed, byId: Map<string, string>): void {
  const label = labelOf(placed.node);
  xml.start("paragraph", blockAttributes(placed, byId));
  if (label) xml.leaf("num", {}, label);
  xml.start("content").start("p");
  writeInline(xml, inlineTree(placed.node), placed.eId);
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
