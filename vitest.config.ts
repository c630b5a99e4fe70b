import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;

const shared = {
  resolve: {
    alias: {
      '@': root,
      // 'server-only' throws outside the react-server condition; the real guard is next build.
      'server-only': path.join(root, 'node_modules/server-only/empty.js'),
      // The storefront's tests run the emulator from its TypeScript source, not its build (dist/).
      'klarna-emulator': path.join(root, 'emulator/src/index.ts'),
    },
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: { name: 'unit', include: ['lib/**/*.test.ts'], environment: 'node' },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/global-setup.ts'],
          environment: 'node',
          // Each file migrates its own database; a little headroom for the Prisma CLI on 2 cores.
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'architecture',
          include: ['tests/architecture/**/*.test.ts'],
          environment: 'node',
          // Each test runs the dependency checker over a source tree; generous on a loaded machine.
          testTimeout: 120_000,
        },
      },
      // The emulator package keeps its own Vitest config; run it as one more project.
      ...(existsSync(path.join(root, 'emulator/vitest.config.ts')) ? ['emulator/vitest.config.ts'] : []),
    ],
  },
});
