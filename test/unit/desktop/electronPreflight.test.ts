/**
 * `npm start` without Electron's binary: one line with the reason and the way out, exit 1, no
 * stack trace; with the binary, silence and exit 0 so `electron-forge start` runs. The script
 * runs as `npm start` runs it, in a child Node process, against electron package folders made
 * here (and against this project's own, whichever state it is in).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const script = path.join(repoRoot, 'scripts', 'electronPreflight.mjs');
const workDir = mkdtempSync(path.join(tmpdir(), 'routed-matrix-preflight-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([key]) => key !== 'ELECTRON_SKIP_BINARY_DOWNLOAD' && key !== 'ELECTRON_OVERRIDE_DIST_PATH',
  ),
);

function preflight(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [script, ...args], {
    cwd: repoRoot,
    env: { ...cleanEnv, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** An electron package folder: package.json, then optionally path.txt and the binary. */
function electronPackage(name: string, parts: { pathTxt?: boolean; binary?: boolean }) {
  const dir = path.join(workDir, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), '{"name":"electron"}');
  if (parts.pathTxt) writeFileSync(path.join(dir, 'path.txt'), 'electron');
  if (parts.binary) {
    mkdirSync(path.join(dir, 'dist'), { recursive: true });
    writeFileSync(path.join(dir, 'dist', 'electron'), '');
  }
  return dir;
}

function expectOneLine(stderr: string, reason: RegExp) {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Cannot start Electron: /);
  expect(lines[0]).toMatch(reason);
  expect(lines[0]).toContain('npm run browser');
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('electron preflight (npm start)', () => {
  it('says in one line that the binary was never downloaded, and points to npm run browser', () => {
    const dir = electronPackage('skipped', {});
    const run = preflight([dir], { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expectOneLine(run.stderr, /path\.txt is missing.*ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('names the missing binary when path.txt is there but the binary is not', () => {
    const dir = electronPackage('half', { pathTxt: true });
    const run = preflight([dir]);
    expect(run.code).toBe(1);
    expectOneLine(
      run.stderr,
      new RegExp(`binary ${path.join(dir, 'dist', 'electron')} is missing`),
    );
  });

  it('says so when the electron package itself is not installed', () => {
    const run = preflight([path.join(workDir, 'nothing-here')]);
    expect(run.code).toBe(1);
    expectOneLine(run.stderr, /electron package is not installed.*npm ci/);
  });

  it('is silent and lets the start go on when the binary is there', () => {
    const run = preflight([electronPackage('complete', { pathTxt: true, binary: true })]);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it("honours ELECTRON_OVERRIDE_DIST_PATH as Electron's own entry point does", () => {
    const dir = electronPackage('override', { pathTxt: true });
    const elsewhere = electronPackage('elsewhere', { pathTxt: true, binary: true });
    expect(
      preflight([dir], { ELECTRON_OVERRIDE_DIST_PATH: path.join(elsewhere, 'dist') }).code,
    ).toBe(0);
  });

  it("checks this project's own electron package when given none", () => {
    const dir = path.join(repoRoot, 'node_modules', 'electron');
    const pathTxt = path.join(dir, 'path.txt');
    const present =
      existsSync(pathTxt) &&
      existsSync(path.join(dir, 'dist', readFileSync(pathTxt, 'utf8').trim()));
    const run = preflight([]);
    if (present) {
      expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    } else {
      expect(run.code).toBe(1);
      expectOneLine(run.stderr, /binary/);
    }
  });

  it('runs before electron-forge start in `npm start`', () => {
    const scripts = (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    expect(scripts.start).toBe('node scripts/electronPreflight.mjs && electron-forge start');
  });
});
