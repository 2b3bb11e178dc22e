/**
 * The connection indicator's state: main's last `connection` event (or `getState`'s answer, if
 * no event came first), a countdown to the next attempt kept on this window's own clock (main's
 * clock may differ, so only the relative `retryInMs` is used), and the "Retry now" action.
 */
import type { Api } from './api';
import type { ConnectionStatus } from './contract';
import { Task } from './task.svelte';

const TICK_MS = 250;

export class ConnectionModel {
  status = $state<ConnectionStatus>({ state: 'connected' });
  /** Whole seconds until the next attempt; 0 while trying. */
  secondsLeft = $state(0);
  readonly retry = new Task();
  #deadline = 0;
  #ticker: ReturnType<typeof setInterval> | null = null;
  #eventSeen = false;

  /** Subscribe to main's events, then ask for the current status; returns the unsubscribe. */
  connect(api: Api): () => void {
    const off = api.on('connection', (status) => {
      this.#eventSeen = true;
      this.#set(status);
    });
    void api.invoke('getState', {}).then((result) => {
      if (result.ok && !this.#eventSeen) this.#set(result.value.connection);
    });
    return () => {
      off();
      this.#stopTicker();
    };
  }

  /** Skip the wait; main answers with the status, and events tell the rest. */
  async retryNow(api: Api): Promise<void> {
    await this.retry.run(() => api.invoke('connectionRetryNow', {}));
  }

  #set(status: ConnectionStatus): void {
    this.status = status;
    if (status.state === 'connected') {
      this.retry.clearError();
      this.#stopTicker();
      this.secondsLeft = 0;
      return;
    }
    this.#deadline = performance.now() + status.retryInMs;
    this.#tick();
    this.#ticker ??= setInterval(() => this.#tick(), TICK_MS);
  }

  #tick(): void {
    this.secondsLeft = Math.max(0, Math.ceil((this.#deadline - performance.now()) / 1000));
  }

  #stopTicker(): void {
    if (this.#ticker !== null) clearInterval(this.#ticker);
    this.#ticker = null;
  }
}
