import { describe, expect, it } from 'vitest';
import { OwnWriteLog } from '../../../electron/core/identity/OwnWriteLog.js';

describe('OwnWriteLog', () => {
  it('recognises the echo of our own write once', () => {
    const log = new OwnWriteLog();
    log.remember('https://a.example');
    expect(log.isOwnEcho({ base_url: 'https://a.example' })).toBe(true);
    expect(log.isOwnEcho({ base_url: 'https://a.example' })).toBe(false);
  });

  it('does not claim a value it never wrote', () => {
    const log = new OwnWriteLog();
    log.remember('https://a.example');
    expect(log.isOwnEcho({ base_url: 'https://evil.example' })).toBe(false);
    expect(log.isOwnEcho({ base_url: null })).toBe(false);
    expect(log.isOwnEcho({})).toBe(false);
    expect(log.isOwnEcho('https://a.example')).toBe(false);
  });

  it('retires older writes when a newer echo arrives', () => {
    const log = new OwnWriteLog();
    log.remember('https://a.example');
    log.remember(null);
    expect(log.isOwnEcho({ base_url: null })).toBe(true);
    expect(log.isOwnEcho({ base_url: 'https://a.example' })).toBe(false);
  });

  it('forgets a write that failed', () => {
    const log = new OwnWriteLog();
    log.remember('https://a.example');
    log.forget('https://a.example');
    expect(log.isOwnEcho({ base_url: 'https://a.example' })).toBe(false);
  });
});
