/**
 * `npm start`'s first step: is Electron's binary there? Electron's own entry point
 * (node_modules/electron/index.js) tries to download a missing binary when it is loaded and
 * throws a stack trace when it cannot (offline, behind a proxy it was not told about, or
 * installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1). This script looks at the same files without
 * loading Electron, and when the binary is missing prints ONE line with the reason and the way
 * out (`npm run browser`), and exits 1, so `electron-forge start` never runs into it.
 *
 *   node scripts/electronPreflight.mjs [electron package dir]
 *
 * The directory defaults to the `electron` package this project resolves (tests pass another).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const README_SECTION = 'README "Building and starting behind a proxy or offline"';

/** Null when Electron can start, else why not (one sentence, no trailing full stop). */
export function missingElectronReason(packageDir, env = process.env) {
  if (packageDir === null || !existsSync(path.join(packageDir, 'package.json'))) {
    return 'the electron package is not installed (run "npm ci" first)';
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const skipped = env.ELECTRON_SKIP_BINARY_DOWNLOAD
    ? ' (ELECTRON_SKIP_BINARY_DOWNLOAD is set)'
    : '';
  if (!existsSync(pathFile)) {
    return `its binary was never downloaded: ${pathFile} is missing; npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or the download failed${skipped}`;
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  // The same rule as Electron's index.js: an override directory replaces dist/.
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH || path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative || 'electron');
  if (!existsSync(binary)) {
    return `its binary ${binary} is missing (a download that did not finish, or a deleted folder)${skipped}`;
  }
  return null;
}

function resolveElectronDir() {
  try {
    const require = createRequire(path.join(process.cwd(), 'package.json'));
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

const isMain =
  process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (isMain) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : resolveElectronDir();
  const reason = missingElectronReason(dir);
  if (reason !== null) {
    console.error(
      `Cannot start Electron: ${reason}. Run "npm run browser" to use the app in a browser instead, or see ${README_SECTION} to get Electron.`,
    );
    process.exit(1);
  }
}
