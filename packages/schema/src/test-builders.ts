import { Fragment, type Attrs, type Node } from "prosemirror-model";
import { builders, type MarkBuilder } from "prosemirror-test-builder";
import type { ProposalAttrs, ProposalOp } from "./model/proposal.js";
import { schema } from "./model/schema.js";

// Documents in tests are written as nested builder calls, with `<a>`-style
// position tags in strings (prosemirror-test-builder):
//
//   doc(p({ label: "3." }, "To ensure ", ins("u1 URY", "a"), " crosscutting<a> perspective"))

type Child = Parameters<MarkBuilder>[1];
type Tagged = Node & { tag: Record<string, number> };

const b = builders(schema, {
  p: { nodeType: "paragraph" },
  h: { nodeType: "heading" },
  fn: { nodeType: "footnote" },
  prop: { markType: "proposal" },
});

/** A paragraph: `p({ label: "1.", status: "agreed-informally" }, "text", ...)`. */
export const p = b.p!;
/** A heading. */
export const h = b.h!;
/** Emphasis. */
export const em = b.em!;
/** Strong emphasis. */
export const strong = b.strong!;

/** A footnote atom: `fn({ kind: "reservation", delegation: "ECU", text: "..." })`. */
export function fn(attrs: Attrs): Node {
  return b.fn!(attrs) as Node;
}

function proposalBuilder(op: ProposalOp) {
  return (spec: string | Partial<ProposalAttrs>, ...children: Child[]) => {
    const attrs = typeof spec === "string" ? parseSpec(spec) : spec;
    return b.prop!({ ...attrs, op }, ...children);
  };
}

/** `"u1 URY BRA"` → id `u1`, by `["URY", "BRA"]`. */
function parseSpec(spec: string): Partial<ProposalAttrs> {
  const [id = "", ...by] = spec.trim().split(/\s+/);
  return { id, by };
}

/** A proposed insertion: `ins("u1 URY", "while")` or `ins({ id, by, note, state }, ...)`. */
export const ins = proposalBuilder("insert");
/** A proposed deletion, same arguments as `ins`. */
export const del = proposalBuilder("delete");
/** Untagged bracketed (disputed) text: `brk("b1", "the Work Plan")`. */
export const brk = proposalBuilder("bracket");

/**
 * The document node. Blocks and footnotes without an id get one (`b1`, `b2`, …,
 * `f1`, …) so tests need not spell them out; position tags are kept.
 */
export function doc(...children: Child[]): Tagged {
  const built = b.doc!(...(children as [Child])) as Tagged;
  let blockN = 0;
  let footnoteN = 0;
  const blocks: Node[] = [];
  built.forEach((block) => {
    blockN++;
    const inline: Node[] = [];
    block.forEach((child) => {
      footnoteN += child.type.name === "footnote" ? 1 : 0;
      inline.push(
        child.type.name === "footnote" && !child.attrs.id
          ? child.type.create({ ...child.attrs, id: `f${footnoteN}` })
          : child,
      );
    });
    const attrs = block.attrs.id ? block.attrs : { ...block.attrs, id: `b${blockN}` };
    blocks.push(block.type.create(attrs, Fragment.from(inline)));
  });
  const result = schema.topNodeType.create(null, blocks) as Tagged;
  result.tag = built.tag;
  return result;
}
