// Child-process helpers for the Node-only scripts (npm start / npm test run before anything is
// installed, so these use built-ins only).
import { spawn } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Path of an installed package's CLI, run with the current node (no npx/sh wrappers in between). */
export const bin = {
  next: path.join(root, 'node_modules/next/dist/bin/next'),
  prisma: path.join(root, 'node_modules/prisma/build/index.js'),
  tsx: path.join(root, 'node_modules/tsx/dist/cli.mjs'),
  tsc: path.join(root, 'node_modules/typescript/bin/tsc'),
  eslint: path.join(root, 'node_modules/eslint/bin/eslint.js'),
  depcruise: path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
  prettier: path.join(root, 'node_modules/prettier/bin/prettier.cjs'),
  vitest: path.join(root, 'node_modules/vitest/vitest.mjs'),
  playwright: path.join(root, 'node_modules/@playwright/test/cli.js'),
};

/** Runs a command to completion with inherited output; resolves with its exit code. */
export function run(command, args, { env = process.env, cwd = root } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Runs a Node CLI (one of `bin`) with the current node binary. */
export function runNode(script, args, options) {
  return run(process.execPath, [script, ...args], options);
}

/** Like run(), but throws when the command fails: for steps nothing can continue without. */
async function mustRun(command, args, options) {
  const code = await run(command, args, options);
  if (code !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited with ${code}`);
}

export async function mustRunNode(script, args, options) {
  return mustRun(process.execPath, [script, ...args], options);
}

/** Formats a duration in ms as "12.3 s". */
export function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}
