/**
 * The test side of appInstanceChild.ts: an app instance in its own process, driven through the
 * IPC contract as the window drives it (commands as `invoke` frames over the bridge's
 * WebSocket, validated by the same dispatch as Electron's ipcMain; events as they reach the
 * window). Stop it cleanly or SIGKILL it, then start a new process on the same data directory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type {
  AppEvents,
  CommandHandlers,
  EventName,
  Result,
  UserError,
} from '../../electron/ipc/contract.js';
import { waitForEvent, type RecordedEvents } from '../integration/support.js';
import type { AppInstanceConfig } from './appInstanceChild.js';

const CHILD = join(import.meta.dirname, 'appInstanceChild.ts');
/** Loading the core and Rust crypto's WebAssembly in a new process: seconds on a busy machine. */
const START_MS = 60_000;

/** A command the app answered with an error: the UserError the window would show. */
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly error: UserError,
  ) {
    super(`${command} failed: ${error.code}: ${error.message}`);
  }
}

export interface AppInstance extends RecordedEvents {
  /** The contract's commands, as the window invokes them. */
  handlers: CommandHandlers;
  dataDir: string;
  /** The app's log so far (for a failing test's message). */
  logTail(): string;
  /** Stops the app cleanly (as quitting it does); resolves with the exit code. */
  stop(): Promise<number | string | null>;
  /** SIGKILL: no chance to close anything. */
  kill(): Promise<number | string | null>;
}

export async function startAppInstance(
  config: Omit<AppInstanceConfig, 'dataDir'> & { dataDir?: string },
): Promise<AppInstance> {
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'routed-matrix-real-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify({ ...config, dataDir })],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  const logTail = () => {
    const file = join(dataDir, 'app.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '';
  };
  const url = await firstLine(child, exited, logTail);
  return connect(child, exited, url, dataDir, logTail);
}

async function firstLine(
  child: ChildProcess,
  exited: Promise<number | string | null>,
  logTail: () => string,
): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const line = new Promise<string>((resolve) => lines.once('line', resolve));
  const timeout = AbortSignal.timeout(START_MS);
  const text = await Promise.race([
    line,
    exited.then((how) => {
      throw new Error(`the app process exited (${how}) before it started\n${logTail()}`);
    }),
    new Promise<never>((_, reject) =>
      timeout.addEventListener('abort', () =>
        reject(new Error(`the app process did not start within ${START_MS} ms`)),
      ),
    ),
  ]);
  return (JSON.parse(text) as { url: string }).url;
}

async function connect(
  child: ChildProcess,
  exited: Promise<number | string | null>,
  url: string,
  dataDir: string,
  logTail: () => string,
): Promise<AppInstance> {
  const page = new URL(url);
  const token = new URLSearchParams(page.hash.slice(1)).get('token') ?? '';
  // As the page's bridge client connects: same origin, the run's token.
  const socket = new WebSocket(`ws://${page.host}/bridge?token=${encodeURIComponent(token)}`, {
    origin: page.origin,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const events: AppInstance['events'] = [];
  const waiters = new Set<() => void>();
  const pending = new Map<number, (result: Result<unknown>) => void>();
  let nextId = 1;
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as
      | { type: 'result'; id: number; result: Result<unknown> }
      | { type: 'event'; name: EventName; payload: AppEvents[EventName] };
    if (frame.type === 'result') {
      pending.get(frame.id)?.(frame.result);
      pending.delete(frame.id);
    } else {
      events.push({ name: frame.name, payload: frame.payload });
      for (const wake of waiters) wake();
    }
  });
  socket.on('close', () => {
    for (const answer of pending.values()) {
      answer({ ok: false, error: { code: 'BRIDGE_CLOSED', message: 'The app stopped.' } });
    }
    pending.clear();
  });
  const invoke = (name: string, request: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (result) =>
        result.ok ? resolve(result.value) : reject(new CommandError(name, result.error)),
      );
      socket.send(JSON.stringify({ type: 'invoke', id, name, request }));
    });
  const handlers = new Proxy({} as CommandHandlers, {
    get: (_target, name) => (request: unknown) => invoke(String(name), request),
  });
  const ended = async () => {
    const how = await exited;
    socket.terminate();
    return how;
  };
  return {
    handlers,
    events,
    waitFor: (name, predicate, ms) => waitForEvent(events, waiters, name, predicate, ms),
    dataDir,
    logTail,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.stdin!.write('stop\n');
      return ended();
    },
    kill: () => {
      child.kill('SIGKILL');
      return ended();
    },
  };
}
