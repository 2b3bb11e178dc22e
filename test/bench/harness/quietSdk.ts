/** matrix-js-sdk logs every request at debug level; the benchmark table must stay readable. */
import { logger } from 'matrix-js-sdk/lib/logger.js';

(logger as unknown as { setLevel(level: string): void }).setLevel('warn');
