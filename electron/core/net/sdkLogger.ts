/**
 * The SDK logs every request at debug level to the console by default. The dedicated
 * identity-server clients get this logger instead: debug chatter is dropped, warnings and errors
 * go to the platform log. The SDK never puts an IS token in a log line (tokens travel in the
 * Authorization header, and its URL logging strips query strings), and messages are capped.
 */
import type { ICreateClientOpts } from 'matrix-js-sdk';
import type { Logger } from '../platform.js';

type SdkLogger = NonNullable<ICreateClientOpts['logger']>;

/**
 * Warnings that say nothing anyone can act on: the SDK fills in the default push rules a server
 * did not send (Synapse 1.67 lacks the newer ones) and warns once per rule at every start, a
 * screenful each time.
 */
const NOT_WORTH_A_WARNING = /^(Missing|Adding) default global \w+ push rule /;

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
    warn: (...msg: unknown[]) => {
      const line = text(msg);
      if (!NOT_WORTH_A_WARNING.test(line)) log.warn(`${namespace}: ${line}`);
    },
    error: (...msg: unknown[]) => log.error(`${namespace}: ${text(msg)}`),
    getChild: (child: string) => createSdkLogger(log, `${namespace}:${child}`),
  };
}
