/**
 * Builds the main and preload bundles the way Forge does: its Vite plugin's own config generator
 * merging vite.main.config.ts / vite.preload.config.ts over its defaults, in production mode (as
 * `electron-forge package` does), into `outDir`. Shared by bundles.test.ts and the boot test.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type UserConfig } from 'vite';
import { viteConfig } from '../../../forge.config.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

type Generator = {
  resolveConfig(spec: unknown, target: 'main' | 'preload'): Promise<UserConfig>;
};
type GeneratorClass = new (config: unknown, projectDir: string, isProd: boolean) => Generator;

/** Forge's config generator is not in the package's exports; load its file directly. */
async function forgeConfigGenerator(): Promise<Generator> {
  const file = path.join(repoRoot, 'node_modules/@electron-forge/plugin-vite/dist/ViteConfig.js');
  const { default: ViteConfigGenerator } = (await import(pathToFileURL(file).href)) as {
    default: GeneratorClass;
  };
  return new ViteConfigGenerator(viteConfig, repoRoot, true);
}

export async function buildMainAndPreload(outDir: string): Promise<void> {
  const generator = await forgeConfigGenerator();
  for (const spec of viteConfig.build) {
    const resolved = await generator.resolveConfig(spec, spec.target);
    await build({
      configFile: false,
      logLevel: 'silent',
      ...resolved,
      build: { ...resolved.build, outDir, watch: null },
    });
  }
}
