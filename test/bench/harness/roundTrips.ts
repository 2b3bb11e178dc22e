/**
 * Round trips counted from the fixture servers' request log, not guessed.
 *
 * Definition: the number of round trips in a window is the length of the longest chain of
 * requests r1 → r2 → … → rk in which each request arrived at its server at or after the moment
 * the previous one's answer was written (`time(r[i+1]) >= answeredAt(r[i])`). Those are the
 * sequential waves a user waits through: requests sent together, before any of them was
 * answered, count once however many there are; a request that could only be sent once another
 * answer was in counts one more. Only requests inside the window count: sent at or after `from`
 * and answered at or before `until` (one still pending at `until` did not make anyone wait for
 * the thing measured). On loopback the send and arrival times are the same millisecond.
 */
export interface TimedRequest {
  time: number;
  answeredAt?: number | undefined;
}

export interface Window {
  from: number;
  until: number;
}

export function countRoundTrips(requests: readonly TimedRequest[], window: Window): number {
  const inWindow = requests
    .filter(
      (r): r is Required<TimedRequest> =>
        r.time >= window.from && r.answeredAt !== undefined && r.answeredAt <= window.until,
    )
    .sort((a, b) => a.time - b.time);
  // depth[i]: the longest chain ending with request i (requests are few: quadratic is fine).
  const depth: number[] = [];
  let longest = 0;
  inWindow.forEach((request, i) => {
    let before = 0;
    for (let j = 0; j < i; j += 1) {
      if (inWindow[j]!.answeredAt <= request.time) before = Math.max(before, depth[j]!);
    }
    depth[i] = before + 1;
    longest = Math.max(longest, depth[i]);
  });
  return longest;
}
