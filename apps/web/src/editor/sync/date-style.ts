import { YDOC_PARTS } from "@accord/collab";
import { DEFAULT_DATE_STYLE, isDateStyle, type DateStyle } from "@accord/schema";
import type * as Y from "yjs";

/**
 * The document's date style from its Y.Doc (`meta.dateStyle`): how every
 * date the page shows is written. A document made before there was one, not
 * yet synced, or holding a value no style names reads as the default
 * (`MM/DD/YY`). Never fails.
 */
export function dateStyleOf(ydoc: Y.Doc): DateStyle {
  const value = ydoc.getMap<unknown>(YDOC_PARTS.meta).get("dateStyle");
  return isDateStyle(value) ? value : DEFAULT_DATE_STYLE;
}

/** Calls `onChange` with the new style whenever the Y.Doc's date style changes; returns the function that stops it. */
export function watchDateStyle(ydoc: Y.Doc, onChange: (style: DateStyle) => void): () => void {
  const map = ydoc.getMap<unknown>(YDOC_PARTS.meta);
  let last = dateStyleOf(ydoc);
  const observer = () => {
    const style = dateStyleOf(ydoc);
    if (style === last) return;
    last = style;
    onChange(style);
  };
  map.observe(observer);
  return () => map.unobserve(observer);
}
