/**
 * Proxy user name and password, kept apart from the proxy URL (which may come from a file any
 * user can read) and sealed with the platform's SecretBox (safeStorage in Electron), one entry
 * per proxy origin. The main process answers a proxy's 407 from here; the values never cross
 * IPC. Asking the user (and whether to remember) is ProxyAuthBroker's job.
 */
import * as v from 'valibot';
import type { Platform } from '../../platform.js';
import type { ProxySetting } from './proxySetting.js';

export interface ProxyCredentials {
  username: string;
  password: string;
}

const SETTINGS_KEY = 'proxyCredentials';

const credentialsSchema = v.strictObject({
  username: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
  password: v.pipe(v.string(), v.maxLength(1024)),
});

/** Sealed credentials by proxy origin (`http://proxy.corp:3128`). */
const storedSchema = v.record(v.string(), v.string());

export function proxyOrigin(proxyUrl: string): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.host}`;
}

/**
 * The stored entry a challenge from the proxy at `host:port` belongs to. Chromium names the
 * proxy by host and port only (authInfo.scheme is the auth scheme, e.g. "basic"): the configured
 * manual proxy when it is that one, else the proxy a PAC script or the system chose, as http.
 */
export function proxyUrlForChallenge(setting: ProxySetting, host: string, port: number): string {
  if (setting.mode === 'manual') {
    const configured = new URL(setting.url);
    const configuredPort = configured.port || (configured.protocol === 'https:' ? '443' : '80');
    if (configured.hostname === host && configuredPort === String(port)) return setting.url;
  }
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export class ProxyCredentialStore {
  constructor(private readonly platform: Pick<Platform, 'secrets' | 'settings' | 'log'>) {}

  load(proxyUrl: string): ProxyCredentials | null {
    const sealed = this.stored()[proxyOrigin(proxyUrl)];
    if (sealed === undefined) return null;
    try {
      const parsed = v.safeParse(
        credentialsSchema,
        JSON.parse(this.platform.secrets.decrypt(sealed)),
      );
      return parsed.success ? parsed.output : null;
    } catch {
      // Sealed by another OS account or keyring: as if nothing were stored, so the user is asked.
      this.platform.log.warn('Stored proxy credentials could not be unsealed', {
        proxy: proxyOrigin(proxyUrl),
      });
      return null;
    }
  }

  /** Refuses (throws) when the OS offers no encryption: a password is never stored in clear. */
  save(proxyUrl: string, credentials: ProxyCredentials): void {
    const checked = v.parse(credentialsSchema, credentials);
    if (!this.platform.secrets.isAvailable()) {
      throw new Error('This system offers no secure storage, so the proxy password is not kept');
    }
    const sealed = this.platform.secrets.encrypt(JSON.stringify(checked));
    this.platform.settings.set(SETTINGS_KEY, { ...this.stored(), [proxyOrigin(proxyUrl)]: sealed });
  }

  forget(proxyUrl: string): void {
    const { [proxyOrigin(proxyUrl)]: _gone, ...rest } = this.stored();
    this.platform.settings.set(SETTINGS_KEY, rest);
  }

  /** The proxies (origins) that have sealed credentials, for Settings → Network to list. */
  origins(): string[] {
    return Object.keys(this.stored()).sort();
  }

  private stored(): Record<string, string> {
    const parsed = v.safeParse(storedSchema, this.platform.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.output : {};
  }
}
