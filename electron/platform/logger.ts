/**
 * Diagnostics to stdout/stderr, one line each with time and level; Electron keeps these in the
 * terminal under `npm start` and the OS journal or console when packaged. Callers pass redacted
 * details only (see Platform.log), so nothing here filters.
 */
import type { Logger } from '../core/platform.js';

type Level = 'info' | 'warn' | 'error';

function write(level: Level, message: string, details?: Record<string, unknown>): void {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}`;
  const suffix = details && Object.keys(details).length > 0 ? ` ${safeJson(details)}` : '';
  console[level](line + suffix);
}

function safeJson(details: Record<string, unknown>): string {
  try {
    return JSON.stringify(details);
  } catch {
    return '[unserialisable details]';
  }
}

export const consoleLogger: Logger = {
  info: (message, details) => write('info', message, details),
  warn: (message, details) => write('warn', message, details),
  error: (message, details) => write('error', message, details),
};
