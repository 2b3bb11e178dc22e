/** `npm run bench -- [--scenario NAME]... [--delay-ms N] [--runs N] [--out FILE]`. */
import type { TargetOverrides } from './result.js';

export interface BenchArgs {
  scenarios: string[];
  /** Added to every fixture server answer, as a network's latency would. */
  delayMs: number;
  /** Runs per scenario (scenarios with a fixed count, such as is-live's 200 changes, keep it). */
  runs: number;
  out: string;
  /** Test-only (not in --help): replace a row's limits, to prove a missed target fails the run. */
  targetOverrides: TargetOverrides;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  const args: BenchArgs = {
    scenarios: [],
    delayMs: 50,
    runs: 5,
    out: 'bench/results.json',
    targetOverrides: new Map(),
  };
  const overrides = new Map<string, number>();
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    const value = () => {
      const v = argv[(i += 1)];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (min: number) => {
      const raw = value();
      const n = Number(raw);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} ${raw}: an integer ≥ ${min}`);
      return n;
    };
    switch (flag) {
      case '--scenario':
        args.scenarios.push(value());
        break;
      case '--delay-ms':
        args.delayMs = count(0);
        break;
      case '--runs':
        args.runs = count(1);
        break;
      case '--out':
        args.out = value();
        break;
      case '--target-override': {
        const [name, max] = value().split('=');
        if (!name || max === undefined || !Number.isFinite(Number(max))) {
          throw new Error('--target-override NAME=MAX');
        }
        overrides.set(name, Number(max));
        break;
      }
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  args.targetOverrides = overrides;
  return args;
}
