import { Schema, type AttributeSpec, type DOMOutputSpec, type Mark, type Node } from "prosemirror-model";
import { isFootnoteKind } from "./footnote.js";
import { isParagraphKind } from "./paragraph.js";
import { optionDomAttrs, readOptionPathOnce } from "../alternatives/options.js";
import { isWrittenTag } from "../registries/written-forms.js";
import { isChoiceStyle, isProposalOp, isProposalState } from "./proposal.js";
import { parsePositions } from "./positions.js";
import { isParagraphStatus, isStatusDate } from "./status.js";

// Attribute validators throw a RangeError naming the attribute, so that
// `Node.fromJSON` and `Node.check` refuse malformed documents instead of
// carrying them into the editor, the log or an export.

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`Invalid attribute ${name}: ${JSON.stringify(value)} (expected ${expected})`);
}

function stringAttr(name: string, maxLength = 10_000): AttributeSpec {
  return {
    default: "",
    validate(value: unknown) {
      if (typeof value !== "string") fail(name, value, "a string");
      if (value.length > maxLength) fail(name, `${value.slice(0, 20)}…`, `at most ${maxLength} characters`);
    },
  };
}

function enumAttr(name: string, defaultValue: string, check: (v: unknown) => boolean, expected: string): AttributeSpec {
  return {
    default: defaultValue,
    validate(value: unknown) {
      if (!check(value)) fail(name, value, expected);
    },
  };
}

/** The longest paragraph label (`5 bis alt.`). */
export const MAX_LABEL_LENGTH = 40;
/** The longest editorial note or bracket note. */
export const MAX_NOTE_LENGTH = 2_000;
/** The longest footnote text. */
export const MAX_FOOTNOTE_LENGTH = 5_000;
/** The longest name of a body that gave a status ("Permanent Council"). */
export const MAX_BODY_LENGTH = 200;

const DELEGATION_CODE = /^[A-Z0-9][A-Z0-9_-]{0,15}$/;

/** True for a delegation code as the model stores it: `URY`, `WG`, `CHAIR`. */
export function isDelegationCode(value: unknown): value is string {
  return typeof value === "string" && DELEGATION_CODE.test(value);
}

function codesAttr(name: string): AttributeSpec {
  return {
    default: [],
    validate(value: unknown) {
      if (!Array.isArray(value) || !value.every(isDelegationCode)) fail(name, value, "a list of delegation codes");
      // Lists are a few codes long; this runs for every mark of every text node, so no Set.
      for (let i = 1; i < value.length; i++) if (value.indexOf(value[i]!) < i) fail(name, value, "no repeated delegation");
    },
  };
}

function statusAttrs(): Record<string, AttributeSpec> {
  return {
    status: enumAttr("status", "open", isParagraphStatus, "a paragraph status"),
    statusDate: { default: "", validate(v: unknown) { if (!isStatusDate(v)) fail("statusDate", v, "YYYY-MM-DD or empty"); } },
    statusBody: stringAttr("statusBody", MAX_BODY_LENGTH),
    statusFootnote: stringAttr("statusFootnote", MAX_FOOTNOTE_LENGTH),
  };
}

/** A block's place in option blocks (`Option 1:` …, options.ts): "" for none, else its steps as one JSON string, compared as a string. */
const optionPathAttr: AttributeSpec = {
  default: "",
  validate(value: unknown) {
    const read = readOptionPathOnce(value);
    if (typeof read === "string") fail("optionPath", typeof value === "string" ? value.slice(0, 40) : value, read);
  },
};

function dataAttrs(node: Node | Mark): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.attrs)) {
    if (value === "" || (Array.isArray(value) && value.length === 0)) continue;
    out[`data-${key.toLowerCase()}`] = Array.isArray(value) ? value.join(" ") : String(value);
  }
  return out;
}

/** The part of a DOM element that parse rules read; keeps this package free of the DOM library. */
interface AttributeSource {
  getAttribute(name: string): string | null;
}

function readDataAttrs(dom: AttributeSource, spec: Record<string, AttributeSpec>): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  for (const [key, attrSpec] of Object.entries(spec)) {
    const raw = dom.getAttribute(`data-${key.toLowerCase()}`);
    if (raw === null) continue;
    attrs[key] = Array.isArray(attrSpec.default) ? raw.split(/\s+/).filter(Boolean) : raw;
  }
  return attrs;
}

/** A written tag (written-tags.ts), "" by default so older documents stay valid; validated so that it can always be written back in a bracket. */
function writtenTagAttr(name: string): AttributeSpec {
  return {
    default: "",
    validate(value: unknown) {
      if (!isWrittenTag(value)) fail(name, typeof value === "string" ? value.slice(0, 40) : value, "a one-line tag list of at most 79 characters, without brackets, parentheses or a colon");
    },
  };
}

const headingAttrs: Record<string, AttributeSpec> = {
  id: stringAttr("id", 64),
  ...statusAttrs(),
  optionPath: optionPathAttr,
};

const paragraphAttrs: Record<string, AttributeSpec> = {
  id: stringAttr("id", 64),
  label: stringAttr("label", MAX_LABEL_LENGTH),
  kind: enumAttr("kind", "plain", isParagraphKind, "preambular, operative, plain or note"),
  ...statusAttrs(),
  proposedBy: codesAttr("proposedBy"),
  // The tag its whole-paragraph proposal was written with, where it differs from the preferred spellings (written-tags.ts); "" for none.
  proposedTag: writtenTagAttr("proposedTag"),
  proposalState: enumAttr("proposalState", "open", isProposalState, "open, accepted, rejected or withdrawn"),
  alternativeTo: stringAttr("alternativeTo", 64),
  note: stringAttr("note", MAX_NOTE_LENGTH),
  optionPath: optionPathAttr,
};

const proposalAttrs: Record<string, AttributeSpec> = {
  id: stringAttr("id", 64),
  op: enumAttr("op", "bracket", isProposalOp, "insert, delete or bracket"),
  by: codesAttr("by"),
  note: stringAttr("note", MAX_NOTE_LENGTH),
  state: enumAttr("state", "open", isProposalState, "open, accepted, rejected or withdrawn"),
  // A proposal is no option of any group unless it says so: documents from before groups stay valid.
  choice: stringAttr("choice", 64),
  choiceStyle: enumAttr("choiceStyle", "adjacent", isChoiceStyle, "adjacent or slash"),
  // A part of a bracket spanning paragraphs names the first part (spans.ts); "" for none, so older documents stay valid.
  span: stringAttr("span", 64),
  // The tag as written where it differs from the registry's preferred spellings (written-tags.ts); "" for none, so older documents stay valid.
  tag: writtenTagAttr("tag"),
  // Delegations' positions and where the attribution is written (positions.ts); "" costs the key alone in every Yjs marker.
  positions: {
    default: "",
    validate(value: unknown) {
      if (value === "") return;
      const read = parsePositions(value);
      if (typeof read === "string") fail("positions", typeof value === "string" ? `${value.slice(0, 40)}` : value, read);
    },
  },
};

const footnoteAttrs: Record<string, AttributeSpec> = {
  id: stringAttr("id", 64),
  kind: enumAttr("kind", "editorial", isFootnoteKind, "reservation, procedural or editorial"),
  delegation: {
    default: "",
    validate(v: unknown) { if (v !== "" && !isDelegationCode(v)) fail("delegation", v, "a delegation code or empty"); },
  },
  text: stringAttr("text", MAX_FOOTNOTE_LENGTH),
};

/**
 * The one schema of a negotiation text. Every attribute has a default, so a
 * concurrent merge that loses an attribute still yields a valid document.
 *
 * - `doc`: `block+` — headings and paragraphs.
 * - `heading`, `paragraph`: inline content; status attributes on both.
 * - `footnote`: an inline atom (no marks: Yjs cannot carry marks on non-text nodes;
 *   the schema cannot forbid marks on an inline node, so `modelProblems` refuses them).
 * - `proposal`: a mark that does not exclude itself, so brackets nest.
 * - `em`, `strong`: plain emphasis.
 */
export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    heading: {
      group: "block",
      content: "inline*",
      attrs: headingAttrs,
      defining: true,
      toDOM: (node): DOMOutputSpec => ["h2", { ...dataAttrs(node), ...optionDomAttrs(node) }, 0],
      parseDOM: ["h1", "h2", "h3", "h4", "h5", "h6"].map((tag) => ({
        tag,
        getAttrs: (dom: AttributeSource) => readDataAttrs(dom, headingAttrs),
      })),
    },
    paragraph: {
      group: "block",
      content: "inline*",
      attrs: paragraphAttrs,
      toDOM: (node): DOMOutputSpec => ["p", { ...dataAttrs(node), ...optionDomAttrs(node) }, 0],
      parseDOM: [{ tag: "p", getAttrs: (dom: AttributeSource) => readDataAttrs(dom, paragraphAttrs) }],
    },
    text: { group: "inline" },
    footnote: {
      group: "inline",
      inline: true,
      atom: true,
      selectable: true,
      marks: "",
      attrs: footnoteAttrs,
      toDOM: (node): DOMOutputSpec => ["sup", { class: "footnote", ...dataAttrs(node) }],
      parseDOM: [{ tag: "sup.footnote", getAttrs: (dom: AttributeSource) => readDataAttrs(dom, footnoteAttrs) }],
    },
  },
  marks: {
    proposal: {
      attrs: proposalAttrs,
      excludes: "",
      inclusive: false,
      toDOM: (mark): DOMOutputSpec => {
        const tag = mark.attrs.op === "insert" ? "ins" : mark.attrs.op === "delete" ? "del" : "span";
        return [tag, { class: `proposal proposal-${mark.attrs.op}`, ...dataAttrs(mark) }, 0];
      },
      parseDOM: ["ins", "del", "span"].map((tag) => ({
        tag: `${tag}.proposal`,
        getAttrs: (dom: AttributeSource) => readDataAttrs(dom, proposalAttrs),
      })),
    },
    em: {
      attrs: { emphasis: { default: true } },
      toDOM: (): DOMOutputSpec => ["em", 0],
      parseDOM: [{ tag: "em" }, { tag: "i" }],
    },
    strong: {
      attrs: { emphasis: { default: true } },
      toDOM: (): DOMOutputSpec => ["strong", 0],
      parseDOM: [{ tag: "strong" }, { tag: "b" }],
    },
  },
});

/** The node type names of blocks; the editor protects these from being merged away. */
export const BLOCK_NODE_NAMES: readonly string[] = Object.freeze(["heading", "paragraph"]);
