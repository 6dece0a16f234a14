import { inlineTree, optionPathOf, type FootnoteAttrs, type InlineSegment, type NegotiationDocument, type ParagraphAttrs } from "@accord/schema";
import { END_OF_OPTIONS, withOptionLabel, writeOptionBlocks } from "@accord/text";

/**
 * A document as plain text to read, not to re-import: headings and paragraphs
 * separated by blank lines, labels before paragraphs, brackets as `[ ]`
 * without delegation tags, footnote references as `N/` with the footnote
 * texts at the end; an option group still undecided with its labels, as the
 * marked-up text writes them (`Option 1: …`, `Option 2: No text`). Used for
 * the clean version.
 */
export function plainText(document: NegotiationDocument): string {
  const footnotes: FootnoteAttrs[] = [];
  const render = (segments: readonly InlineSegment[]): string => {
    let out = "";
    segments.forEach((s, i) => {
      if (s.kind === "text") out += s.text;
      else if (s.kind === "footnote") {
        footnotes.push(s.attrs);
        out += ` ${footnotes.length}/`;
      } else {
        // The next option of a slash group right after the one before: `[agreed / made]`.
        const previous = segments[i - 1];
        const slash = s.proposal.choice && s.proposal.choiceStyle === "slash" && previous?.kind === "bracket" && previous.proposal.choice === s.proposal.choice;
        out = slash ? `${out.slice(0, -1)} / ${render(s.children)}]` : `${out}[${render(s.children)}]`;
      }
    });
    return out;
  };
  const blocks: string[] = [];
  const options = writeOptionBlocks(
    document.content.children.map((block) => ({ type: block.type.name as "heading" | "paragraph", label: (block.attrs.label as string | undefined) ?? "", path: optionPathOf(block), empty: block.childCount === 0 })),
  );
  document.content.forEach((block, _offset, index) => {
    const option = options[index]!;
    // A text to read, not to re-import: the end of a group needs no line of its own.
    blocks.push(...option.before.filter((line) => line !== END_OF_OPTIONS));
    if (option.noText) {
      blocks.push(option.noText);
      return;
    }
    const text = render(inlineTree(block)).replace(/\s+/g, " ").trim();
    const label = block.type.name === "paragraph" ? (block.attrs as ParagraphAttrs).label : "";
    blocks.push(...withOptionLabel(option, label ? `${label} ${text}` : text));
  });
  const notes = footnotes.map((f, i) => `${i + 1}/ ${f.text}`);
  return `${blocks.join("\n\n")}\n${notes.length ? `\n${notes.join("\n")}\n` : ""}`;
}
