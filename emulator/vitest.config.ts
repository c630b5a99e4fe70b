import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'emulator',
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
