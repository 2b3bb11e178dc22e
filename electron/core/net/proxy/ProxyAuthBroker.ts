/**
 * Answers a proxy that asks for a user name and password (HTTP 407, or Chromium's 'login' event
 * for a proxy): with credentials already known (kept for this run, or sealed on disk), else by
 * asking the user through the window (a `proxyAuthPrompt` event naming the proxy, answered by the
 * `proxyAuthAnswer` command). The password only ever travels renderer→main.
 *
 * Several requests that meet the same proxy at once share one prompt. Credentials the proxy
 * refused are not offered again: the user is asked again, saying the last ones were refused,
 * until they answer right or cancel (the platform bounds the asks per request, so no loop).
 */
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import type { ProxyAuthChallenge } from './networkControl.js';
import type { ProxyAuthPromptEvent } from './networkSettings.js';
import { ProxyCredentialStore, proxyOrigin, type ProxyCredentials } from './proxyCredentials.js';
import { userWaits as appUserWaits, type UserWaits } from '../userWaits.js';

interface PendingPrompt {
  prompt: ProxyAuthPromptEvent;
  proxyUrl: string;
  answer: Promise<ProxyCredentials | null>;
  resolve(credentials: ProxyCredentials | null): void;
  /** Ends the user wait this prompt began: request deadlines run again (net/userWaits.ts). */
  endWait(): void;
}

export interface ProxyAnswer {
  username: string;
  password: string;
  remember: boolean;
}

export class ProxyAuthBroker {
  private readonly store: ProxyCredentialStore;
  /** Credentials for this run only (not remembered), by proxy origin. */
  private readonly memory = new Map<string, ProxyCredentials>();
  /** Open prompts by proxy origin; the window shows the first. */
  private readonly pending = new Map<string, PendingPrompt>();
  private nextId = 1;

  constructor(
    platform: Pick<Platform, 'secrets' | 'settings' | 'log'>,
    private readonly emit: (prompt: ProxyAuthPromptEvent | null) => void,
    private readonly userWaits: UserWaits = appUserWaits,
  ) {
    this.store = new ProxyCredentialStore(platform);
  }

  /** Credentials for `proxyUrl` without asking: this run's, else the sealed ones; or null. */
  known(proxyUrl: string): ProxyCredentials | null {
    return this.memory.get(proxyOrigin(proxyUrl)) ?? this.store.load(proxyUrl);
  }

  /** The platform's ProxyAuthenticator. */
  readonly authenticate = async ({
    proxy,
    refused,
  }: ProxyAuthChallenge): Promise<ProxyCredentials | null> => {
    const origin = proxyOrigin(proxy);
    const known = this.known(proxy);
    if (known && !(refused && sameCredentials(known, refused))) return known;
    // What the proxy refused is not kept for this run; sealed ones stay until replaced or removed.
    if (refused && this.memory.has(origin) && sameCredentials(this.memory.get(origin)!, refused)) {
      this.memory.delete(origin);
    }
    const open = this.pending.get(origin);
    if (open) return open.answer;
    let resolve!: (credentials: ProxyCredentials | null) => void;
    const answer = new Promise<ProxyCredentials | null>((r) => (resolve = r));
    const prompt: ProxyAuthPromptEvent = {
      id: `proxy-auth-${this.nextId++}`,
      proxy: origin,
      refused: refused !== null,
    };
    this.pending.set(origin, {
      prompt,
      proxyUrl: proxy,
      answer,
      resolve,
      endWait: this.userWaits.begin(),
    });
    this.showFirst();
    return answer;
  };

  /** The prompt the window should show now, or null. */
  current(): ProxyAuthPromptEvent | null {
    return this.pending.values().next().value?.prompt ?? null;
  }

  /** The user's answer to prompt `id`: credentials, or null for Cancel. */
  answer(id: string, answer: ProxyAnswer | null): void {
    const entry = [...this.pending.entries()].find(([, p]) => p.prompt.id === id);
    if (!entry) {
      throw new UserFacingError('NO_SUCH_PROMPT', 'This proxy sign-in was already answered.');
    }
    const [origin, open] = entry;
    let credentials: ProxyCredentials | null = null;
    if (answer) {
      credentials = { username: answer.username, password: answer.password };
      if (answer.remember) {
        try {
          this.store.save(open.proxyUrl, credentials);
        } catch (error) {
          // The prompt stays open: the user may answer again without "Remember".
          throw new UserFacingError(
            'CANNOT_REMEMBER',
            `The sign-in for the proxy ${origin} cannot be remembered: ${error instanceof Error ? error.message : String(error)}.`,
          );
        }
        this.memory.delete(origin);
      } else {
        this.memory.set(origin, credentials);
      }
    }
    this.pending.delete(origin);
    open.endWait();
    open.resolve(credentials);
    this.showFirst();
  }

  /** Proxies with remembered (sealed) credentials. */
  remembered(): string[] {
    return this.store.origins();
  }

  /** Forgets the remembered and this run's credentials for `proxy`: the next 407 asks again. */
  forget(proxy: string): void {
    this.store.forget(proxy);
    this.memory.delete(proxyOrigin(proxy));
  }

  /** Cancels every open prompt (the app is stopping): their requests fail naming the proxy. */
  cancelAll(): void {
    const open = [...this.pending.values()];
    this.pending.clear();
    for (const p of open) {
      p.endWait();
      p.resolve(null);
    }
    if (open.length > 0) this.emit(null);
  }

  private showFirst(): void {
    this.emit(this.current());
  }
}

function sameCredentials(a: ProxyCredentials, b: ProxyCredentials): boolean {
  return a.username === b.username && a.password === b.password;
}
