/**
 * Scenarios for features the app does not have yet: listed, with no figure and `pass: null`, so
 * the table says what is missing instead of inventing a number.
 */
import type { Scenario } from '../harness/scenario.js';
import { unavailable } from '../harness/result.js';

export const oauthReady: Scenario = {
  name: 'oauth-ready',
  what: '"Continue" at the authorization server until signed in and identity server known',
  run: () =>
    Promise.resolve([
      unavailable('oauth-ready', 'round trips; nothing parallelisable in sequence', 10),
    ]),
};
