/**
 * Builds the main and preload bundles the way Forge does (its Vite plugin's own config generator
 * merging vite.main.config.ts / vite.preload.config.ts over its defaults, production mode) into a
 * temporary directory, and checks what Electron will load: an ES-module main.js that imports only
 * Electron, Node built-ins and the declared runtime dependencies, and a single CommonJS
 * preload.cjs whose only require is 'electron', as a sandboxed preload must be.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMainAndPreload } from './boot/buildBundles.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(path.join(tmpdir(), 'routed-matrix-bundles-'));
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};

/** Module specifiers a bundle loads at run time: static and dynamic imports, and requires. */
function runtimeSpecifiers(code: string): string[] {
  const found = new Set<string>();
  for (const pattern of [
    /\bimport\s*(?:[\w*${}\s,]+from\s*)?["']([^"']+)["']/g,
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\(\s*["']([^"']+)["']\s*\)/g,
  ]) {
    for (const match of code.matchAll(pattern)) if (match[1]) found.add(match[1]);
  }
  return [...found].sort();
}

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

beforeAll(() => buildMainAndPreload(outDir), 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('bundles as Forge builds them', () => {
  it('writes main.js where package.json "main" points, next to preload.cjs, and nothing else', () => {
    expect(readdirSync(outDir).sort()).toEqual(['main.js', 'preload.cjs']);
    expect(path.basename(packageJson.main)).toBe('main.js');
    expect(path.dirname(packageJson.main)).toBe('.vite/build');
  });

  it('makes main an ES module importing only Electron, Node and declared dependencies', () => {
    const main = readFileSync(path.join(outDir, 'main.js'), 'utf8');
    const specifiers = runtimeSpecifiers(main);

    expect(main).not.toMatch(/\brequire\(/);
    expect(specifiers).toContain('electron');
    const builtins = new Set(builtinModules);
    const declared = new Set(Object.keys(packageJson.dependencies));
    const unexpected = specifiers.filter(
      (s) =>
        s !== 'electron' &&
        !s.startsWith('node:') &&
        !builtins.has(s) &&
        !declared.has(packageOf(s) ?? s),
    );
    expect(unexpected, 'main.js imports something that will not be in the package').toEqual([]);
    // Our own code is bundled, never loaded from the source tree.
    expect(specifiers.filter((s) => s.startsWith('.') || s.startsWith('/'))).toEqual([]);
    expect(main).toContain('preload.cjs');
  });

  it('makes preload one CommonJS file whose only require is electron', () => {
    const preload = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');

    expect(runtimeSpecifiers(preload)).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
    expect(preload).not.toMatch(/\bimport\(/);
    // The contract's values are in it, so preload needs nothing from main's files at run time.
    expect(preload).toContain('matrixApp');
    expect(preload).toContain('cmd:');
    expect(preload).toContain('exposeInMainWorld');
  });
});
