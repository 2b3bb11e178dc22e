/**
 * One row of the results table and of bench/results.json, and what decides the exit code.
 * A row without a target reports only (`pass: null`); a scenario the app cannot do yet is a row
 * with no figures at all (`pass: null`), never a made-up one.
 */
import { median, p99 } from './stats.js';

export interface Target {
  /** Which statistic is held to the limit. */
  stat: 'median' | 'p99' | 'max' | 'ratio';
  max: number;
}

export interface ScenarioResult {
  name: string;
  unit: string;
  median: number | null;
  p99?: number | null;
  runs: number;
  /** Human-readable target, e.g. "median ≤ 2", or null when the row only reports. */
  target: string | null;
  baseline?: number | null;
  /** median / baseline median. */
  ratio?: number | null;
  pass: boolean | null;
  values?: number[];
  note?: string;
}

export interface MeasureInput {
  name: string;
  unit: string;
  values: readonly number[];
  targets?: Target[];
  /** The same measure taken on the baseline, side by side in the same run. */
  baseline?: readonly number[];
  withP99?: boolean;
  note?: string;
}

/** Test-only: `--target-override NAME=MAX` replaces every limit of the rows named NAME. */
export type TargetOverrides = ReadonlyMap<string, number>;

export function measure(
  input: MeasureInput,
  overrides: TargetOverrides = new Map(),
): ScenarioResult {
  const override = overrides.get(input.name);
  const targets = (input.targets ?? []).map((t) =>
    override === undefined ? t : { ...t, max: override },
  );
  const m = median(input.values);
  const q = input.withP99 ? p99(input.values) : undefined;
  const base = input.baseline && input.baseline.length > 0 ? median(input.baseline) : undefined;
  const ratio = base !== undefined && base !== 0 ? m / base : undefined;
  const statOf = (t: Target): number | undefined =>
    t.stat === 'median'
      ? m
      : t.stat === 'p99'
        ? q
        : t.stat === 'max'
          ? Math.max(...input.values)
          : ratio;
  const pass =
    targets.length === 0
      ? null
      : targets.every((t) => {
          const value = statOf(t);
          return value !== undefined && value <= t.max;
        });
  return {
    name: input.name,
    unit: input.unit,
    median: m,
    ...(input.withP99 ? { p99: q ?? null } : {}),
    runs: input.values.length,
    target:
      targets.length === 0 ? null : targets.map((t) => `${t.stat} ≤ ${round(t.max)}`).join(', '),
    ...(input.baseline ? { baseline: base ?? null, ratio: ratio ?? null } : {}),
    pass,
    values: input.values.map(round),
    ...(input.note ? { note: input.note } : {}),
  };
}

export function unavailable(name: string, target: string, issue: number): ScenarioResult {
  return {
    name,
    unit: '',
    median: null,
    runs: 0,
    target,
    pass: null,
    note: `not available (needs issue ${issue})`,
  };
}

/** Non-zero when any row missed its target; rows that only report (null) never fail the run. */
export function exitCode(results: readonly ScenarioResult[]): number {
  return results.some((r) => r.pass === false) ? 1 : 0;
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
