/**
 * Electron Forge: `npm start` runs the app in development (Vite dev server for the renderer with
 * hot reload, main and preload rebuilt on change). Installers are made by electron-builder
 * (electron-builder.config.cjs, `npm run dist`), so no makers are configured here.
 */
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import type { VitePluginConfig } from '@electron-forge/plugin-vite';
import type { ForgeConfig } from '@electron-forge/shared-types';
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import appFuses, { type AppFuses } from './electron-fuses.config.cjs';

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

type FuseName = Exclude<keyof AppFuses, 'resetAdHocDarwinSignature'>;

/** electron-builder's fuse names, as @electron/fuses numbers them; a missing one does not compile. */
const FUSE_OPTIONS: Record<FuseName, FuseV1Options> = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** The app's fuses (electron-fuses.config.cjs, shared with electron-builder) as Forge's plugin takes them. */
export function forgeFuses(fuses: AppFuses): FuseV1Config {
  const { resetAdHocDarwinSignature, ...switches } = fuses;
  const config: FuseV1Config = { version: FuseVersion.V1, resetAdHocDarwinSignature };
  for (const name of Object.keys(switches) as FuseName[]) {
    config[FUSE_OPTIONS[name]] = switches[name];
  }
  return config;
}

const config: ForgeConfig = {
  packagerConfig: {
    asar: true,
    executableName: 'routed-matrix',
    ignore: ignoreOutsideBuiltApp,
    // macOS Info.plist: the packaged app handles matrix: links, as electron-builder's does.
    protocols: [{ name: 'Matrix link', schemes: ['matrix'] }],
  },
  makers: [],
  plugins: [
    { name: '@electron-forge/plugin-vite', config: viteConfig },
    // Flips the same fuses electron-builder does, after packaging and before signing.
    new FusesPlugin(forgeFuses(appFuses)),
  ],
};

export default config;
