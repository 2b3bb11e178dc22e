/**
 * "No step that could run in parallel runs in sequence" (issue 14, oauth-ready), checked on the
 * fixture servers' request log rather than on the code.
 *
 * Each logged request is a step (`token`, `whoami`, `sync`…); a dependency map says which steps
 * a step needs the answers of (e.g. whoami needs the token's). A request B *waited needlessly*
 * for a request A when:
 *   - B's step does not depend on A's step, directly or through others;
 *   - B was sent only after A's answer (`B.time >= A.answeredAt`);
 *   - yet everything B needs was in before that: B's *ready time* (the last answer, before B
 *     was sent, of a request whose step B depends on; `from` when it depends on none that
 *     happened) is at least `slackMs` before A's answer.
 * That is the signature of `await a; await b;` where `Promise.all([a, b])` would do: B sat ready
 * through (most of) A's round trip. A request sent late for a reason of its own (it waited for
 * one of its dependencies, which came after A's answer) is not flagged. `slackMs` absorbs the
 * client's own work between an answer and the next request: the scenario uses half the added
 * network delay, since a request B really waited through took a whole delay.
 *
 * A step missing from the map depends on nothing: an unexpected request that did not go out at
 * once is reported, not forgiven.
 */
import type { TimedRequest } from './roundTrips.js';

export interface StepRequest extends TimedRequest {
  /** The step this request is, a key of the dependency map. */
  step: string;
  /** What the listing shows, e.g. "oauth POST /token". */
  label: string;
}

/** Step → the steps whose answers it needs. A step may need its own earlier requests (/sync). */
export type Dependencies = Readonly<Record<string, readonly string[]>>;

export interface NeedlessWait {
  /** The request that could have gone out earlier… */
  waited: StepRequest;
  /** …but was only sent after this one's answer, which it does not need. */
  after: StepRequest;
  /** When everything `waited` needs was in. */
  readyAt: number;
}

export function needlessWaits(
  requests: readonly StepRequest[],
  dependencies: Dependencies,
  options: { from: number; slackMs: number },
): NeedlessWait[] {
  const needs = transitiveNeeds(dependencies);
  const dependsOn = (b: string, a: string) => needs.get(b)?.has(a) ?? false;
  const found: NeedlessWait[] = [];
  for (const b of requests) {
    const readyAt = requests
      .filter(
        (r) =>
          r !== b &&
          r.answeredAt !== undefined &&
          r.answeredAt <= b.time &&
          (dependencies[b.step] ?? []).includes(r.step),
      )
      .reduce((latest, r) => Math.max(latest, r.answeredAt!), options.from);
    for (const a of requests) {
      if (a === b || a.answeredAt === undefined || dependsOn(b.step, a.step)) continue;
      if (b.time >= a.answeredAt && readyAt <= a.answeredAt - options.slackMs) {
        found.push({ waited: b, after: a, readyAt });
      }
    }
  }
  return found;
}

/** Step → every step it needs, directly or through others. */
function transitiveNeeds(dependencies: Dependencies): Map<string, Set<string>> {
  const closure = new Map<string, Set<string>>();
  const visit = (step: string, into: Set<string>) => {
    for (const need of dependencies[step] ?? []) {
      if (into.has(need)) continue;
      into.add(need);
      visit(need, into);
    }
  };
  for (const step of Object.keys(dependencies)) {
    const into = new Set<string>();
    visit(step, into);
    closure.set(step, into);
  }
  return closure;
}

/** One line per request, times relative to `from`, for the scenario's listing. */
export function describeTimeline(requests: readonly StepRequest[], from: number): string[] {
  return requests.map((r) => {
    const answered = r.answeredAt === undefined ? 'pending' : `+${r.answeredAt - from} ms`;
    return `${r.step.padEnd(12)} sent +${r.time - from} ms, answered ${answered}  ${r.label}`;
  });
}

export function describeWait(wait: NeedlessWait, from: number): string {
  return (
    `${wait.waited.label} (ready at +${wait.readyAt - from} ms) was sent at ` +
    `+${wait.waited.time - from} ms, after ${wait.after.label} answered at ` +
    `+${wait.after.answeredAt! - from} ms, which it does not need`
  );
}
