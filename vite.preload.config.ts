/**
 * Vite config of the preload bundle: electron/preload.ts -> .vite/build/preload.cjs.
 *
 * The window is sandboxed, and a sandboxed preload can neither be an ES module nor require
 * anything but 'electron' (and a few polyfilled Node modules). So it is one self-contained
 * CommonJS file: the contract and valibot are bundled in, code splitting is off, and only
 * 'electron' stays external.
 *
 * Forge's Vite plugin merges this over its own preload defaults (which say the same);
 * `npm run build:main` runs it with plain `vite build`, so it states everything it relies on.
 */
import { defineConfig, type ConfigEnv, type UserConfig } from 'vite';

export default defineConfig((env: ConfigEnv): UserConfig => {
  const forgeEntry = (env as { forgeConfigSelf?: { entry?: string } }).forgeConfigSelf?.entry;
  return {
    build: {
      outDir: '.vite/build',
      // The main bundle is written to the same directory.
      emptyOutDir: false,
      copyPublicDir: false,
      // Electron 45 ships Chromium 140.
      target: 'chrome140',
      reportCompressedSize: false,
      rolldownOptions: {
        input: forgeEntry ?? 'electron/preload.ts',
        external: ['electron', 'electron/renderer'],
        output: {
          format: 'cjs',
          codeSplitting: false,
          entryFileNames: '[name].cjs',
          chunkFileNames: '[name].cjs',
          assetFileNames: '[name].[ext]',
        },
      },
    },
  };
});
