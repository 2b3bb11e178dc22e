/**
 * The certificate authorities the user chose to trust ("Trust this certificate authority"),
 * stored in the user's settings: never in the managed file, which is the administrator's. A
 * certificate is public, so it is stored as is (PEM), not sealed.
 */
import * as v from 'valibot';
import type { Platform } from '../../platform.js';
import { summariseCa, type CaSummary } from './caCertificate.js';

const SETTINGS_KEY = 'trustedCas';
/** A handful is normal; the bound keeps a damaged or hostile settings file from growing. */
export const MAX_TRUSTED_CAS = 32;
const MAX_PEM_LENGTH = 16 * 1024;

const storedSchema = v.pipe(
  v.array(v.pipe(v.string(), v.maxLength(MAX_PEM_LENGTH))),
  v.maxLength(MAX_TRUSTED_CAS),
);

export class TrustedCaStore {
  constructor(private readonly platform: Pick<Platform, 'settings' | 'log'>) {}

  /** The stored PEMs that still parse (a damaged entry is dropped and logged). */
  pems(): string[] {
    const parsed = v.safeParse(storedSchema, this.platform.settings.get(SETTINGS_KEY));
    if (!parsed.success) return [];
    return parsed.output.filter((pem) => {
      try {
        summariseCa(pem);
        return true;
      } catch {
        this.platform.log.warn('A stored trusted CA could not be read; it is ignored');
        return false;
      }
    });
  }

  list(): CaSummary[] {
    return this.pems().map(summariseCa);
  }

  /** Adds `pem` unless a CA with its fingerprint is there already. */
  add(pem: string): void {
    const sha256 = summariseCa(pem).sha256;
    const current = this.pems();
    if (current.some((p) => summariseCa(p).sha256 === sha256)) return;
    if (current.length >= MAX_TRUSTED_CAS) {
      throw new Error(`at most ${MAX_TRUSTED_CAS} certificate authorities can be trusted`);
    }
    this.platform.settings.set(SETTINGS_KEY, [...current, pem]);
  }

  /** Removes the CA with this fingerprint; whether there was one. */
  remove(sha256: string): boolean {
    const current = this.pems();
    const kept = current.filter((p) => summariseCa(p).sha256 !== sha256);
    this.platform.settings.set(SETTINGS_KEY, kept);
    return kept.length !== current.length;
  }
}
