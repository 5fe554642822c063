import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Renderer component tests are .tsx and pick jsdom with a `@vitest-environment` comment.
    include: ['test/**/*.test.ts', 'test/renderer/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests mount volumes and start processes: run files one at a time.
    fileParallelism: false,
  },
});
