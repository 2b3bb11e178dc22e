/**
 * Starts the real servers for the `test:real` tier and stops them afterwards: but only when this
 * run started them (one set per machine; a run already using them keeps them). Where they were
 * never set up, says so and leaves the tests to report themselves skipped.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REAL_ROOT, realServersMissing, SYNAPSE } from './realServers.js';

async function answering(): Promise<boolean> {
  try {
    const [hs, is] = await Promise.all([
      fetch(`${SYNAPSE}/_matrix/client/versions`, { signal: AbortSignal.timeout(2_000) }),
      fetch('http://127.0.0.1:8090/_matrix/identity/v2', { signal: AbortSignal.timeout(2_000) }),
    ]);
    return hs.ok && is.ok;
  } catch {
    return false;
  }
}

export default async function setup(): Promise<(() => void) | undefined> {
  const missing = realServersMissing();
  if (missing !== null) {
    console.warn(`test:real ${missing}`);
    return undefined;
  }
  if (await answering()) {
    console.warn('test:real: the real servers are already running; using them as they are');
    return undefined;
  }
  execFileSync(join(REAL_ROOT, 'start.sh'), ['--fresh'], { stdio: 'inherit', timeout: 120_000 });
  return () => {
    execFileSync(join(REAL_ROOT, 'stop.sh'), [], { stdio: 'inherit', timeout: 60_000 });
  };
}
