/**
 * Which proxy the app uses: the user's choice in Settings → Network (stored in settings), over
 * the administrator's managed `proxy` (or the built-in "system"), unless the administrator
 * locked that key. Applied to the platform at start and at once on every change.
 */
import * as v from 'valibot';
import type { Platform } from '../../platform.js';
import { UserFacingError } from '../../UserFacingError.js';
import { describeProxy, proxySettingSchema, type ProxySetting } from './proxySetting.js';

const SETTINGS_KEY = 'proxySetting';

/** locked: the administrator's, fixed; user: chosen in Settings; configuration: the files' or the default. */
export type ProxySource = 'locked' | 'user' | 'configuration';

export interface ManagedProxy {
  /** The managed configuration's value (the built-in default when no file sets it). */
  setting: ProxySetting;
  locked: boolean;
}

export class ProxyPreference {
  constructor(
    private readonly platform: Pick<Platform, 'settings' | 'network' | 'log'>,
    private readonly managed: ManagedProxy,
  ) {}

  get locked(): boolean {
    return this.managed.locked;
  }

  /** The setting in force. */
  get effective(): ProxySetting {
    return this.managed.locked ? this.managed.setting : (this.userChoice() ?? this.managed.setting);
  }

  get source(): ProxySource {
    if (this.managed.locked) return 'locked';
    return this.userChoice() ? 'user' : 'configuration';
  }

  /** Applies the setting in force (at start). A setting the platform refuses is logged. */
  async applyAtStart(): Promise<void> {
    await this.platform.network?.applyProxy(this.effective).catch((error: unknown) =>
      this.platform.log.error('The proxy setting could not be applied', {
        proxy: describeProxy(this.effective),
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  /** The user's new choice: applied first, stored only when the platform took it. */
  async choose(setting: ProxySetting): Promise<void> {
    if (this.managed.locked) {
      throw new UserFacingError(
        'PROXY_LOCKED',
        `Your administrator has set the proxy (${describeProxy(this.managed.setting)}); it cannot be changed here.`,
      );
    }
    const network = this.platform.network;
    if (!network) {
      throw new UserFacingError('UNAVAILABLE', 'The proxy cannot be changed here.');
    }
    try {
      await network.applyProxy(setting);
    } catch (error) {
      // Back to what was in force, so a refused choice changes nothing.
      await network.applyProxy(this.effective).catch(() => {});
      throw new UserFacingError(
        'PROXY_REFUSED',
        `${describeProxy(setting)} cannot be used: ${error instanceof Error ? error.message : String(error)}.`,
      );
    }
    this.platform.settings.set(SETTINGS_KEY, setting);
  }

  private userChoice(): ProxySetting | null {
    const parsed = v.safeParse(proxySettingSchema, this.platform.settings.get(SETTINGS_KEY));
    return parsed.success ? parsed.output : null;
  }
}
