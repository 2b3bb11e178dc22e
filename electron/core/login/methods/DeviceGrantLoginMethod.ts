/**
 * Sign in on another device: the OAuth 2.0 device authorization grant (RFC 8628, spec v1.18),
 * for people whose browser is not on this computer (locked-down or remote desktops).
 */

/** What the user needs to approve the sign-in on their other device. */
export interface DeviceGrantPrompt {
  userCode: string;
  verificationUri: string;
  /** The link with the code in it, for the QR code; null when the server gives none. */
  verificationUriComplete: string | null;
  /** When the code expires, on main's clock (ms since the epoch). */
  expiresAt: number;
}
