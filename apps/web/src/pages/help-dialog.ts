import type { Role } from "../api.js";
import type { Shortcut as EditorShortcut } from "../editor/input/shortcuts.js";
import { h } from "../panels/dom.js";

/** A keyboard shortcut as the help lists it: its keys in ProseMirror's notation ("Mod-Shift-a"), any of which works, and the action in words. */
export interface Shortcut {
  readonly keys: readonly string[];
  readonly action: string;
}

/** The page's own shortcuts, listed after the editor's. */
export const PAGE_SHORTCUTS: readonly Shortcut[] = Object.freeze([{ keys: ["Mod-/"], action: "Show the keyboard shortcuts" }]);

/** The editor's shortcuts that this role has, as the help lists them. */
export function shortcutsFor(shortcuts: readonly EditorShortcut[], role: Role): Shortcut[] {
  return shortcuts.filter((s) => s.roles.includes(role)).map((s) => ({ keys: s.keys, action: s.description }));
}

const IS_MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** Writes ProseMirror-style keys for this platform: "Mod-Shift-a" → "Ctrl + Shift + A" (⌘ on a Mac); never fails. */
export function displayKeys(keys: string, mac = IS_MAC): string {
  return keys
    .split(/-(?!$)/)
    .map((part) => {
      switch (part) {
        case "Mod": return mac ? "⌘" : "Ctrl";
        case "Ctrl": return mac ? "⌃" : "Ctrl";
        case "Alt": return mac ? "⌥" : "Alt";
        case "Shift": return mac ? "⇧" : "Shift";
        case "Meta": return mac ? "⌘" : "Meta";
        default: return part.length === 1 ? part.toUpperCase() : part;
      }
    })
    .join(mac ? "" : " + ");
}

/**
 * The keyboard shortcuts dialog (a modal `<dialog>`: Escape closes it, focus
 * returns where it was). `shortcuts` are the editor's; the page's own follow.
 */
export class HelpDialog {
  readonly element: HTMLDialogElement;

  constructor(shortcuts: readonly Shortcut[]) {
    const all = [...shortcuts, ...PAGE_SHORTCUTS];
    this.element = h(
      "dialog",
      { class: "help-dialog", "aria-labelledby": "help-title" },
      h("h2", { id: "help-title" }, "Keyboard shortcuts"),
      all.length
        ? h(
            "table",
            { class: "shortcuts" },
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Keys"), h("th", { scope: "col" }, "Action"))),
            h("tbody", {}, ...all.map((s) => h("tr", {}, h("td", {}, ...s.keys.flatMap((k, i) => [i ? " or " : "", h("kbd", {}, displayKeys(k))])), h("td", {}, s.action)))),
          )
        : null,
      h("form", { method: "dialog" }, h("button", { class: "button-primary", value: "close" }, "Close")),
    );
  }

  /** Opens the dialog (it must be in the document); does nothing when it is open already. */
  open(): void {
    if (!this.element.open) this.element.showModal();
  }
}
