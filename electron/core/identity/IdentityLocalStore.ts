/**
 * What this app remembers locally about identity servers, per signed-in user and per IS URL:
 *
 * - the IS access token, sealed with platform.secrets (safeStorage) before it touches settings.
 *   When the OS offers no encryption the token lives in memory only, for this run: registering
 *   again next time is cheap, a plain-text token on disk is not.
 * - that the user accepted the server's terms in this app. m.accepted_terms says which documents
 *   the account accepted on any device; this says the person at this keyboard agreed, which is
 *   what lets this app send their contacts' addresses to that server.
 *
 * - which server was active when this app last knew, so a change made on another device while
 *   the app was closed is still reported when it next starts.
 *
 * Settings values are read defensively: a corrupt or hand-edited file means "nothing stored".
 */
import type { Platform } from '../platform.js';

const TOKENS_KEY = 'identity.tokens';
const TERMS_KEY = 'identity.acceptedTerms';
const LAST_ACTIVE_KEY = 'identity.lastActive';
const PLAIN_LOOKUP_KEY = 'identity.plainLookupConsent';

type PerUser<T> = Record<string, Record<string, T>>;

interface TermsRecord {
  policyUrls: string[];
  acceptedAt: number;
}

export class IdentityLocalStore {
  /** Tokens that could not be sealed (no OS encryption): kept for this run only. */
  private readonly unsealedTokens = new Map<string, string>();

  constructor(
    private readonly platform: Platform,
    private readonly userId: string,
  ) {}

  getToken(url: string): string | null {
    const inMemory = this.unsealedTokens.get(url);
    if (inMemory !== undefined) return inMemory;
    const sealed = this.read<unknown>(TOKENS_KEY)[this.userId]?.[url];
    if (typeof sealed !== 'string') return null;
    try {
      return this.platform.secrets.decrypt(sealed);
    } catch {
      // Sealed under a key the OS no longer has: useless, so forget it and register again.
      this.deleteToken(url);
      return null;
    }
  }

  setToken(url: string, token: string): void {
    if (!this.platform.secrets.isAvailable()) {
      this.unsealedTokens.set(url, token);
      return;
    }
    this.unsealedTokens.delete(url);
    this.update<string>(TOKENS_KEY, (mine) => ({
      ...mine,
      [url]: this.platform.secrets.encrypt(token),
    }));
  }

  deleteToken(url: string): void {
    this.unsealedTokens.delete(url);
    this.update<string>(TOKENS_KEY, (mine) => {
      const { [url]: _removed, ...rest } = mine;
      return rest;
    });
  }

  /** The servers this app holds a token for, for this user (sealed or in memory). */
  serversWithTokens(): string[] {
    const sealed = Object.keys(this.read<string>(TOKENS_KEY)[this.userId] ?? {});
    return [...new Set([...sealed, ...this.unsealedTokens.keys()])];
  }

  /** Every IS token this app holds, for any user (sign-out leaves none behind). */
  deleteAllTokens(): void {
    this.unsealedTokens.clear();
    this.platform.settings.delete(TOKENS_KEY);
  }

  /**
   * Everything kept for this user: IS tokens, accepted terms, the last active server. For a
   * session that is over for good (sign-out, hard logout); a soft logout keeps it all.
   */
  forgetUser(): void {
    this.unsealedTokens.clear();
    for (const key of [TOKENS_KEY, TERMS_KEY, LAST_ACTIVE_KEY, PLAIN_LOOKUP_KEY])
      this.update(key, () => ({}));
  }

  hasAcceptedTerms(url: string): boolean {
    const record = this.read<Partial<TermsRecord>>(TERMS_KEY)[this.userId]?.[url];
    return typeof record === 'object' && record !== null && Array.isArray(record.policyUrls);
  }

  recordAcceptedTerms(url: string, policyUrls: string[]): void {
    const record: TermsRecord = {
      policyUrls: [...policyUrls],
      acceptedAt: this.platform.clock.now(),
    };
    this.update<TermsRecord>(TERMS_KEY, (mine) => ({ ...mine, [url]: record }));
  }

  forgetAcceptedTerms(url: string): void {
    this.update<TermsRecord>(TERMS_KEY, (mine) => {
      const { [url]: _removed, ...rest } = mine;
      return rest;
    });
  }

  /** The active server this app last saw for the user: a URL, null (none), or undefined (never). */
  lastActiveServer(): string | null | undefined {
    const entry = this.read<unknown>(LAST_ACTIVE_KEY)[this.userId]?.active;
    return typeof entry === 'string' || entry === null ? entry : undefined;
  }

  rememberActiveServer(url: string | null): void {
    this.update<string | null>(LAST_ACTIVE_KEY, () => ({ active: url }));
  }

  forgetActiveServer(): void {
    this.update<string | null>(LAST_ACTIVE_KEY, () => ({}));
  }

  /**
   * The user agreed that this server, which offers no hashing, may receive the addresses they
   * look up in the clear (asked once per server, remembered until sign-out).
   */
  allowsPlainLookup(url: string): boolean {
    return this.read<unknown>(PLAIN_LOOKUP_KEY)[this.userId]?.[url] === true;
  }

  setPlainLookupConsent(url: string, allowed: boolean): void {
    this.update<boolean>(PLAIN_LOOKUP_KEY, (mine) => {
      const { [url]: _previous, ...rest } = mine;
      return allowed ? { ...rest, [url]: true } : rest;
    });
  }

  private read<T>(key: string): PerUser<T> {
    const value = this.platform.settings.get(key);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    const perUser: PerUser<T> = {};
    for (const [user, entries] of Object.entries(value as Record<string, unknown>)) {
      if (typeof entries === 'object' && entries !== null && !Array.isArray(entries)) {
        perUser[user] = entries as Record<string, T>;
      }
    }
    return perUser;
  }

  private update<T>(key: string, change: (mine: Record<string, T>) => Record<string, T>): void {
    const all = this.read<T>(key);
    const before = all[this.userId] ?? {};
    const mine = change({ ...before });
    // A change that changes nothing writes nothing: each write rewrites and syncs the whole
    // settings file, which a live identity-server change would otherwise wait for (issue 14).
    if (JSON.stringify(mine) === JSON.stringify(before)) return;
    if (Object.keys(mine).length === 0) delete all[this.userId];
    else all[this.userId] = mine;
    if (Object.keys(all).length === 0) this.platform.settings.delete(key);
    else this.platform.settings.set(key, all);
  }
}
