/**
 * Builds the main and preload bundles the way Forge does (its Vite plugin's own config generator
 * merging vite.main.config.ts / vite.preload.config.ts over its defaults, production mode) into a
 * temporary directory, and checks what Electron will load: an ES-module main.js that imports only
 * Electron, Node built-ins, the declared runtime dependencies and its own chunks (the session
 * code, loaded with a dynamic import on first need: electron/core/session/loadSessionModule.ts),
 * and a single CommonJS preload.cjs whose only require is 'electron', as a sandboxed preload
 * must be.
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

/** main.js and every chunk it loads, directly or through another chunk, by file name. */
function mainAndItsChunks(): Map<string, string> {
  const files = new Map<string, string>();
  const pending = ['main.js'];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (files.has(name)) continue;
    const code = readFileSync(path.join(outDir, name), 'utf8');
    files.set(name, code);
    for (const s of runtimeSpecifiers(code)) if (s.startsWith('./')) pending.push(s.slice(2));
  }
  return files;
}

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];

beforeAll(() => buildMainAndPreload(outDir), 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('bundles as Forge builds them', () => {
  it('writes main.js where package.json "main" points, next to preload.cjs and its chunks only', () => {
    const chunks = [...mainAndItsChunks().keys()].filter((name) => name !== 'main.js');
    // The session code is a chunk of its own (loaded when first needed), not part of main.js.
    expect(chunks.some((name) => name.startsWith('sessionModule-'))).toBe(true);
    expect(readdirSync(outDir).sort()).toEqual(['main.js', 'preload.cjs', ...chunks].sort());
    expect(path.basename(packageJson.main)).toBe('main.js');
    expect(path.dirname(packageJson.main)).toBe('.vite/build');
  });

  it('makes main an ES module importing only Electron, Node, declared dependencies and its chunks', () => {
    const files = mainAndItsChunks();
    const builtins = new Set(builtinModules);
    const declared = new Set(Object.keys(packageJson.dependencies));
    const chunkNames = new Set([...files.keys()].map((name) => `./${name}`));
    for (const [name, code] of files) {
      const specifiers = runtimeSpecifiers(code);
      expect(code, name).not.toMatch(/\brequire\(/);
      const unexpected = specifiers.filter(
        (s) =>
          s !== 'electron' &&
          !s.startsWith('node:') &&
          !builtins.has(s) &&
          !declared.has(packageOf(s) ?? s) &&
          !chunkNames.has(s),
      );
      expect(unexpected, `${name} imports something that will not be in the package`).toEqual([]);
    }
    const main = files.get('main.js')!;
    expect(runtimeSpecifiers(main)).toContain('electron');
    // matrix-js-sdk is loaded by the session chunk only, when a session is first needed.
    expect(runtimeSpecifiers(main).filter((s) => packageOf(s) === 'matrix-js-sdk')).toEqual([]);
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
