/** Every scenario, in the order `npm run bench` runs them. */
import type { Scenario } from '../harness/scenario.js';
import { coreMemory } from './coreMemory.js';
import { coreStart } from './coreStart.js';
import { firstPaint } from './firstPaint.js';
import { harnessDelay } from './harnessDelay.js';
import { isLive } from './isLive.js';
import { isReady } from './isReady.js';
import { rendererSize } from './rendererSize.js';
import { restart } from './restart.js';
import { lookup10k } from './lookup10k.js';
import { oauthReady } from './oauthReady.js';

export const SCENARIOS: Scenario[] = [
  isReady,
  restart,
  coreStart,
  coreMemory,
  rendererSize,
  firstPaint,
  isLive,
  lookup10k,
  oauthReady,
  harnessDelay,
];
