import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// The page bundles the model packages from their TypeScript sources, with
// one copy of Yjs and of each ProseMirror package (two copies of yjs break
// y-prosemirror's type checks; two of prosemirror-model break node identity).
export default defineConfig({
  root: src("."),
  base: "./",
  resolve: {
    alias: [
      { find: /^@accord\/schema$/, replacement: src("../../packages/schema/src/index.ts") },
      { find: /^@accord\/merge$/, replacement: src("../../packages/merge/src/index.ts") },
      { find: /^@accord\/collab$/, replacement: src("../../packages/collab/src/index.ts") },
      { find: /^@accord\/text$/, replacement: src("../../packages/text/src/index.ts") },
    ],
    dedupe: ["yjs", "lib0", "y-prosemirror", "y-protocols", "prosemirror-model", "prosemirror-state", "prosemirror-view", "prosemirror-transform"],
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:8080",
      "/collab": { target: "ws://127.0.0.1:8080", ws: true },
    },
  },
});
