/**
 * `npm run browser` reads the managed configuration the way Electron main does: the user's file
 * in APP_DATA_DIR, then `--config PATH` or ROUTED_MATRIX_CONFIG. The bridge is started for
 * real; its problems go to stderr, and it still starts (the one `App:` line on stdout). Started as
 * the demo starts its apps, it quits when its stdin ends, as when the demo is killed.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeConfigDirs, type ConfigDirs } from './configFiles.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(repoRoot, 'test/bridge/cli.ts');

let dirs: ConfigDirs;
beforeEach(() => (dirs = makeConfigDirs()));
afterEach(() => dirs.remove());

/**
 * Starts the bridge CLI, waits for its App line, then ends its stdin as a parent that died would
 * (APP_QUIT_WITH_PARENT, the demo's apps); returns what it wrote to stderr and how it exited.
 */
async function runBridge(
  args: string[],
  env: Record<string, string>,
): Promise<{ stderr: string; exit: [number | null, string | null] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, APP_DATA_DIR: dirs.userDir, APP_QUIT_WITH_PARENT: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit');
  const started = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('App: http://127.0.0.1:')) resolve();
    });
    void exited.then(() => reject(new Error(`the bridge exited before starting: ${stderr}`)));
  });
  try {
    await started;
    child.stdin.end();
    const deadline = AbortSignal.timeout(30_000);
    const [code, signal] = (await Promise.race([
      exited,
      once(deadline, 'abort').then(() => [null, 'still running 30 s after its stdin ended']),
    ])) as [number | null, string | null];
    return { stderr, exit: [code, signal] };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

// One start only: the bridge takes seconds to start on a loaded machine.
it(
  'reads the user file and --config over ROUTED_MATRIX_CONFIG, names problems, starts; quits with its parent',
  {
    timeout: 90_000,
  },
  async () => {
    dirs.write(dirs.userFile, { updates: { enabled: 'sometimes' } });
    const explicit = dirs.write(join(dirs.root, 'admin.json'), { bogus_key: true });
    const fromEnv = dirs.write(join(dirs.root, 'env.json'), { env_only_key: true });

    const { stderr, exit } = await runBridge(['--config', explicit], {
      ROUTED_MATRIX_CONFIG: fromEnv,
    });
    // Quit, cleanly, when its stdin ended: what a killed demo leaves its apps.
    expect(exit).toEqual([0, null]);

    const problems = stderr
      .split('\n')
      .filter((line) => line.startsWith('Managed config problem: '))
      .map((line) => JSON.parse(line.slice('Managed config problem: '.length)) as unknown);
    expect(problems).toEqual([
      {
        path: dirs.userFile,
        key: 'updates.enabled',
        message: 'expected boolean, got "sometimes"; "updates" is ignored',
      },
      { path: explicit, key: 'bogus_key', message: 'unknown key, ignored' },
    ]);
  },
);
