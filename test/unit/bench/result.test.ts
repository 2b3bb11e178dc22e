import { describe, expect, it } from 'vitest';
import { exitCode, measure, unavailable } from '../../bench/harness/result.js';
import { median, p99 } from '../../bench/harness/stats.js';

describe('benchmark results', () => {
  it('median and nearest-rank p99', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(p99(hundred)).toBe(99);
    expect(p99([5, 1, 1000])).toBe(1000);
  });

  it('a missed target fails the row and makes the exit code non-zero', () => {
    const ok = measure({
      name: 'a',
      unit: 'ms',
      values: [1, 2, 3],
      targets: [{ stat: 'median', max: 2 }],
    });
    const missed = measure({
      name: 'b',
      unit: 'ms',
      values: [1, 2, 3],
      targets: [{ stat: 'max', max: 2 }],
    });
    expect(ok.pass).toBe(true);
    expect(missed.pass).toBe(false);
    expect(exitCode([ok])).toBe(0);
    expect(exitCode([ok, missed])).toBe(1);
  });

  it('report-only and unavailable rows never fail the run, and carry no figure', () => {
    const report = measure({ name: 'r', unit: 'ms', values: [9] });
    const missing = unavailable('lookup-10k', '≤ 10 requests', 11);
    expect(report.pass).toBeNull();
    expect(missing).toMatchObject({
      median: null,
      pass: null,
      note: 'not available (needs issue 11)',
    });
    expect(exitCode([report, missing])).toBe(0);
  });

  it('ratio against the baseline measured in the same run, and its target', () => {
    const row = measure({
      name: 'm',
      unit: 'MiB',
      values: [30, 40, 50],
      baseline: [80, 100],
      targets: [{ stat: 'ratio', max: 1 }],
    });
    expect(row.baseline).toBe(90);
    expect(row.ratio).toBeCloseTo(40 / 90);
    expect(row.pass).toBe(true);
  });

  it('a target override replaces the limits of that row only', () => {
    const overrides = new Map([['b', 0]]);
    const targets = [{ stat: 'median' as const, max: 100 }];
    expect(measure({ name: 'a', unit: 'ms', values: [5], targets }, overrides).pass).toBe(true);
    expect(measure({ name: 'b', unit: 'ms', values: [5], targets }, overrides).pass).toBe(false);
  });
});
