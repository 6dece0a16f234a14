import type { AttributeSpec } from "prosemirror-model";
import { schema } from "./schema.js";
import type { BlockJSON } from "../rules/trust-rule.js";

// y-prosemirror names a mark that may overlap itself `<name>--<hash>`.
const HASHED_MARK = /^(.*)--[a-zA-Z0-9+/=]{8}$/;

/** The mark name a stored formatting key stands for (`proposal--Ab3dE6gh` → `proposal`). */
export function markNameOfKey(key: string): string {
  return HASHED_MARK.exec(key)?.[1] ?? key;
}

/** A JSON object: decoded from an update, or ProseMirror's attributes (made without a prototype). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function unknownKeys(attrs: unknown, spec: { readonly [name: string]: AttributeSpec }, what: string): string | null {
  if (attrs === undefined) return null;
  if (!isPlainObject(attrs)) return `${what} has attributes that are not a plain object`;
  for (const key of Object.keys(attrs)) if (!Object.hasOwn(spec, key)) return `${what} has an unknown attribute “${key.slice(0, 40)}”`;
  return null;
}

function inlineProblem(node: BlockJSON, where: string): string | null {
  if (node.type === "text") {
    if (typeof node.text !== "string") return `${where}: a text node without text`;
    if (node.attrs !== undefined || node.content !== undefined) return `${where}: a text node with attributes or content`;
    for (const mark of node.marks ?? []) {
      const markType = schema.marks[mark.type];
      if (!markType) return `${where}: an unknown mark “${String(mark.type).slice(0, 40)}”`;
      const problem = unknownKeys(mark.attrs, markType.spec.attrs ?? {}, `${where}: a ${mark.type} mark`);
      if (problem) return problem;
    }
    return null;
  }
  if (node.type === "footnote") {
    if (node.content?.length) return `${where}: a footnote with content of its own`;
    if (node.marks?.length) return `${where}: a footnote with marks`;
    return unknownKeys(node.attrs, schema.nodes.footnote!.spec.attrs ?? {}, `${where}: a footnote`);
  }
  return `${where}: “${String(node.type).slice(0, 40)}” cannot stand inside a block`;
}

/**
 * Whether a block, as stored (ProseMirror JSON, marks as y-prosemirror keeps
 * them), is made only of the schema's nodes, marks and attributes: a heading
 * or paragraph of text and footnotes, every attribute and mark known. Node
 * creation drops attributes it does not know, so `checkBlock` alone would let
 * them through unseen. Returns the first problem in words, or null; the
 * values themselves are `checkBlock`'s to validate.
 */
export function blockShapeProblem(block: BlockJSON): string | null {
  const type = block.type === "heading" || block.type === "paragraph" ? schema.nodes[block.type]! : null;
  if (!type) return `“${String(block.type).slice(0, 40)}” cannot stand in the document`;
  if (block.text !== undefined || block.marks?.length) return `a ${block.type} with text or marks of its own`;
  const problem = unknownKeys(block.attrs, type.spec.attrs ?? {}, `a ${block.type}`);
  if (problem) return problem;
  const where = `in a ${block.type}`;
  for (const child of block.content ?? []) {
    const inline = inlineProblem(child, where);
    if (inline) return inline;
  }
  return null;
}
