import { describe, expect, it } from 'vitest';
import { countRoundTrips } from '../../bench/harness/roundTrips.js';

describe('countRoundTrips', () => {
  it('counts sequential waves; requests sent together count once', () => {
    // Wave 1: two requests in parallel (sent at 0, answered at 50 and 55).
    // Wave 2: sent at 56, after both answers; wave 3: sent after wave 2's answer.
    const log = [
      { time: 0, answeredAt: 50 },
      { time: 1, answeredAt: 55 },
      { time: 56, answeredAt: 110 },
      { time: 57, answeredAt: 100 }, // parallel with the previous one: still wave 2
      { time: 111, answeredAt: 160 },
    ];
    expect(countRoundTrips(log, { from: 0, until: 200 })).toBe(3);
  });

  it('a request sent before an answer came does not depend on it', () => {
    const log = [
      { time: 0, answeredAt: 100 },
      { time: 40, answeredAt: 90 }, // sent while the first was pending: same wave
    ];
    expect(countRoundTrips(log, { from: 0, until: 200 })).toBe(1);
  });

  it('follows the longest chain, not the number of requests', () => {
    // A chain of 2 (a → b) next to a lone slow request c: 2 round trips, 3 requests.
    const log = [
      { time: 0, answeredAt: 10 },
      { time: 10, answeredAt: 20 },
      { time: 0, answeredAt: 30 },
    ];
    expect(countRoundTrips(log, { from: 0, until: 30 })).toBe(2);
  });

  it('counts only the window: sent at or after from, answered by until', () => {
    const log = [
      { time: 0, answeredAt: 50 }, // the login itself: before the window
      { time: 50, answeredAt: 100 },
      { time: 100, answeredAt: 150 },
      { time: 150 }, // pending long-poll: nobody waited on it
      { time: 151, answeredAt: 400 }, // answered after the measured moment
    ];
    expect(countRoundTrips(log, { from: 50, until: 150 })).toBe(2);
    expect(countRoundTrips([], { from: 0, until: 1 })).toBe(0);
  });
});
