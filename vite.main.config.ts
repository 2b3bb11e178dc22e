/**
 * Vite config of the main-process bundle: electron/main.ts -> .vite/build/main.js.
 *
 * Forge's Vite plugin merges this over its own defaults under `npm start` and `npm run package`;
 * `npm run build:main` runs it with plain `vite build`, so it states everything it relies on.
 *
 * ES module, not the plugin's default CommonJS `main.cjs`: package.json is `"type": "module"` and
 * points `main` at `.vite/build/main.js`, Electron 45 loads an ESM main, and the runtime
 * dependencies (electron-store 12, matrix-js-sdk 43) are ESM-only packages that CommonJS could
 * only reach through `require(esm)`.
 *
 * Runtime dependencies stay external: they are imported from node_modules at run time and shipped
 * there by the packagers (electron-builder copies production dependencies; forge.config.ts keeps
 * node_modules in its package). Bundling them would gain little in a desktop app and would have
 * to reproduce matrix-js-sdk's lazily loaded WebAssembly crypto module and its files by hand.
 * Only our own code (electron/**) is bundled.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

const packageJson = JSON.parse(
  readFileSync(new URL('./package.json', import.meta.url), 'utf8'),
) as {
  dependencies?: Record<string, string>;
};

/** A package and any of its subpaths (`matrix-js-sdk`, `matrix-js-sdk/lib/...`). */
const packageAndSubpaths = (name: string) =>
  new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/.*)?$`);

export const mainExternals: (string | RegExp)[] = [
  packageAndSubpaths('electron'),
  /^node:/,
  ...builtinModules,
  ...Object.keys(packageJson.dependencies ?? {}).map(packageAndSubpaths),
];

export default defineConfig((env: ConfigEnv): UserConfig => {
  // Forge passes the entry from forge.config.ts; a plain `vite build` uses the same file.
  const forgeEntry = (env as { forgeConfigSelf?: { entry?: string } }).forgeConfigSelf?.entry;
  return {
    build: {
      outDir: '.vite/build',
      // The preload bundle is written to the same directory.
      emptyOutDir: false,
      copyPublicDir: false,
      // Electron 45 runs Node 22.
      target: 'node22',
      reportCompressedSize: false,
      lib: {
        entry: forgeEntry ?? 'electron/main.ts',
        formats: ['es'],
        fileName: () => 'main.js',
      },
      rolldownOptions: {
        external: mainExternals,
      },
    },
    resolve: {
      // Node's export conditions, not the browser's, for anything that does get bundled.
      conditions: ['node'],
    },
  };
});
