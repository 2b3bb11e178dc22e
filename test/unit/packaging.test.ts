/**
 * The packaging configuration is complete and valid without running a packager (which needs
 * Electron's binary): electron-builder's config passes electron-builder's own validation, every
 * build/ resource it names exists and is a real image of the right size, only the built app is
 * packaged, forge.config.ts points Forge's Vite plugin at files that exist, and both packagers
 * flip the same Electron fuses, from one list.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import appFuses from '../../electron-fuses.config.cjs';
import forgeConfig, { forgeFuses, ignoreOutsideBuiltApp, viteConfig } from '../../forge.config.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const fromRoot = (...parts: string[]) => path.join(repoRoot, ...parts);
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  icon: string;
  linux: {
    target: string[];
    icon: string;
    executableName: string;
    category: string;
    syncDesktopName: boolean;
    desktop: { entry: Record<string, string> };
  };
  mac: { target: string[] };
  win: { target: string[] };
  electronFuses: Record<string, boolean>;
  protocols: { name: string; schemes: string[] }[];
  publish: { provider: string; url: string; channel?: string }[];
}

const builderConfig = require('../../electron-builder.config.cjs') as BuilderConfig;
const packageJson = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
  main: string;
  productName: string;
  desktopName: string;
  scripts: Record<string, string>;
};

/** electron-builder's own check of a configuration (schema plus its deprecation rules). */
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const quietDebugLogger = { isEnabled: false, add: () => {} };

/** Reads a PNG, checking its signature, every chunk's CRC and that the pixel data is complete. */
function readPng(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  );
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = -1;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const typeAndData = data.subarray(offset + 4, offset + 8 + length);
    const type = typeAndData.subarray(0, 4).toString('latin1');
    expect(data.readUInt32BE(offset + 8 + length), `CRC of ${type} in ${file}`).toBe(
      crc32(typeAndData),
    );
    const body = typeAndData.subarray(4);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colourType = body[9] ?? -1;
    }
    if (type === 'IDAT') idat.push(body);
    types.push(type);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  expect(colourType).toBe(6); // RGBA, which the icon converters expect
  // Filter byte plus four bytes per pixel, per row.
  expect(inflateSync(Buffer.concat(idat)).length).toBe((width * 4 + 1) * height);
  return { width, height };
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own validation", async () => {
    await expect(validateConfiguration(builderConfig, quietDebugLogger)).resolves.toBeUndefined();
  });

  it('is really checked: a broken configuration is rejected', async () => {
    await expect(
      validateConfiguration({ ...builderConfig, compression: 'ultra' }, quietDebugLogger),
    ).rejects.toThrow(/Invalid configuration/);
    await expect(
      validateConfiguration(
        { ...builderConfig, linux: { ...builderConfig.linux, desktop: { Name: 'x' } } },
        quietDebugLogger,
      ),
    ).rejects.toThrow(/desktop/);
    await expect(
      validateConfiguration({ ...builderConfig, notAnOption: true }, quietDebugLogger),
    ).rejects.toThrow(/notAnOption/);
  });

  it('makes AppImage, deb and rpm on Linux, dmg on macOS and NSIS on Windows', () => {
    expect(builderConfig.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    // The zip is what electron-updater installs on macOS; the dmg is what people download.
    expect(builderConfig.mac.target).toEqual(['dmg', 'zip']);
    expect(builderConfig.win.target).toEqual(['nsis']);
    expect(builderConfig.appId).toMatch(/^[a-z][a-z0-9]*(\.[A-Za-z][A-Za-z0-9-]*)+$/);
    expect(builderConfig.productName).toBe(packageJson.productName);
  });

  it('packages the built app only, never sources, tests or the test bridge', () => {
    const allowed = ['.vite/build/', '.vite/renderer/'];
    for (const pattern of builderConfig.files) {
      const isNegation = pattern.startsWith('!');
      expect(
        isNegation || pattern === 'package.json' || allowed.some((dir) => pattern.startsWith(dir)),
        `files pattern ${pattern}`,
      ).toBe(true);
    }
    expect(builderConfig.files).toContain('package.json');
    // The entry point electron-builder checks for is inside what is packaged.
    expect(packageJson.main.startsWith('.vite/build/')).toBe(true);
  });

  it('is what `npm run dist` builds with, after building the bundles', () => {
    expect(packageJson.scripts.dist).toMatch(
      /^npm run build && electron-builder --config electron-builder\.config\.cjs --publish never$/,
    );
    expect(packageJson.scripts.build).toContain('build:renderer');
    expect(packageJson.scripts.build).toContain('build:main');
  });

  it('finds its icon in build/: a real 512x512 PNG', () => {
    expect(builderConfig.directories.buildResources).toBe('build');
    expect(builderConfig.icon).toBe('build/icon.png');
    expect(readPng(fromRoot(builderConfig.icon))).toEqual({ width: 512, height: 512 });
  });

  it('has a Linux icon set whose file names match their sizes', () => {
    const dir = fromRoot(builderConfig.linux.icon);
    const files = readdirSync(dir).filter((name) => name.endsWith('.png'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const name of files) {
      const match = /^(\d+)x(\d+)\.png$/.exec(name);
      expect(match, `icon file name ${name}`).not.toBeNull();
      expect(readPng(path.join(dir, name))).toEqual({
        width: Number(match?.[1]),
        height: Number(match?.[2]),
      });
    }
    expect(files).toEqual(expect.arrayContaining(['48x48.png', '256x256.png', '512x512.png']));
  });

  it('describes the Linux desktop entry, matched to the window by desktopName', () => {
    const { linux } = builderConfig;
    expect(linux.category.split(';')).toContain('Network');
    expect(linux.desktop.entry).toMatchObject({ GenericName: expect.any(String) });
    // Electron uses package.json desktopName as the window's app id / WM_CLASS; with
    // syncDesktopName the installed entry is named after it, so the two always match.
    expect(linux.syncDesktopName).toBe(true);
    expect(packageJson.desktopName).toBe(`${linux.executableName}.desktop`);
  });

  it('registers the matrix: scheme (macOS Info.plist, Linux MimeType=x-scheme-handler/matrix)', () => {
    expect(builderConfig.protocols).toEqual([{ name: expect.any(String), schemes: ['matrix'] }]);
    // Forge's packaging (npm run package) says the same in its Info.plist.
    expect(forgeConfig.packagerConfig?.protocols).toEqual(builderConfig.protocols);
  });

  it("writes MimeType=x-scheme-handler/matrix and %U into the Linux desktop entry (electron-builder's own writer)", async () => {
    const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper.js') as {
      LinuxTargetHelper: new (packager: unknown) => {
        computeDesktopEntry(options: unknown, exec?: string, extra?: unknown): Promise<string>;
      };
    };
    const packager = {
      appInfo: {
        productName: packageJson.productName,
        sanitizedProductName: packageJson.productName,
        description: 'Matrix client',
      },
      executableName: builderConfig.linux.executableName,
      info: { metadata: { desktopName: packageJson.desktopName } },
      fileAssociations: [],
      config: builderConfig,
      platformSpecificBuildOptions: builderConfig.linux,
    };
    const entry = await new LinuxTargetHelper(packager).computeDesktopEntry(builderConfig.linux);
    expect(entry).toMatch(/^MimeType=x-scheme-handler\/matrix;$/m);
    // %U: the link reaches the app's command line, where main.ts looks for it.
    expect(entry).toMatch(/^Exec=.*routed-matrix"? %U$/m);
  });

  it('publishes updates through a generic server whose URL is a placeholder that never resolves', () => {
    expect(builderConfig.publish).toHaveLength(1);
    const [publish] = builderConfig.publish;
    expect(publish?.provider).toBe('generic');
    const url = new URL(publish?.url ?? '');
    expect(url.protocol).toBe('https:');
    // RFC 2606: .invalid is never a real host, so a build without the real URL cannot update
    // from somebody else's server.
    expect(url.hostname.endsWith('.invalid')).toBe(true);
  });

  it('keeps the icon generator next to the icons', () => {
    expect(existsSync(fromRoot('build', 'make-icon.ts'))).toBe(true);
  });
});

describe('Electron Forge configuration', () => {
  const plugin = forgeConfig.plugins?.find(
    (entry) => 'name' in entry && entry.name === '@electron-forge/plugin-vite',
  ) as { config: typeof viteConfig } | undefined;

  it('runs the Vite plugin with the exported config', () => {
    expect(plugin?.config).toBe(viteConfig);
  });

  it('builds main and preload from files that exist', () => {
    const targets = Object.fromEntries(viteConfig.build.map((b) => [b.target, b]));
    expect(targets.main).toEqual({
      entry: 'electron/main.ts',
      config: 'vite.main.config.ts',
      target: 'main',
    });
    expect(targets.preload).toEqual({
      entry: 'electron/preload.ts',
      config: 'vite.preload.config.ts',
      target: 'preload',
    });
    for (const build of viteConfig.build) {
      expect(existsSync(fromRoot(build.entry)), build.entry).toBe(true);
      expect(existsSync(fromRoot(build.config)), build.config).toBe(true);
    }
  });

  it('builds the main_window renderer from a config that exists', () => {
    expect(viteConfig.renderer).toEqual([
      { name: 'main_window', config: 'vite.renderer.config.ts' },
    ]);
    expect(existsSync(fromRoot('vite.renderer.config.ts'))).toBe(true);
    expect(existsSync(fromRoot('renderer', 'index.html'))).toBe(true);
  });

  it('is accepted by the Vite plugin itself', async () => {
    const { default: VitePlugin } = await import('@electron-forge/plugin-vite');
    const instance = new VitePlugin(viteConfig);
    expect(instance.name).toBe('vite');
    expect(Object.keys(instance.getHooks())).toEqual(
      expect.arrayContaining(['preStart', 'prePackage', 'packageAfterCopy']),
    );
  });

  it('packages .vite, package.json and node_modules, and nothing else', () => {
    for (const kept of [
      '',
      '/.vite',
      '/.vite/build/main.js',
      '/.vite/renderer/main_window/index.html',
      '/package.json',
      '/node_modules/matrix-js-sdk/package.json',
    ]) {
      expect(ignoreOutsideBuiltApp(kept), kept).toBe(false);
    }
    for (const left of [
      '/test',
      '/test/bridge/server.ts',
      '/test/fixtures/homeserver/index.ts',
      '/electron/main.ts',
      '/renderer/index.html',
      '/build/icon.png',
      '/forge.config.ts',
      '/package-lock.json',
      '/.vite-other',
      '/node_modules_copy/x.js',
    ]) {
      expect(ignoreOutsideBuiltApp(left), left).toBe(true);
    }
    expect(forgeConfig.packagerConfig?.ignore).toBe(ignoreOutsideBuiltApp);
  });
});

describe('Electron fuses', () => {
  const fusesPlugin = forgeConfig.plugins?.find((entry) => entry instanceof FusesPlugin) as
    FusesPlugin | undefined;

  it('are one list, which electron-builder takes as it is', () => {
    // Through Node's require, as electron-builder loads its config: the very same object.
    expect(builderConfig.electronFuses).toBe(require('../../electron-fuses.config.cjs'));
    expect(builderConfig.electronFuses).toEqual(appFuses);
  });

  it("are flipped by Forge's packaging too, the same ones", () => {
    expect(fusesPlugin?.fusesConfig).toEqual(forgeFuses(appFuses));
    const forge = fusesPlugin?.fusesConfig as unknown as Record<string, unknown>;
    // Every fuse electron-builder sets, Forge sets to the same value (camelCase name there,
    // FuseV1Options number here).
    for (const [name, value] of Object.entries(builderConfig.electronFuses)) {
      if (name === 'resetAdHocDarwinSignature') {
        expect(forge.resetAdHocDarwinSignature).toBe(value);
        continue;
      }
      const option = FuseV1Options[(name[0]?.toUpperCase() + name.slice(1)) as 'RunAsNode'];
      expect(option, `FuseV1Options has ${name}`).toEqual(expect.any(Number));
      expect(forge[option], name).toBe(value);
    }
    expect(forge.version).toBe(FuseVersion.V1);
  });

  it('leave no fuse electron-builder knows at its default by omission', () => {
    const scheme = require('app-builder-lib/scheme.json') as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(appFuses).sort()).toEqual(
      Object.keys(scheme.definitions.FuseOptionsV1.properties).sort(),
    );
  });

  it('lock the app down: no Node mode, no outside options, code only from its checked archive', () => {
    expect(appFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The archive the last two fuses require is what Forge packages.
    expect(forgeConfig.packagerConfig?.asar).toBe(true);
  });

  it('reach Forge through its own config loader (jiti), shared file and all', async () => {
    const loader = path.join(
      repoRoot,
      'node_modules/@electron-forge/core/dist/util/forge-config.js',
    );
    const { default: findConfig } = (await import(pathToFileURL(loader).href)) as {
      default: (dir: string) => Promise<{ plugins: { name: string; fusesConfig?: unknown }[] }>;
    };
    const loaded = await findConfig(repoRoot);
    const fuses = loaded.plugins.find((plugin) => plugin.name === 'fuses');
    expect(fuses?.fusesConfig).toEqual(forgeFuses(appFuses));
  });

  it('are accepted by the Forge plugin, which flips them after packaging', () => {
    expect(Object.keys(fusesPlugin?.getHooks() ?? {})).toContain('packageAfterCopy');
  });
});
