import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  APP_HOMEPAGE,
  APP_NAME,
  CLIENT_METADATA,
} from '../../../../electron/core/login/oauth/clientMetadata.js';

const pkg = JSON.parse(
  readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8'),
) as { productName: string; homepage: string };

describe('what the app registers with an authorization server', () => {
  it("is the app's name and homepage as package.json says", () => {
    expect(APP_NAME).toBe(pkg.productName);
    expect(APP_HOMEPAGE).toBe(pkg.homepage);
  });

  it('is a native client whose links share the client_uri host (the spec requires it)', () => {
    const host = new URL(CLIENT_METADATA.client_uri).host;
    expect(CLIENT_METADATA.application_type).toBe('native');
    expect(new URL(CLIENT_METADATA.policy_uri!).host).toBe(host);
    expect(new URL(CLIENT_METADATA.tos_uri!).host).toBe(host);
    expect(CLIENT_METADATA.redirect_uris).toEqual(['http://127.0.0.1/oauth/callback']);
  });
});
