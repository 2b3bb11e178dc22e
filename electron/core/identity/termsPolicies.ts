/**
 * The identity server's `GET /_matrix/identity/v2/terms` answer, reduced to what the user is
 * shown and accepts: one document per policy, in English when offered, else in the first
 * language listed. Everything is checked, since the URLs end up as links the user opens.
 */
import type { Policy } from './identityState.js';
import { BadServerResponse } from './BadServerResponse.js';
import { isLoopbackHost } from './identityServerUrl.js';

/** The contract accepts at most 64 policy URLs, so a server listing more could never be used. */
const MAX_POLICIES = 64;
const MAX_TEXT = 256;
const MAX_URL = 2048;

export function parseTermsPolicies(body: unknown): Policy[] {
  if (!isPlainObject(body)) throw new BadServerResponse('its terms are not a JSON object');
  const policies = body.policies;
  if (policies === undefined) return [];
  if (!isPlainObject(policies)) throw new BadServerResponse('its terms list is not an object');
  const ids = Object.keys(policies);
  if (ids.length > MAX_POLICIES) {
    throw new BadServerResponse(`it lists ${ids.length} policies (at most ${MAX_POLICIES})`);
  }
  return ids.map((id) => parsePolicy(id, policies[id]));
}

function parsePolicy(id: string, value: unknown): Policy {
  if (id.length === 0 || id.length > MAX_TEXT) throw new BadServerResponse('a policy has a bad id');
  if (!isPlainObject(value)) throw new BadServerResponse(`policy "${id}" is not an object`);
  const { version, ...languages } = value;
  if (typeof version !== 'string' || version.length === 0 || version.length > MAX_TEXT) {
    throw new BadServerResponse(`policy "${id}" has no valid version`);
  }
  const chosen = 'en' in languages ? languages.en : Object.values(languages)[0];
  if (!isPlainObject(chosen)) throw new BadServerResponse(`policy "${id}" has no document`);
  const { name, url } = chosen;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_TEXT) {
    throw new BadServerResponse(`policy "${id}" has no valid name`);
  }
  if (!isSafeDocumentUrl(url)) {
    throw new BadServerResponse(`policy "${id}" links to an unsafe or invalid URL`);
  }
  return { id, name: name.trim(), url, version };
}

/** A link the user may be sent to: https (http only on loopback), no embedded credentials. */
export function isSafeDocumentUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_URL) return false;
  try {
    const url = new URL(value);
    if (url.username !== '' || url.password !== '') return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
  } catch {
    return false;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
