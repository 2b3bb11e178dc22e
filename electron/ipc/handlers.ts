/**
 * One `ipcMain.handle` per contract command. Each handler first makes sure the call comes from
 * the app's own page (trustedSender.ts), then hands the payload to the shared dispatcher, which
 * validates it against the contract and turns every outcome into a serialisable Result.
 *
 * Only Electron's types are imported: main.ts passes `ipcMain` and the window in, which keeps the
 * wiring testable with fakes.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Logger } from '../core/platform.js';
import type { AppLocation } from '../window/appLocation.js';
import { commandChannel, commandNames, type CommandHandlers, type Result } from './contract.js';
import { dispatchCommand } from './dispatch.js';
import { isTrustedSender, type SenderFacts } from './trustedSender.js';

export interface IpcHandlerOptions {
  handlers: CommandHandlers;
  /** The main window now (null while there is none, e.g. on macOS with every window closed). */
  mainWindow: () => BrowserWindow | null;
  location: AppLocation;
  log: Logger;
}

/** What an untrusted sender gets: nothing about the app, and no command is run. */
const UNTRUSTED_SENDER: Result<never> = {
  ok: false,
  error: { code: 'M_FORBIDDEN', message: 'This page may not use the app.' },
};

type InvokePort = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** Registers every command's handler; returns the function that removes them again. */
export function registerIpcHandlers(ipcMain: InvokePort, options: IpcHandlerOptions): () => void {
  const { handlers, mainWindow, location, log } = options;
  for (const name of commandNames) {
    ipcMain.handle(commandChannel(name), async (event: IpcMainInvokeEvent, payload: unknown) => {
      const facts = senderFacts(event, mainWindow());
      if (!isTrustedSender(facts, location)) {
        log.warn('Refused an IPC call from outside the app page', {
          command: name,
          frameUrl: facts.frameUrl,
        });
        return UNTRUSTED_SENDER;
      }
      return dispatchCommand(handlers, name, payload, (command, error) =>
        log.error('Command failed', { command, error: describeError(error) }),
      );
    });
  }
  return () => {
    for (const name of commandNames) ipcMain.removeHandler(commandChannel(name));
  };
}

function senderFacts(event: IpcMainInvokeEvent, window: BrowserWindow | null): SenderFacts {
  const frame = event.senderFrame;
  const ours = window !== null && !window.isDestroyed() ? window.webContents : null;
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame.parent === null,
    fromOurWindow: ours !== null && event.sender.id === ours.id,
  };
}

/** Name and message only: a stack or a whole error object could carry request details. */
function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
