/**
 * What the administrator's managed configuration (issue 12) allows, enforced in the core: the
 * UI hides what is not allowed, but a renderer (or a compromised one) asking anyway is refused
 * here with words naming the server and the rule. Also answers the renderer's `managedSettings`
 * command with what it may know of the configuration (never a secret: there are none in it, and
 * the CA certificates and proxy are not the renderer's business).
 */
import {
  emptyManagedConfig,
  type LoginMethod,
  type ManagedConfigResult,
} from '../../config/managedConfig.js';
import type { ManagedSettings } from './managedSettings.js';
import { checkIdentityServerUrl, userInputToUrl } from '../identity/identityServerUrl.js';
import { UserFacingError } from '../UserFacingError.js';

const METHOD_WORDS: Record<LoginMethod, string> = {
  password: 'password sign-in',
  sso: 'single sign-on',
  oauth: 'OAuth sign-in',
};

export class ManagedPolicy {
  private readonly result: ManagedConfigResult;

  constructor(result: ManagedConfigResult | undefined) {
    this.result = result ?? emptyManagedConfig();
  }

  /** The server the sign-in screen starts with: a base URL, else a server name; or null. */
  get defaultServer(): string | null {
    const home = this.result.config.default_server_config?.['m.homeserver'];
    return home?.base_url ?? home?.server_name ?? null;
  }

  /** Only the default server may be used: Element's disable_custom_urls, or a locked default. */
  /** The administrator's OAuth 2.0 client ids, by issuer (they win over registration). */
  get staticOAuthClients(): Record<string, { client_id: string }> {
    return this.result.config.oidc_static_clients;
  }

  get serverLocked(): boolean {
    const { config, locked } = this.result;
    return (
      this.defaultServer !== null &&
      (config.disable_custom_urls || locked.has('default_server_config'))
    );
  }

  settings(): ManagedSettings {
    const { config, problems } = this.result;
    return {
      defaultServer: this.defaultServer,
      serverLocked: this.serverLocked,
      loginMethods: [...config.login_methods],
      identityServer: {
        shown: config.setting_defaults['UIFeature.identityServer'],
        locked: config.identity_server_locked,
        mayDisable: config.allow_disabling_identity_server && !config.identity_server_locked,
        allowed: config.allowed_identity_servers ? [...config.allowed_identity_servers] : null,
      },
      problems: problems.map(({ path, key, message }) => ({ path, key, message })),
    };
  }

  /** Refuses a server other than the default when the administrator locked it. */
  requireServerAllowed(input: string): void {
    const only = this.defaultServer;
    if (!this.serverLocked || only === null || sameServer(input, only)) return;
    throw new UserFacingError(
      'SERVER_NOT_ALLOWED',
      `${input.trim()} cannot be used: your administrator allows signing in only to ${only}.`,
    );
  }

  requireLoginMethod(method: LoginMethod, server: string | null): void {
    if (this.result.config.login_methods.includes(method)) return;
    const where = server === null ? '' : ` to ${server}`;
    const allowed = this.result.config.login_methods.map((m) => METHOD_WORDS[m]).join(', ');
    throw new UserFacingError(
      'LOGIN_METHOD_NOT_ALLOWED',
      `Your administrator does not allow ${METHOD_WORDS[method]}${where}; allowed: ${allowed}.`,
    );
  }

  /** Before checking or choosing an identity server (what the user typed, or a URL). */
  requireIdentityServerAllowed(input: string): void {
    const { config } = this.result;
    if (config.identity_server_locked) {
      throw new UserFacingError(
        'IDENTITY_SERVER_LOCKED',
        'Your administrator has set the identity server; it cannot be changed.',
      );
    }
    const allowed = config.allowed_identity_servers;
    if (allowed === null) return;
    const check = checkIdentityServerUrl(userInputToUrl(input));
    // A URL the policy refuses is left to the identity flow, which names the reason.
    if (!check.ok) return;
    if (allowed.includes(check.url)) return;
    const list = allowed.length === 0 ? 'none' : allowed.join(', ');
    throw new UserFacingError(
      'IDENTITY_SERVER_NOT_ALLOWED',
      `${check.url} cannot be used: your administrator allows only these identity servers: ${list}.`,
    );
  }

  requireIdentityDisableAllowed(): void {
    const { config } = this.result;
    if (config.identity_server_locked) {
      throw new UserFacingError(
        'IDENTITY_SERVER_LOCKED',
        'Your administrator has set the identity server; it cannot be disabled.',
      );
    }
    if (!config.allow_disabling_identity_server) {
      throw new UserFacingError(
        'IDENTITY_DISABLE_NOT_ALLOWED',
        'Your administrator does not allow disabling the identity server.',
      );
    }
  }
}

/** "https://a.example/" and "https://a.example", or "A.example" and "a.example", are one server. */
function sameServer(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
