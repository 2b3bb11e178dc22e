import { randomInt } from 'node:crypto';

/**
 * A new Matrix device id for an OAuth 2.0 sign-in. Under OAuth the client chooses it and asks
 * for it in the scope (`urn:matrix:client:device:<id>`); the spec wants at least 10 characters
 * from the unreserved set. Upper-case letters, as other clients use.
 */
export function generateDeviceId(length = 10): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let id = '';
  for (let i = 0; i < length; i++) id += letters[randomInt(letters.length)];
  return id;
}
