/**
 * build/installer.nsh (the Windows installer's matrix: scheme) is real NSIS: Debian's makensis
 * compiles it into an installer and uninstaller with the macros electron-builder inserts. NSIS
 * is a Windows installer compiler that runs on Linux, so this needs no Windows; where makensis
 * is missing the test says so and skips (.ci/run installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const require = createRequire(import.meta.url);
const builderConfig = require('../../../electron-builder.config.cjs') as {
  productName: string;
  nsis: { include: string; perMachine: boolean };
};

const available = spawnSync('makensis', ['-VERSION'], { encoding: 'utf8' }).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'nsis-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A minimal installer that inserts the macros the way electron-builder's templates do. */
function compile(includeFile: string): { ok: boolean; output: string } {
  const script = path.join(work, 'test.nsi');
  writeFileSync(
    script,
    [
      `!define APP_EXECUTABLE_FILENAME "${builderConfig.productName}.exe"`,
      `OutFile "${path.join(work, 'routed-matrix-installer-check.exe')}"`,
      'RequestExecutionLevel user',
      'Unicode true',
      `!include "${includeFile}"`,
      'Section "Install"',
      '  !insertmacro customInstall',
      '  WriteUninstaller "$INSTDIR\\uninstall.exe"',
      'SectionEnd',
      'Section "Uninstall"',
      '  !insertmacro customUnInstall',
      'SectionEnd',
    ].join('\n'),
  );
  const run = spawnSync('makensis', ['-V2', '-WX', script], { encoding: 'utf8' });
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('the Windows installer script (makensis)', () => {
  const include = path.join(repoRoot, builderConfig.nsis.include);

  it('registers matrix: per user, as Electron does, and removes only its own registration', () => {
    const text = readFileSync(include, 'utf8');
    expect(builderConfig.nsis.perMachine).toBe(false);
    expect(text).toContain('WriteRegStr HKCU "Software\\Classes\\matrix" "URL Protocol" ""');
    // The command line Electron's setAsDefaultProtocolClient writes too, so the uninstaller's
    // comparison matches either writer.
    const command = `'"$INSTDIR\\\${APP_EXECUTABLE_FILENAME}" "%1"'`;
    expect(text).toContain(`"Software\\Classes\\matrix\\shell\\open\\command" "" ${command}`);
    const uninstall = /!macro customUnInstall([\s\S]*?)!macroend/.exec(text)?.[1] ?? '';
    expect(uninstall).toContain(`StrCmp $0 ${command}`);
    expect(uninstall.indexOf('StrCmp')).toBeLessThan(uninstall.indexOf('DeleteRegKey'));
  });

  it.skipIf(!available)('compiles, warnings as errors, with both macros inserted', () => {
    const result = compile(include);
    expect(result.output, result.output).not.toMatch(/warning/i);
    expect(result.ok, result.output).toBe(true);
  });

  it.skipIf(!available)('is really compiled: a misspelt instruction fails', () => {
    const broken = path.join(work, 'broken.nsh');
    writeFileSync(broken, readFileSync(include, 'utf8').replace('DeleteRegKey', 'DeleteRegKee'));
    const result = compile(broken);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/Invalid command: "?DeleteRegKee/);
  });

  it.skipIf(available)('is not compiled here: makensis is missing (apt-get install nsis)', () => {
    expect(available).toBe(false);
  });
});
