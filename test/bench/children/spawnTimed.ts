/**
 * Runs a bench child (tsx) to its end and resolves with its answer, the first stdout line
 * starting with "RESULT " (libraries may log to stdout too), and the ms from spawn until that
 * line came. Waiting for the exit keeps children from overlapping (memory, CPU).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export function spawnChild(
  script: string,
  args: string[] = [],
): Promise<{ ms: number; line: string }> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path, ...args], {
      // stderr is kept for the error only: matrix-js-sdk chats there (push rules...).
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let answer: { ms: number; line: string } | undefined;
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err = (err + chunk).slice(-4000)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (answer) return;
      out += chunk;
      const match = /^RESULT (.*)$/m.exec(out);
      if (match) answer = { ms: performance.now() - t0, line: match[1]! };
    });
    child.on('exit', (code) => {
      if (answer) resolve(answer);
      else reject(new Error(`${script} exited ${code} without an answer:\n${err}`));
    });
  });
}
