/**
 * The transport-independent half of IPC: validate a payload against the contract, call the
 * handler, and turn every outcome into a serialisable Result. Electron's ipcMain handlers and the
 * test bridge both call this, so both carry exactly the same checks.
 */
import * as v from 'valibot';
import { UserFacingError } from '../core/UserFacingError.js';
import {
  commandSchemas,
  type CommandHandlers,
  type CommandName,
  type Result,
  type UserError,
} from './contract.js';

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}

export async function dispatchCommand(
  handlers: CommandHandlers,
  name: unknown,
  payload: unknown,
  onInternalError: (name: string, error: unknown) => void = () => {},
): Promise<Result<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, error: { code: 'M_UNRECOGNIZED', message: 'Unknown command.' } };
  }
  const parsed = v.safeParse(commandSchemas[name], payload);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue?.path?.map((p) => String(p.key)).join('.') ?? 'request';
    return {
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: `Invalid ${where}: ${issue?.message ?? 'rejected'}`,
      },
    };
  }
  try {
    const handler = handlers[name] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.output) };
  } catch (error) {
    return { ok: false, error: toUserError(error, name, onInternalError) };
  }
}

function toUserError(
  error: unknown,
  name: string,
  onInternalError: (name: string, error: unknown) => void,
): UserError {
  if (error instanceof UserFacingError) return error.toUserError();
  onInternalError(name, error);
  return { code: 'INTERNAL', message: 'Something went wrong inside the app. Please try again.' };
}
