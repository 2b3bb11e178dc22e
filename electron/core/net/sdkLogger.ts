/**
 * The SDK logs every request at debug level to the console by default. The dedicated
 * identity-server clients get this logger instead: debug chatter is dropped, warnings and errors
 * go to the platform log. The SDK never puts an IS token in a log line (tokens travel in the
 * Authorization header, and its URL logging strips query strings), and messages are capped.
 */
import type { ICreateClientOpts } from 'matrix-js-sdk';
import type { Logger } from '../platform.js';

type SdkLogger = NonNullable<ICreateClientOpts['logger']>;

export function createSdkLogger(log: Logger, namespace = 'sdk'): SdkLogger {
  const text = (msg: unknown[]) =>
    msg
      .map((m) => (m instanceof Error ? m.message : String(m)))
      .join(' ')
      .slice(0, 500);
  const quiet = () => {};
  return {
    trace: quiet,
    debug: quiet,
    info: quiet,
    warn: (...msg: unknown[]) => log.warn(`${namespace}: ${text(msg)}`),
    error: (...msg: unknown[]) => log.error(`${namespace}: ${text(msg)}`),
    getChild: (child: string) => createSdkLogger(log, `${namespace}:${child}`),
  };
}
