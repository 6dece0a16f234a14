import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests run on the TypeScript sources of every package, not on built output.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@accord\/schema\/test-builders$/, replacement: src("./packages/schema/src/test-builders.ts") },
      { find: /^@accord\/schema\/generate$/, replacement: src("./packages/schema/src/generate.ts") },
      { find: /^@accord\/schema$/, replacement: src("./packages/schema/src/index.ts") },
      { find: /^@accord\/collab$/, replacement: src("./packages/collab/src/index.ts") },
      { find: /^@accord\/server$/, replacement: src("./packages/server/src/index.ts") },
      { find: /^@accord\/docx$/, replacement: src("./packages/docx/src/index.ts") },
      { find: /^@accord\/akn$/, replacement: src("./packages/akn/src/index.ts") },
      { find: /^@accord\/merge$/, replacement: src("./packages/merge/src/index.ts") },
      { find: /^@accord\/text$/, replacement: src("./packages/text/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 60_000,
    // A CLI test file may have to build the packages (tsc -b) before it runs.
    hookTimeout: 180_000,
  },
});
