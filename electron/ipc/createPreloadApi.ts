/**
 * The API preload exposes to the page, built from the contract alone, so a new command or event
 * needs no change here. No Electron import: preload.ts passes in `ipcRenderer`, tests a fake.
 *
 * Two promises to the page: it can reach only the contract's channels (a name the contract does
 * not list never becomes an IPC message), and it never receives Electron's event object, which
 * would hand it `sender` and with it the raw IPC surface.
 */
import {
  commandChannel,
  commandNames,
  eventChannel,
  eventNames,
  type AppApi,
  type AppEvents,
  type CommandName,
  type CommandResult,
  type EventName,
} from './contract.js';

/** The part of Electron's `ipcRenderer` the API uses. */
export interface IpcRendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const knownCommands: ReadonlySet<string> = new Set(commandNames);
const knownEvents: ReadonlySet<string> = new Set(eventNames);

function isKnownCommand(name: unknown): name is CommandName {
  return typeof name === 'string' && knownCommands.has(name);
}

function isKnownEvent(name: unknown): name is EventName {
  return typeof name === 'string' && knownEvents.has(name);
}

export function createPreloadApi(ipc: IpcRendererPort): AppApi {
  return {
    invoke<N extends CommandName>(name: N, request: unknown): Promise<CommandResult<N>> {
      if (!isKnownCommand(name)) {
        // Same answer main's dispatcher gives, so the page handles one kind of failure.
        return Promise.resolve({
          ok: false,
          error: { code: 'M_UNRECOGNIZED', message: 'Unknown command.' },
        });
      }
      // Main validates `request` against the contract's schema; only the payload crosses.
      return ipc.invoke(commandChannel(name), request) as Promise<CommandResult<N>>;
    },

    on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
      if (!isKnownEvent(event)) throw new TypeError(`Unknown event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('The listener must be a function.');
      const channel = eventChannel(event);
      const relay = (_event: unknown, payload: unknown) => listener(payload as AppEvents[E]);
      ipc.on(channel, relay);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, relay);
      };
    },
  };
}
