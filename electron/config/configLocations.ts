/**
 * Where managed config files live. The system file is the administrator's (installed by
 * software deployment, writable only by administrators); the user's file sits in the app's
 * user-data folder; an explicit file comes from `--config PATH` or ROUTED_MATRIX_CONFIG, for a
 * test, a demo or a second profile.
 */
import path from 'node:path';

export const CONFIG_FILE_NAME = 'config.json';
export const CONFIG_ENV = 'ROUTED_MATRIX_CONFIG';
export const CONFIG_FLAG = '--config';

export type Env = Record<string, string | undefined>;

export function systemConfigPath(platform: NodeJS.Platform, env: Env): string {
  switch (platform) {
    case 'win32': {
      const programData = env.ProgramData || env.PROGRAMDATA || 'C:\\ProgramData';
      return path.win32.join(programData, 'Routed Matrix', CONFIG_FILE_NAME);
    }
    case 'darwin':
      return path.posix.join('/Library/Application Support/Routed Matrix', CONFIG_FILE_NAME);
    default:
      return path.posix.join('/etc/routed-matrix', CONFIG_FILE_NAME);
  }
}

export function userConfigPath(userDataDir: string): string {
  return path.join(userDataDir, CONFIG_FILE_NAME);
}

export type ExplicitConfig =
  | { kind: 'none' }
  | { kind: 'file'; path: string; namedBy: string }
  | { kind: 'invalid'; namedBy: string; message: string };

/**
 * The explicit file: `--config PATH` or `--config=PATH` (the last one given) wins over
 * ROUTED_MATRIX_CONFIG, as a command line is more specific than the environment; only one
 * explicit file is read. Relative paths start at `cwd`.
 */
export function explicitConfigPath(argv: readonly string[], env: Env, cwd: string): ExplicitConfig {
  let fromArgv: string | null = null;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === CONFIG_FLAG) {
      const next = argv[index + 1];
      fromArgv = next !== undefined && !next.startsWith('--') ? next : '';
      if (fromArgv !== '') index++;
    } else if (arg.startsWith(`${CONFIG_FLAG}=`)) {
      fromArgv = arg.slice(CONFIG_FLAG.length + 1);
    }
  }
  if (fromArgv !== null) {
    return fromArgv.trim() === ''
      ? { kind: 'invalid', namedBy: CONFIG_FLAG, message: `${CONFIG_FLAG} needs a file path` }
      : { kind: 'file', path: path.resolve(cwd, fromArgv), namedBy: CONFIG_FLAG };
  }
  const fromEnv = env[CONFIG_ENV];
  if (fromEnv === undefined || fromEnv.trim() === '') return { kind: 'none' };
  return { kind: 'file', path: path.resolve(cwd, fromEnv), namedBy: CONFIG_ENV };
}
