import { describe, expect, it } from "vitest";
import { printedCharacter } from "../../src/editor/input/typed-text.js";

/** A keypress as the browser reports it: `key` and whichever modifiers are given. */
function keypress(key: string, init: Partial<Pick<KeyboardEvent, "ctrlKey" | "altKey" | "metaKey" | "isComposing" | "keyCode">> = {}): KeyboardEvent {
  return { key, ctrlKey: false, altKey: false, metaKey: false, isComposing: false, keyCode: key.charCodeAt(0), ...init } as KeyboardEvent;
}

describe("printedCharacter", () => {
  it("is the character of a key that prints one, letters, punctuation, accents, symbols beyond the BMP", () => {
    for (const key of ["a", "Z", " ", "[", "é", "€", "😀"]) expect(printedCharacter(keypress(key))).toBe(key);
  });

  it("is the character typed with AltGr (Ctrl+Alt) and with Shift-style keys", () => {
    expect(printedCharacter(keypress("@", { ctrlKey: true, altKey: true }))).toBe("@");
  });

  it("is null for shortcuts, named keys, line breaks and control characters", () => {
    expect(printedCharacter(keypress("a", { ctrlKey: true }))).toBeNull();
    expect(printedCharacter(keypress("a", { metaKey: true }))).toBeNull();
    for (const key of ["Enter", "Tab", "Backspace", "Dead", "\r", "\n", "\u0007", "\u007f", ""]) expect(printedCharacter(keypress(key))).toBeNull();
  });

  it("is null while an input method composes (its text comes through the page, as before)", () => {
    expect(printedCharacter(keypress("a", { isComposing: true }))).toBeNull();
    expect(printedCharacter(keypress("a", { keyCode: 229 }))).toBeNull();
  });
});
