/** What every scenario file exports. */
import type { ScenarioResult, TargetOverrides } from './result.js';

export interface ScenarioContext {
  delayMs: number;
  runs: number;
  overrides: TargetOverrides;
  progress(line: string): void;
}

export interface Scenario {
  name: string;
  /** One line for the table's legend and --help. */
  what: string;
  /** Hidden scenarios (harness self-tests) run only when named. */
  hidden?: boolean;
  run(ctx: ScenarioContext): Promise<ScenarioResult[]>;
}
