/**
 * Where each operating system keeps the administrator's file, and how the explicit file is
 * named on the command line or in the environment.
 */
import { describe, expect, it } from 'vitest';
import { explicitConfigPath, systemConfigPath } from '../../../electron/config/configLocations.js';

describe('system config file', () => {
  it.each([
    ['linux', {}, '/etc/routed-matrix/config.json'],
    ['freebsd', {}, '/etc/routed-matrix/config.json'],
    ['darwin', {}, '/Library/Application Support/Routed Matrix/config.json'],
    ['win32', { ProgramData: 'D:\\ProgramData' }, 'D:\\ProgramData\\Routed Matrix\\config.json'],
    ['win32', {}, 'C:\\ProgramData\\Routed Matrix\\config.json'],
  ] as const)('on %s (%j) is %s', (platform, env, expected) => {
    expect(systemConfigPath(platform, env)).toBe(expected);
  });
});

describe('explicit config file', () => {
  const cwd = '/home/someone';

  it('is none without --config or ROUTED_MATRIX_CONFIG', () => {
    expect(explicitConfigPath(['node', 'cli.ts'], {}, cwd)).toEqual({ kind: 'none' });
    expect(explicitConfigPath([], { ROUTED_MATRIX_CONFIG: ' ' }, cwd)).toEqual({ kind: 'none' });
  });

  it('takes --config PATH and --config=PATH, the last one winning', () => {
    expect(explicitConfigPath(['--config', 'a.json'], {}, cwd)).toEqual({
      kind: 'file',
      path: '/home/someone/a.json',
      namedBy: '--config',
    });
    expect(
      explicitConfigPath(['--config', '/etc/a.json', '--config=/srv/b.json'], {}, cwd),
    ).toMatchObject({ path: '/srv/b.json' });
  });

  it('prefers --config to ROUTED_MATRIX_CONFIG', () => {
    const env = { ROUTED_MATRIX_CONFIG: '/srv/env.json' };
    expect(explicitConfigPath([], env, cwd)).toEqual({
      kind: 'file',
      path: '/srv/env.json',
      namedBy: 'ROUTED_MATRIX_CONFIG',
    });
    expect(explicitConfigPath(['--config', '/srv/flag.json'], env, cwd)).toMatchObject({
      path: '/srv/flag.json',
      namedBy: '--config',
    });
  });

  it('refuses --config without a path rather than reading the next option as one', () => {
    for (const argv of [['--config'], ['--config', '--inspect'], ['--config=']]) {
      expect(explicitConfigPath(argv, { ROUTED_MATRIX_CONFIG: '/srv/env.json' }, cwd)).toEqual({
        kind: 'invalid',
        namedBy: '--config',
        message: '--config needs a file path',
      });
    }
  });
});
