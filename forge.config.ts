/**
 * Electron Forge: `npm start` runs the app in development (Vite dev server for the renderer with
 * hot reload, main and preload rebuilt on change). Installers are made by electron-builder
 * (electron-builder.config.cjs, `npm run dist`), so no makers are configured here.
 */
import type { VitePluginConfig } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';

export const viteConfig = {
  build: [
    { entry: 'electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
    { entry: 'electron/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
  ],
  // The name decides the build directory (.vite/renderer/main_window) and the
  // MAIN_WINDOW_VITE_DEV_SERVER_URL global that main.ts reads.
  renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
} satisfies VitePluginConfig;

/** Top-level paths of the project that belong in a packaged app; everything else stays out. */
const PACKAGED_ROOTS = ['/.vite', '/node_modules', '/package.json'];

/**
 * `electron-forge package` filter (true = leave out). The Vite plugin's own filter keeps only
 * .vite, but main.js imports its runtime dependencies from node_modules (see
 * vite.main.config.ts), so production node_modules must ship too; the packager prunes
 * devDependencies from it. Tests, fixtures, the test bridge and sources never do.
 */
export function ignoreOutsideBuiltApp(file: string): boolean {
  if (file === '') return false;
  return !PACKAGED_ROOTS.some((root) => file === root || file.startsWith(`${root}/`));
}

const config: ForgeConfig = {
  packagerConfig: {
    asar: true,
    executableName: 'routed-matrix',
    ignore: ignoreOutsideBuiltApp,
  },
  makers: [],
  plugins: [{ name: '@electron-forge/plugin-vite', config: viteConfig }],
};

export default config;
