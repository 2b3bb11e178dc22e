/**
 * renderer-size: gzip size of the JS and CSS the first screen loads from the built renderer
 * (.vite/renderer/main_window, built by `npm run bench`): index.html's scripts, stylesheets and
 * module preloads, then every static import of those scripts, transitively. Dynamic import()s
 * are loaded later, when needed, so they do not count.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RENDERER_DIR } from '../../bridge/startBridgedApp.js';
import { measure } from '../harness/result.js';
import type { Scenario } from '../harness/scenario.js';

export interface FirstScreenFiles {
  js: string[];
  css: string[];
}

/** Files the first screen loads, as absolute paths. */
export function firstScreenFiles(dir: string): FirstScreenFiles {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const local = (ref: string) => resolve(dir, ref.replace(/^\.?\//, ''));
  const attr = (tag: RegExp) => [...html.matchAll(tag)].map((m) => local(m[1]!));
  const js = new Set([
    ...attr(/<script[^>]*\bsrc="([^"]+)"/g),
    ...attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ]);
  const css = new Set(attr(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g));
  const queue = [...js];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = readFileSync(file, 'utf8');
    // Static imports as esbuild/rollup print them: `import{a}from"./x.js"`, `import"./y.js"`,
    // `export{b}from"./z.js"`; never `import(` (dynamic, loaded when first needed).
    for (const m of code.matchAll(
      /\b(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+)["']/g,
    )) {
      const target = resolve(dirname(file), m[1]!);
      if (!existsSync(target)) continue;
      if (target.endsWith('.css')) css.add(target);
      else if (!js.has(target)) {
        js.add(target);
        queue.push(target);
      }
    }
  }
  return { js: [...js], css: [...css] };
}

const gzipKb = (files: string[]) =>
  files.reduce((sum, f) => sum + gzipSync(readFileSync(f)).length, 0) / 1024;

export const rendererSize: Scenario = {
  name: 'renderer-size',
  what: 'gzip size of the JS and CSS the first screen loads',
  run(ctx) {
    if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
      throw new Error(`no built renderer in ${RENDERER_DIR}: run npm run build:renderer`);
    }
    const files = firstScreenFiles(RENDERER_DIR);
    ctx.progress(`js: ${files.js.length} file(s), css: ${files.css.length} file(s)`);
    return Promise.resolve([
      measure(
        {
          name: 'renderer-size js',
          unit: 'KiB gzip',
          values: [gzipKb(files.js)],
          targets: [{ stat: 'max', max: 60 }],
        },
        ctx.overrides,
      ),
      measure(
        {
          name: 'renderer-size css',
          unit: 'KiB gzip',
          values: [gzipKb(files.css)],
          targets: [{ stat: 'max', max: 10 }],
        },
        ctx.overrides,
      ),
    ]);
  },
};
