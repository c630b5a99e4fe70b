import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores([
    '.next*/**',
    'node_modules/**',
    'lib/generated/**',
    'reports/**',
    'test-results/**',
    'playwright-report/**',
    'data/**',
    'next-env.d.ts',
    '**/.tmp/**',
    'emulator/dist/**',
    // Files that break the dependency rules on purpose (tests/architecture/dependency-rules.test.ts).
    'tests/architecture/fixtures/**',
  ]),
  ...nextVitals,
  ...nextTypescript,
  // Type-aware rules for TypeScript; each file is checked with its nearest tsconfig
  // (the root one, or emulator/tsconfig.json for the emulator).
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Server actions passed as props and async event handlers are fine in React 19.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests: Playwright fixtures receive a `use` callback and are not React, so the hook rules
    // misfire; and tests read untyped JSON responses, whose shape the assertions then check.
    files: ['e2e/**', 'tests/**', '**/test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'react-hooks/rules-of-hooks': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
]);
