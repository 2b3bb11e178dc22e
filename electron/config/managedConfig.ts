/**
 * What an IT department can set for every user of a machine (issue 12): the effective values
 * after the system file, the user's file and an explicit file are merged, which keys the system
 * file locked, and every problem found on the way. Key names follow Element's config.json where
 * Element has one, so an administrator who knows Element recognises them.
 *
 * Every key has a built-in default, so a consumer reads `config.proxy.mode` without asking
 * whether anybody set it. A key the system file locks without setting stays at this default.
 */

export type LoginMethod = 'password' | 'sso' | 'oauth';

export interface DefaultServerConfig {
  /** A base URL (used as is) and/or a server name (discovered through .well-known). */
  'm.homeserver'?: { base_url?: string; server_name?: string };
  /** The app's default identity server: the last step of DESIGN.md's resolution order. */
  'm.identity_server'?: { base_url: string };
}

export interface SsoRedirectOptions {
  /** Element's names: go to the SSO provider at once instead of showing the sign-in screen. */
  immediate?: boolean;
  on_welcome_page?: boolean;
  on_login_page?: boolean;
}

export type ProxyConfig =
  | { mode: 'system' }
  | { mode: 'direct' }
  /** `url` is http://, https:// or socks5://host:port; `bypass` hosts go direct. */
  | { mode: 'manual'; url: string; bypass: string[] }
  | { mode: 'pac'; pac_url: string };

export interface ManagedConfig {
  /** The server or portal pre-filled on the sign-in screen; null: the user types one. */
  default_server_config: DefaultServerConfig | null;
  /** Element's name: true hides the server field, so only the default server can be used. */
  disable_custom_urls: boolean;
  sso_redirect_options: SsoRedirectOptions;
  /** OIDC issuer (exactly as the issuer publishes it) → the client registered there. */
  oidc_static_clients: Record<string, { client_id: string }>;
  /** Element's setting defaults; only the ones this app understands. */
  setting_defaults: { 'UIFeature.identityServer': boolean };
  /** The sign-in methods offered, in this order of preference; never empty. */
  login_methods: LoginMethod[];
  /** The identity servers a user may choose; null: any server that passes the URL policy. */
  allowed_identity_servers: string[] | null;
  /** True: the user may not change the identity server at all. */
  identity_server_locked: boolean;
  /** False: the user may not disable the identity server. */
  allow_disabling_identity_server: boolean;
  proxy: ProxyConfig;
  /** Extra trusted CA certificates, each one PEM certificate (files already read). */
  extra_ca_certificates: string[];
  updates: { enabled: boolean };
}

export type ManagedConfigKey = keyof ManagedConfig;

export const DEFAULT_MANAGED_CONFIG: Readonly<ManagedConfig> = Object.freeze<ManagedConfig>({
  default_server_config: null,
  disable_custom_urls: false,
  sso_redirect_options: {},
  oidc_static_clients: {},
  setting_defaults: { 'UIFeature.identityServer': true },
  login_methods: ['password', 'sso', 'oauth'],
  allowed_identity_servers: null,
  identity_server_locked: false,
  allow_disabling_identity_server: true,
  proxy: { mode: 'system' },
  extra_ca_certificates: [],
  updates: { enabled: true },
});

export const MANAGED_CONFIG_KEYS = Object.keys(DEFAULT_MANAGED_CONFIG) as ManagedConfigKey[];

/** The one key that is not a setting: the system file's list of keys later files may not set. */
export const LOCKED_KEY = 'locked';

/** Something wrong in one file: which file, which key (null: the whole file), in words. */
export interface ConfigProblem {
  path: string;
  key: string | null;
  message: string;
}

export interface ManagedConfigResult {
  config: ManagedConfig;
  /** Keys the system file locked: the UI shows them as set by the administrator. */
  locked: ReadonlySet<ManagedConfigKey>;
  problems: ConfigProblem[];
  /** The files that were read, in the order they apply (missing files are not listed). */
  sources: string[];
}

/** No file at all: every default, nothing locked. */
export function emptyManagedConfig(): ManagedConfigResult {
  return {
    config: structuredClone(DEFAULT_MANAGED_CONFIG) as ManagedConfig,
    locked: new Set(),
    problems: [],
    sources: [],
  };
}
