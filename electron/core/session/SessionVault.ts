import * as v from 'valibot';
import type { Platform } from '../platform.js';

/**
 * Keeps the signed-in session across restarts. What identifies the session (user, device, where
 * its requests go) is stored as plain settings; the tokens are sealed with the platform's secret
 * box (safeStorage in Electron) and never written in plain text. Loaded data is validated: a
 * corrupt or tampered store yields "no session", never a half-valid one.
 */
const UserErrorSchema = v.object({ code: v.string(), message: v.string() });

/**
 * Which API issued the session's tokens (a session keeps using it: the spec forbids mixing).
 * Legacy: POST /login, refreshed with /refresh, ended with /logout. OAuth 2.0: tokens from the
 * authorization server `issuer` for client `clientId`, refreshed and revoked there.
 */
const AuthSchema = v.variant('kind', [
  v.object({ kind: v.literal('legacy') }),
  v.object({
    kind: v.literal('oauth'),
    issuer: v.pipe(v.string(), v.url()),
    clientId: v.pipe(v.string(), v.minLength(1)),
    accountManagement: v.nullable(
      v.object({ uri: v.pipe(v.string(), v.url()), actions: v.array(v.string()) }),
    ),
  }),
]);

const RecordSchema = v.object({
  userId: v.pipe(v.string(), v.regex(/^@[^:]+:.+$/)),
  deviceId: v.pipe(v.string(), v.minLength(1)),
  homeserverUrl: v.pipe(v.string(), v.url()),
  loginServerUrl: v.pipe(v.string(), v.url()),
  redirectRejected: v.nullable(UserErrorSchema),
  identityDefaults: v.object({ login: v.nullable(v.string()), discovery: v.nullable(v.string()) }),
  /** The sign-in methods of loginServerUrl, to offer the same ones after a soft logout. */
  loginFlows: v.optional(
    v.nullable(
      v.object({
        password: v.boolean(),
        sso: v.array(v.object({ id: v.nullable(v.string()), name: v.string() })),
        // Records from before OAuth 2.0 have neither (and an `oauthOnly` that is ignored).
        oauth: v.optional(
          v.nullable(v.object({ issuer: v.string(), deviceGrant: v.boolean() })),
          null,
        ),
        preferOAuth: v.optional(v.boolean(), false),
      }),
    ),
    null,
  ),
  /** Absent in records from before OAuth 2.0: those are legacy sessions. */
  auth: v.optional(AuthSchema, { kind: 'legacy' }),
});

const SecretsSchema = v.object({
  accessToken: v.pipe(v.string(), v.minLength(1)),
  refreshToken: v.nullable(v.string()),
  expiresAt: v.nullable(v.number()),
});

export type SessionRecord = v.InferOutput<typeof RecordSchema>;
export type SessionAuth = SessionRecord['auth'];
export type SessionSecrets = v.InferOutput<typeof SecretsSchema>;

/**
 * What loading the sealed tokens found. `unusable` says why: the OS offers no keyring now
 * (noKeyring), the keyring cannot open what was sealed (undecryptable: a new keyring, another
 * machine, a reinstalled OS), or what was stored is not tokens (damaged).
 */
export type SecretsLoad =
  | { kind: 'ok'; secrets: SessionSecrets }
  | { kind: 'none' }
  | { kind: 'unusable'; why: 'noKeyring' | 'undecryptable' | 'damaged' };

const RECORD_KEY = 'session.record';
const SEALED_KEY = 'session.sealed';

export class SessionVault {
  constructor(private readonly platform: Platform) {}

  /** Whether secrets can be kept at all; without it the session lasts until the app quits. */
  get canPersist(): boolean {
    return this.platform.secrets.isAvailable();
  }

  loadRecord(): SessionRecord | null {
    const parsed = v.safeParse(RecordSchema, this.platform.settings.get(RECORD_KEY));
    return parsed.success ? parsed.output : null;
  }

  /**
   * The sealed tokens, opened. Tells "none stored" (a soft logout left the record without them)
   * apart from "stored but cannot be opened", so the caller can say which.
   */
  loadSecrets(): SecretsLoad {
    const sealed = this.platform.settings.get(SEALED_KEY);
    if (sealed === undefined) return { kind: 'none' };
    if (typeof sealed !== 'string') return { kind: 'unusable', why: 'damaged' };
    if (!this.canPersist) return { kind: 'unusable', why: 'noKeyring' };
    let plain: string;
    try {
      plain = this.platform.secrets.decrypt(sealed);
    } catch {
      return { kind: 'unusable', why: 'undecryptable' };
    }
    try {
      const parsed = v.safeParse(SecretsSchema, JSON.parse(plain));
      return parsed.success
        ? { kind: 'ok', secrets: parsed.output }
        : { kind: 'unusable', why: 'damaged' };
    } catch {
      return { kind: 'unusable', why: 'damaged' };
    }
  }

  saveRecord(record: SessionRecord): void {
    this.platform.settings.set(RECORD_KEY, v.parse(RecordSchema, record));
  }

  saveSecrets(secrets: SessionSecrets): void {
    if (!this.canPersist) {
      this.platform.log.warn('No secure storage: the session will not survive a restart');
      return;
    }
    const checked = v.parse(SecretsSchema, secrets);
    this.platform.settings.set(SEALED_KEY, this.platform.secrets.encrypt(JSON.stringify(checked)));
  }

  /** Soft logout: the device stays, the tokens go. */
  clearSecrets(): void {
    this.platform.settings.delete(SEALED_KEY);
  }

  clear(): void {
    this.platform.settings.delete(SEALED_KEY);
    this.platform.settings.delete(RECORD_KEY);
  }
}
