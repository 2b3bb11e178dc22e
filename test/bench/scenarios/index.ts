/** Every scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../harness/scenario.js';
import { harnessDelay } from './harnessDelay.js';
import { isReady } from './isReady.js';
import { lookup10k, oauthReady } from './unavailable.js';

export const SCENARIOS: Scenario[] = [isReady, lookup10k, oauthReady, harnessDelay];
