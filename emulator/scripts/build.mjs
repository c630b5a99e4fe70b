// Builds the package to plain JavaScript in dist/: tsc compiles src/**/*.ts (with type
// declarations), then every other file under src/ (the widget's pages, scripts, styles and images,
// which the emulator serves as they are) is copied beside the compiled code.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const packageDir = path.resolve(import.meta.dirname, '..');
const src = path.join(packageDir, 'src');
const dist = path.join(packageDir, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(packageDir, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
cpSync(src, dist, {
  recursive: true,
  filter: (from) => !from.endsWith('.ts') && path.basename(from) !== 'tsconfig.json',
});
