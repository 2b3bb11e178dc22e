/**
 * Where a device's crypto store lives: one SQLite file per user and device in the app's data
 * directory. The name is a hash, so the file name says nothing about the account and needs no
 * escaping (user IDs hold ':' and '@').
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export interface CryptoStoreLocation {
  /** Names the store in settings (its sealed key) and on disk. */
  readonly id: string;
  readonly file: string;
  readonly userId: string;
  readonly deviceId: string;
}

export function cryptoStoreLocation(
  directory: string,
  userId: string,
  deviceId: string,
): CryptoStoreLocation {
  const id = createHash('sha256').update(`${userId}\n${deviceId}`).digest('hex').slice(0, 32);
  return { id, file: join(directory, `crypto-${id}.sqlite`), userId, deviceId };
}

/** The file and the companions SQLite keeps next to it in WAL mode. */
export function cryptoStoreFiles(location: CryptoStoreLocation): string[] {
  return [location.file, `${location.file}-wal`, `${location.file}-shm`];
}
