/**
 * The administrator's managed configuration, as far as the UI needs it (core/managed/). The core
 * enforces every rule itself; this only lets the UI hide what would be refused.
 */
export interface ManagedSettings {
  /** Pre-filled on the sign-in screen (a base URL or a server name), or null. */
  defaultServer: string | null;
  /** Only `defaultServer` may be used: the server field is hidden. */
  serverLocked: boolean;
  /** The sign-in methods offered, in order of preference. */
  loginMethods: ('password' | 'sso' | 'oauth')[];
  identityServer: {
    /** False: the identity-server section is not shown (UIFeature.identityServer). */
    shown: boolean;
    /** Set by the administrator: neither changed nor disabled. */
    locked: boolean;
    mayDisable: boolean;
    /** The only servers the user may choose; null: any the URL policy accepts. */
    allowed: string[] | null;
  };
  /** What was wrong in the config files: the file, the key (null: the whole file), in words. */
  problems: { path: string; key: string | null; message: string }[];
}
