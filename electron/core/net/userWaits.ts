/**
 * Time the app spends waiting for the user does not count against a request's deadline.
 *
 * A proxy that asks for a password (HTTP 407) holds the request that met it until the user
 * answers the prompt (ProxyAuthBroker). Discovery and sign-in give their requests a fixed 10-15 s;
 * counted on the wall clock, a user still typing the proxy password would see the sign-in fail
 * with a time-out that has nothing to do with the server. So those deadlines stop while any
 * prompt is open and go on with what was left when the last one is answered.
 *
 * Global on purpose, like the AbortSignal.timeout it replaces: a deadline is made deep inside
 * discovery code that knows nothing of proxies, and the prompts are per proxy, not per request.
 */

type Listener = (waiting: boolean) => void;

export class UserWaits {
  private open = 0;
  private readonly listeners = new Set<Listener>();

  get waiting(): boolean {
    return this.open > 0;
  }

  /** A wait on the user starts; the returned function ends it (calling it again does nothing). */
  begin(): () => void {
    this.open += 1;
    if (this.open === 1) this.notify(true);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open -= 1;
      if (this.open === 0) this.notify(false);
    };
  }

  /** Calls `listener` when the app starts (true) or stops (false) waiting on the user. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(waiting: boolean): void {
    for (const listener of [...this.listeners]) listener(waiting);
  }
}

/** The app's one set of user waits (ProxyAuthBroker begins them). */
export const userWaits = new UserWaits();

/**
 * Like `AbortSignal.timeout(ms)`, joined with `signal` when given, except that the time runs only
 * while the app is not waiting on the user. It aborts with the same TimeoutError DOMException,
 * so error descriptions read as before.
 */
export function requestDeadline(
  ms: number,
  signal?: AbortSignal,
  waits: UserWaits = userWaits,
): AbortSignal {
  const controller = new AbortController();
  let remaining = ms;
  let startedAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    unsubscribe();
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  };
  const run = () => {
    if (timer !== undefined || controller.signal.aborted) return;
    startedAt = performance.now();
    timer = setTimeout(fire, remaining);
    // As AbortSignal.timeout: a pending deadline does not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  const pause = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    remaining = Math.max(0, remaining - (performance.now() - startedAt));
  };
  const unsubscribe = waits.subscribe((waiting) => (waiting ? pause() : run()));
  if (!waits.waiting) run();
  return signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
}
