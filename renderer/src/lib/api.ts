/**
 * The typed API that preload (in Electron) or the test bridge (in Chromium) puts on `window`.
 * `invoke` here never rejects: a transport failure becomes an ordinary failed Result, so every
 * screen handles exactly one kind of failure.
 */
import type {
  API_GLOBAL,
  AppApi,
  AppEvents,
  CommandName,
  CommandRequest,
  CommandResult,
  EventName,
} from './contract';

/** Same string as the contract's API_GLOBAL; the type ties the two together at compile time. */
const apiGlobal: typeof API_GLOBAL = 'matrixApp';

export interface Api {
  invoke<N extends CommandName>(name: N, request: CommandRequest<N>): Promise<CommandResult<N>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

function isAppApi(candidate: unknown): candidate is AppApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const api = candidate as Partial<Record<keyof AppApi, unknown>>;
  return typeof api.invoke === 'function' && typeof api.on === 'function';
}

/** The API, or null when the window was opened without preload or bridge. */
export function findApi(): Api | null {
  const candidate: unknown = (window as unknown as Record<string, unknown>)[apiGlobal];
  if (!isAppApi(candidate)) return null;
  return {
    async invoke(name, request) {
      try {
        return await candidate.invoke(name, request);
      } catch {
        return {
          ok: false,
          error: {
            code: 'NO_ANSWER',
            message: 'The app did not answer. Please try again, or restart the app.',
          },
        };
      }
    },
    on: (event, listener) => candidate.on(event, listener),
  };
}
