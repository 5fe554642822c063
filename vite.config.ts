// The renderer build: React, bundled by Vite into dist/src-renderer, loaded by the host from its
// own app:// scheme. Relative asset paths, and no inline script or style, so that the strict
// Content Security Policy in index.html holds.
import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/src-renderer', import.meta.url)),
    emptyOutDir: true,
    // The polyfill would be an inline script, which the policy forbids; Chromium needs none.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'chrome140',
    sourcemap: false,
  },
});
