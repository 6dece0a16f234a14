// The architecture, enforced: packages depend one way only, no import cycles,
// and the model packages stay free of Yjs and the DOM (design.md §3).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "An import cycle, within a package or between packages.",
      from: {},
      to: { circular: true },
    },
    {
      name: "schema-depends-on-nothing-of-ours",
      severity: "error",
      comment: "packages/schema is the root: it imports no other Accord package.",
      from: { path: "^packages/schema/" },
      to: { path: "^(packages/(?!schema/)|apps/)" },
    },
    {
      name: "text-and-merge-stand-on-schema-only",
      severity: "error",
      comment: "packages/text and packages/merge may use packages/schema (and text for merge), nothing above them.",
      from: { path: "^packages/(text|merge)/" },
      to: { path: "^(packages/(collab|server)/|apps/)" },
    },
    {
      name: "text-does-not-use-merge",
      severity: "error",
      from: { path: "^packages/text/" },
      to: { path: "^packages/merge/" },
    },
    {
      name: "formats-stand-on-schema-text-merge",
      severity: "error",
      comment: "packages/docx and packages/akn (Word, Akoma Ntoso) build on schema, text and merge; the server and the apps build on them.",
      from: { path: "^packages/(docx|akn)/" },
      to: { path: "^(packages/(collab|server)/|apps/)" },
    },
    {
      name: "model-packages-do-not-use-formats",
      severity: "error",
      comment: "schema, text and merge know nothing of Word or Akoma Ntoso.",
      from: { path: "^packages/(schema|text|merge|collab)/" },
      to: { path: "^packages/(docx|akn)/" },
    },
    {
      name: "formats-are-independent",
      severity: "error",
      from: { path: "^packages/(docx|akn)/" },
      to: { path: "^packages/(docx|akn)/", pathNot: "^packages/$1/" },
    },
    {
      name: "collab-below-server-and-apps",
      severity: "error",
      from: { path: "^packages/collab/" },
      to: { path: "^(packages/server/|apps/)" },
    },
    {
      name: "server-below-apps",
      severity: "error",
      from: { path: "^packages/server/" },
      to: { path: "^apps/" },
    },
    {
      name: "apps-are-independent",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/", pathNot: "^apps/$1/" },
    },
    {
      name: "model-packages-run-without-yjs-or-dom",
      severity: "error",
      comment: "schema, text, merge and the format packages run in plain Node: no Yjs, no y-prosemirror, no DOM libraries.",
      from: { path: "^packages/(schema|text|merge|docx|akn)/src/" },
      to: { path: "(^|node_modules/)(yjs|y-prosemirror|y-protocols|prosemirror-view|jsdom|happy-dom)(/|$)" },
    },
    {
      name: "web-runs-in-the-browser",
      severity: "error",
      comment: "apps/web/src is bundled for the browser: it talks to the server over HTTP and WebSocket, never imports it or Node's built-ins.",
      from: { path: "^apps/web/src/" },
      to: { path: "^(packages/server/|node:|fs$|path$|crypto$)" },
    },
    {
      name: "no-unresolvable-imports",
      severity: "error",
      comment: "An import that resolves to nothing: a missing dependency.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.test.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["types", "import", "default"],
      extensions: [".ts", ".js"],
    },
  },
};
