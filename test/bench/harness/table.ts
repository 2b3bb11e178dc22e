/** The results as a plain-text table, one row per measure. */
import { round, type ScenarioResult } from './result.js';

export function formatTable(results: readonly ScenarioResult[]): string {
  const header = [
    'scenario',
    'unit',
    'median',
    'p99',
    'runs',
    'target',
    'baseline',
    'ratio',
    'pass',
  ];
  const show = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : String(round(v));
  const rows = results.map((r) => [
    r.name,
    r.unit,
    r.median === null ? (r.note ?? '') : show(r.median),
    show(r.p99),
    String(r.runs),
    r.target ?? 'report',
    show(r.baseline),
    show(r.ratio),
    r.pass === null ? '—' : r.pass ? 'ok' : 'MISS',
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
