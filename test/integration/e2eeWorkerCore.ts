/**
 * The test side of e2eeCoreWorker.ts: an app core in a worker thread, driven like startCore's
 * (the same command handlers, the same event list and waitFor), with its own data directory.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CommandHandlers, EventName } from '../../electron/ipc/contract.js';
import { waitForEvent, type RecordedEvents } from './support.js';

export interface WorkerCore extends RecordedEvents {
  handlers: CommandHandlers;
  dataDir: string;
  close(): Promise<void>;
}

const WORKER = join(import.meta.dirname, 'e2eeCoreWorker.ts');

export async function startWorkerCore(
  network: { extraCaPem?: string; hosts?: Record<string, number> } = {},
): Promise<WorkerCore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'routed-matrix-it-'));
  const worker = new Worker(WORKER, {
    workerData: { dataDir, ...network },
    execArgv: ['--import', 'tsx'],
  });
  const events: WorkerCore['events'] = [];
  const waiters = new Set<() => void>();
  const answers = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: Record<string, unknown>) => {
      if (message.ready) resolve();
      else if (typeof message.event === 'string') {
        events.push({ name: message.event as EventName, payload: message.payload as never });
        for (const wake of waiters) wake();
      } else if (typeof message.id === 'number') {
        const answer = answers.get(message.id);
        answers.delete(message.id);
        if ('error' in message) answer?.reject(new Error(String(message.error)));
        else answer?.resolve(message.value);
      }
    });
    worker.on('error', (error) => {
      failure = error;
      reject(error);
      for (const answer of answers.values()) answer.reject(error);
    });
  });
  await ready;
  const call = (command: string, request: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      answers.set(id, { resolve, reject });
      worker.postMessage({ id, command, request });
    });
  const handlers = new Proxy({} as CommandHandlers, {
    get: (_target, command) => (request: unknown) => call(String(command), request),
  });
  return {
    handlers,
    dataDir,
    events,
    waitFor: (name, predicate, ms) => waitForEvent(events, waiters, name, predicate, ms),
    async close() {
      await call('__dispose', {}).catch(() => undefined);
      await worker.terminate();
    },
  };
}
