import { ApiError, UPLOAD_FORMATS, type Api, type DraftPreview, type ImportDiagnostic } from "../api.js";
import { h } from "../panels/dom.js";
import { sentence } from "./login.js";

/** What the upload form needs: the API, and where to go once the negotiation exists. */
export interface UploadDraftOptions {
  readonly api: Api;
  readonly opened: (id: string) => void;
}

/** Where a diagnostic is, as a person finds it: line and column of a text, Word paragraph or footnote and column of a .docx. */
export function diagnosticPlace(d: ImportDiagnostic): string {
  const column = d.column === null ? "" : `, column ${d.column}`;
  if (d.line !== null) return `line ${d.line}${column}`;
  if (d.footnote !== null) return `footnote ${d.footnote}${column}`;
  if (d.paragraph !== null) return `Word paragraph ${d.paragraph}${column}`;
  return "the file";
}

/**
 * The form that creates a negotiation from a draft: a .txt, .docx or Akoma Ntoso .xml chosen
 * or dropped is read by the server's preview (nothing is created), its title,
 * symbol, counts and each diagnostic shown; the user sets id and title and
 * confirms, and the upload opens the new negotiation. A file the server
 * cannot read shows its reason; the form stays usable while it reads.
 */
export function uploadDraftForm(options: UploadDraftOptions): HTMLElement {
  const input = h("input", { type: "file", id: "draft-file", accept: Object.keys(UPLOAD_FORMATS).map((e) => `.${e}`).join(",") });
  const status = h("div", { class: "upload-status", "aria-live": "polite" });
  const result = h("div", { class: "upload-result" });
  const drop = h(
    "div",
    { class: "upload-drop" },
    h("label", { for: "draft-file" }, "Draft (.txt, .docx or Akoma Ntoso .xml)"),
    input,
    h("p", { class: "hint" }, "Or drop the file here."),
  );
  let reading = 0;

  async function read(file: File): Promise<void> {
    const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? "";
    const format = UPLOAD_FORMATS[extension];
    result.replaceChildren();
    if (!format) {
      status.replaceChildren(h("p", { class: "load-error", role: "alert" }, `${file.name} is not a draft Accord reads: choose a .txt, .docx or Akoma Ntoso .xml file.`));
      return;
    }
    const attempt = ++reading;
    status.replaceChildren(h("p", { class: "loading" }, `Reading ${file.name}…`));
    try {
      const preview = await options.api.previewDraft(file, format);
      if (attempt !== reading) return;
      status.replaceChildren();
      result.replaceChildren(previewView(file, format, preview));
    } catch (failure) {
      if (attempt !== reading) return;
      const message = failure instanceof ApiError ? failure.message : String(failure);
      status.replaceChildren(h("p", { class: "load-error", role: "alert" }, `${file.name} could not be read: ${sentence(message)}`));
    }
  }

  function previewView(file: File, format: string, preview: DraftPreview): HTMLElement {
    const base = file.name.replace(/\.[^.]+$/, "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    const id = h("input", { type: "text", id: "draft-id", value: base, required: true });
    const title = h("input", { type: "text", id: "draft-title", value: preview.title || file.name });
    const create = h("button", { type: "submit" }, "Create the negotiation");
    const error = h("div", { "aria-live": "polite" });
    const form = h(
      "form",
      { class: "upload-preview" },
      h("h3", {}, `What the import made of ${file.name}`),
      h(
        "ul",
        { class: "upload-counts" },
        h("li", {}, `Title: ${preview.title || "(none)"}`),
        h("li", {}, `Symbol: ${preview.symbol || "(none)"}`),
        h("li", {}, `${preview.paragraphs.total} paragraphs`),
        h("li", {}, `${preview.proposals.open} open proposals`),
        h("li", {}, `${preview.headings.total} headings`),
        h("li", {}, `${preview.notes.total} notes (not negotiated)`),
      ),
      preview.diagnostics.length
        ? h(
            "ol",
            { class: "upload-diagnostics", "aria-label": "Problems found in the draft" },
            ...preview.diagnostics.map((d) => h("li", { class: "diagnostic" }, h("strong", {}, `${diagnosticPlace(d)}: `), d.message, d.excerpt ? h("pre", { class: "excerpt" }, d.excerpt) : null)),
          )
        : h("p", { class: "hint" }, "The import found no problems."),
      h("label", { for: "draft-id" }, "Negotiation id"),
      id,
      h("label", { for: "draft-title" }, "Title"),
      title,
      create,
      error,
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      create.disabled = true;
      error.replaceChildren(h("p", { class: "loading" }, "Creating…"));
      options.api.uploadDraft(file, format, id.value.trim(), title.value.trim()).then(
        (created) => options.opened(created.id),
        (failure: unknown) => {
          create.disabled = false;
          const message = failure instanceof ApiError ? failure.message : String(failure);
          error.replaceChildren(h("p", { class: "load-error", role: "alert" }, `The negotiation was not created: ${sentence(message)}`));
        },
      );
    });
    return form;
  }

  input.addEventListener("change", () => {
    const file = input.files?.[0];
    if (file) void read(file);
  });
  drop.addEventListener("dragover", (event) => event.preventDefault());
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    const file = event.dataTransfer?.files[0];
    if (file) void read(file);
  });

  return h("section", { class: "upload-draft", "aria-labelledby": "upload-heading" }, h("h2", { id: "upload-heading" }, "Create a negotiation from a draft"), drop, status, result);
}
