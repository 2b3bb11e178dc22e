/**
 * An in-memory Platform for the identity tests: settings in a Map (inspectable), a recording
 * logger, the system clock, and a fake secret box.
 */
import {
  systemClock,
  type Logger,
  type Platform,
  type SecretBox,
} from '../../../electron/core/platform.js';

/**
 * TEST-ONLY, NOT ENCRYPTION: reverses the text and tags it, so tests can tell a sealed value
 * from a plain one and open it again. Never use outside tests.
 */
export function createTestOnlyReversingSecretBox(available = true): SecretBox {
  return {
    isAvailable: () => available,
    encrypt: (plain) => `test-only-sealed:${[...plain].reverse().join('')}`,
    decrypt: (sealed) => {
      if (!sealed.startsWith('test-only-sealed:')) throw new Error('not sealed by the test box');
      return [...sealed.slice('test-only-sealed:'.length)].reverse().join('');
    },
  };
}

export interface RecordingLogger extends Logger {
  lines: string[];
}

export function createRecordingLogger(): RecordingLogger {
  const lines: string[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) => {
    lines.push(`${level} ${message}${details ? ` ${JSON.stringify(details)}` : ''}`);
  };
  return { lines, info: record('info'), warn: record('warn'), error: record('error') };
}

export interface MemoryPlatform extends Platform {
  readonly settingsMap: Map<string, unknown>;
  readonly log: RecordingLogger;
}

export function createMemoryPlatform(
  options: { fetch?: typeof globalThis.fetch; secrets?: SecretBox } = {},
): MemoryPlatform {
  const settingsMap = new Map<string, unknown>();
  return {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    clock: systemClock,
    secrets: options.secrets ?? createTestOnlyReversingSecretBox(),
    settingsMap,
    settings: {
      // Round-trip through JSON like electron-store does, so nothing relies on shared objects.
      get: (key) =>
        settingsMap.has(key) ? JSON.parse(JSON.stringify(settingsMap.get(key))) : undefined,
      set: (key, value) => void settingsMap.set(key, JSON.parse(JSON.stringify(value))),
      delete: (key) => void settingsMap.delete(key),
    },
    openExternal: async () => {
      throw new Error('No browser in identity tests');
    },
    log: createRecordingLogger(),
  };
}
