import { checkBaseUrl, isLoopbackHostname, type UrlVerdict } from '../net/urlPolicy.js';

/**
 * What counts as an identity-server base URL, wherever it comes from (account data, a login
 * response, a .well-known, app config, or what the user typed). One definition, so a URL that
 * the resolution would ignore is also one the user cannot choose, and vice versa.
 */

export type UrlCheck = UrlVerdict;

/**
 * Validate and normalise a base URL by the app's one URL policy (net/urlPolicy.ts): https, or
 * http only for a loopback host; no credentials, query or fragment (the SDK appends /_matrix/...
 * to the base, which a query or fragment would swallow); trailing slashes stripped so that
 * "https://is.example/" and "https://is.example" are the same server everywhere.
 */
export function checkIdentityServerUrl(value: unknown): UrlCheck {
  return checkBaseUrl(value);
}

/** The normalised URL, or null when the value is not a usable base URL. */
export function parseIdentityServerUrl(value: unknown): string | null {
  const check = checkIdentityServerUrl(value);
  return check.ok ? check.url : null;
}

/**
 * What the user typed in "change identity server": a URL, or a bare host ("vector.im",
 * "id.example.org:8443") which means https. Any other scheme is kept so that the check
 * rejects it by name rather than silently turning "ftp://x" into "https://ftp//x".
 */
export function userInputToUrl(input: string): string {
  const trimmed = input.trim();
  return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[^:/]+:\d/.test(trimmed)
    ? trimmed
    : `https://${trimmed}`;
}

/** Loopback hosts (localhost, 127.0.0.0/8, ::1), as the app's URL policy defines them. */
export const isLoopbackHost = isLoopbackHostname;
