/**
 * `npm run demo` as a person runs it: the real demo script (test/fixtures/demo.ts, with
 * `--browser` so it uses the bridge even where Electron could launch) in its own process, its
 * console read line by line and typed into. The renderer must be built (`npm run build`, as for
 * every e2e test).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface DemoProcess {
  /** Everything the demo printed so far (stdout and stderr), one entry per line. */
  readonly lines: readonly string[];
  /**
   * The first line from index `from` on that matches `pattern` (waiting for it to be printed).
   * Fails after `timeoutMs` with what the demo printed, or at once if the demo ended.
   */
  waitForLine(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Types a command into the demo's console. */
  type(command: string): void;
  /** Stops it as Ctrl-C does (the demo stops both apps and the servers) and waits. */
  close(): Promise<void>;
}

export function startDemo(): DemoProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'test/fixtures/demo.ts'), '--browser'],
    { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, DEMO_TLS: '' } },
  );
  const lines: string[] = [];
  const wake = new Set<() => void>();
  let ended: string | null = null;
  const add = (line: string) => {
    lines.push(line);
    for (const w of wake) w();
  };
  createInterface({ input: child.stdout }).on('line', add);
  createInterface({ input: child.stderr }).on('line', add);
  child.on('exit', (code, signal) => {
    ended = `the demo ended (${signal ?? `exit code ${code}`})`;
    for (const w of wake) w();
  });

  return {
    lines,
    waitForLine(pattern, from = 0, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          for (let i = from; i < lines.length; i++) {
            const match = pattern.exec(lines[i]!);
            if (match) return done(() => resolve(match));
          }
          if (ended !== null) done(() => reject(failure(`${pattern} not printed: ${ended}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(failure(`${pattern} not printed within ${timeoutMs} ms`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          wake.delete(check);
          settle();
        };
        wake.add(check);
        check();
      });
    },
    type(command) {
      child.stdin.write(`${command}\n`);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      // The demo stops its apps (each waits up to 15 s) and servers; a demo hung longer than
      // that is ended so the test run goes on (its apps may then outlive it: said in the log).
      const timer = setTimeout(() => {
        lines.push('The demo did not stop within 40 s of SIGTERM: killed');
        child.kill('SIGKILL');
      }, 40_000);
      await exited;
      clearTimeout(timer);
    },
  };

  function failure(message: string): Error {
    return new Error(`${message}. The demo printed:\n${lines.slice(-40).join('\n')}`);
  }
}
