/**
 * One user action in flight: whether it is running, and the error of its last failure. Every
 * screen uses this for the same behaviour: controls disabled and a status text while pending, the
 * Result's message in an alert on failure, and nothing else touched when it fails.
 */
import type { Result, UserError } from './contract';

export class Task {
  pending = $state(false);
  error = $state<UserError | null>(null);
  /** Bumped by `abandon`, so an answer that arrives after the user gave up is ignored. */
  #generation = 0;

  /** Runs `action`; answers its value on success, or undefined (with `error` set) on failure. */
  async run<T>(action: () => Promise<Result<T>>): Promise<{ value: T } | undefined> {
    const generation = ++this.#generation;
    this.pending = true;
    this.error = null;
    const result = await action();
    if (generation !== this.#generation) return undefined;
    this.pending = false;
    if (result.ok) return { value: result.value };
    this.error = result.error;
    return undefined;
  }

  /** Forget the action in flight: its answer, success or failure, will change nothing. */
  abandon(): void {
    this.#generation++;
    this.pending = false;
  }

  /** Show a failure found before asking main (e.g. an empty field). */
  fail(code: string, message: string): void {
    this.error = { code, message };
  }

  clearError(): void {
    this.error = null;
  }
}
