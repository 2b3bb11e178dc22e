/**
 * The SDK's logger (core/net/sdkLogger.ts): warnings and errors reach the platform log with their
 * namespace; debug chatter and the per-rule "default push rule" warnings do not.
 */
import { describe, expect, it } from 'vitest';
import { createSdkLogger } from '../../../electron/core/net/sdkLogger.js';
import { createRecordingLogger } from '../../node-platform/createNodePlatform.js';

describe('createSdkLogger', () => {
  it('passes warnings and errors on, named, and drops debug chatter and push-rule defaults', () => {
    const log = createRecordingLogger();
    const sdk = createSdkLogger(log, 'session');
    sdk.debug('GET /sync');
    sdk.warn('Missing default global override push rule .m.rule.master');
    sdk.warn('Adding default global underride push rule .org.matrix.msc3914.rule.room.call');
    sdk.warn('Sync failed', new Error('socket hang up'));
    sdk.getChild('crypto').error('store closed');
    const lines = log.lines.join('\n');
    expect(lines).toContain('session: Sync failed socket hang up');
    expect(lines).toContain('session:crypto: store closed');
    expect(lines).not.toContain('push rule');
    expect(lines).not.toContain('GET /sync');
  });
});
