// The `--style` experiment of the browser benchmarks: a style sheet added to
// every page of a browser context, to try a rendering change without rebuilding.

/** Adds `css` to every page the context opens (as the document loads); nothing for an empty string. */
export async function addStyleToPages(context, css) {
  if (!css) return;
  await context.addInitScript({
    content: `document.addEventListener("DOMContentLoaded", () => { const s = document.createElement("style"); s.textContent = ${JSON.stringify(css)}; document.head.append(s); });`,
  });
}
