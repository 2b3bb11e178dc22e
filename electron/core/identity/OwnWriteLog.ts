/**
 * Which m.identity_server values this app wrote itself, so that their echo through /sync is not
 * mistaken for "changed on another device" (which would raise the notice and withdraw terms
 * acceptance for a server the user just chose here).
 *
 * Writes are echoed in order, so a match also retires every older write: the server has moved
 * past them. The log is short; an echo that never comes cannot pile up.
 */
const MAX_REMEMBERED = 8;

export class OwnWriteLog {
  private readonly written: (string | null)[] = [];

  remember(baseUrl: string | null): void {
    this.written.push(baseUrl);
    if (this.written.length > MAX_REMEMBERED) this.written.shift();
  }

  /** The write failed, so no echo will come for it. */
  forget(baseUrl: string | null): void {
    const index = this.written.lastIndexOf(baseUrl);
    if (index >= 0) this.written.splice(index, 1);
  }

  /** True when `content` is the echo of one of our writes (which it then retires). */
  isOwnEcho(content: unknown): boolean {
    if (typeof content !== 'object' || content === null || !('base_url' in content)) return false;
    const baseUrl = (content as { base_url: unknown }).base_url;
    if (baseUrl !== null && typeof baseUrl !== 'string') return false;
    const index = this.written.indexOf(baseUrl);
    if (index < 0) return false;
    this.written.splice(0, index + 1);
    return true;
  }
}
