/**
 * The real app in the real Electron: launches the built app (package.json "main",
 * .vite/build/main.js, after `npm run build`) and finds the sign-in screen.
 *
 * Where Electron's binary cannot be had (no route to its download host) or there is no display
 * to open a window on, the test is skipped and says exactly why; it never passes without having
 * run the app. When the binary is there but the app was not built, it fails and says so.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

type Availability = { ok: true; executablePath: string } | { ok: false; reason: string };

/**
 * Finds Electron's binary the way the electron package does (node_modules/electron/path.txt names
 * it inside dist/, or ELECTRON_OVERRIDE_DIST_PATH points elsewhere), but only looks: the package's
 * own `require('electron')` would start a download when the binary is missing.
 */
function findElectronBinary(): Availability {
  const packageDir = path.join(repoRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: `${path.relative(repoRoot, pathFile)} is missing: the binary was never downloaded`,
    };
  }
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  const executablePath = path.join(distDir, relative);
  if (!existsSync(executablePath)) {
    return { ok: false, reason: `${executablePath} does not exist` };
  }
  return { ok: true, executablePath };
}

/** Why no window can be opened here, or null when one can. */
function missingDisplay(): string | null {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) {
    return null;
  }
  return 'no DISPLAY or WAYLAND_DISPLAY (run under xvfb-run)';
}

test('the built app opens on the sign-in screen', async () => {
  const binary = findElectronBinary();
  if (!binary.ok) {
    const reason = `Electron binary not available: ${binary.reason}`;
    console.log(`[electron] skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }
  const noDisplay = missingDisplay();
  if (noDisplay !== null) {
    const reason = `Cannot open a window: ${noDisplay}`;
    console.log(`[electron] skipped: ${reason}`);
    test.skip(true, reason);
    return;
  }

  const { main } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    main: string;
  };
  expect(main).toBe('.vite/build/main.js');
  for (const built of [main, '.vite/build/preload.cjs', '.vite/renderer/main_window/index.html']) {
    if (!existsSync(path.join(repoRoot, built))) {
      throw new Error(`The app is not built (${built} is missing): run \`npm run build\` first.`);
    }
  }

  // A fresh profile: no stored session, so the app must start signed out.
  const profile = mkdtempSync(path.join(tmpdir(), 'routed-matrix-electron-'));
  const app = await electron.launch({
    executablePath: binary.executablePath,
    // Chromium refuses to run as root with its OS sandbox (containers, CI); the renderer's own
    // `sandbox: true` still applies.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), repoRoot],
    env: { ...process.env, HOME: profile, XDG_CONFIG_HOME: profile, APPDATA: profile },
    timeout: 30_000,
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('textbox', { name: /homeserver|server/i })).toBeVisible();
    await expect(window.getByRole('button', { name: /continue/i })).toBeVisible();

    // The page is ours, on its own origin, with the API and without Node.
    expect(window.url()).toBe('app://routed-matrix/index.html');
    const page = await window.evaluate(() => ({
      api: typeof (window as unknown as Record<string, unknown>).matrixApp,
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
    }));
    expect(page).toEqual({ api: 'object', require: 'undefined', process: 'undefined' });

    // Main's app:// handler served the page with the state of the moment and, signed out with no
    // managed configuration, the sign-in screen drawn in (electron/window/firstPage.ts).
    const served = await window.evaluate(() => ({
      state: document.getElementById('first-state') !== null,
      drawn: document.getElementById('app')?.hasAttribute('data-prerendered') ?? false,
    }));
    expect(served).toEqual({ state: true, drawn: true });
  } finally {
    await app.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
