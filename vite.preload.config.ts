// The preload build: one CommonJS file, because a sandboxed preload can require nothing but
// `electron` (which stays external) and cannot load ES modules.
import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('./dist/preload', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome140',
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('./src-main/preload/preload.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'preload.cjs',
    },
    rolldownOptions: { external: ['electron'] },
  },
});
