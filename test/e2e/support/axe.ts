/**
 * Accessibility checks with axe-core: every WCAG 2.0/2.1/2.2 A and AA rule plus axe's best
 * practices, at any impact. A state's violations are reported with the rule, the impact and the
 * offending elements, so a failure says what to fix without opening a trace.
 *
 * axe runs in the page directly, with the axe-core that `@axe-core/playwright` ships with,
 * injected once per page load: AxeBuilder injects the whole library again on every `analyze()`,
 * which on a loaded machine took seconds per state, long enough for the app's own request
 * timeouts to end the busy states under test. The window has no frames, so nothing of
 * AxeBuilder's cross-frame work is lost.
 */
import { createRequire } from 'node:module';
import { expect, type Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const fromAxePlaywright = createRequire(
  createRequire(import.meta.url).resolve('@axe-core/playwright'),
);
const AXE_SOURCE = (fromAxePlaywright('axe-core') as { source: string }).source;

type AxeWindow = Window & {
  axe?: { run(context: Document, options: object): Promise<AxeResults> };
};

/** One line per violating element: "rule (impact): summary | selector | failure". */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => (window as AxeWindow).axe !== undefined))) {
    await page.evaluate(AXE_SOURCE);
  }
  const violations = await page.evaluate(
    async (tags) =>
      (
        await (window as AxeWindow).axe!.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        })
      ).violations,
    AXE_TAGS,
  );
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) =>
        `${violation.id} (${violation.impact ?? 'unknown'}): ${violation.help} | ` +
        `${node.target.join(' ')} | ${node.failureSummary ?? ''}`.replace(/\s+/g, ' '),
    ),
  );
}

/**
 * Runs axe on the page as it is now and records any violation under the state's name. Soft: the
 * walk through a screen's states goes on, so one run lists every state that needs fixing.
 */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  expect.soft(await axeViolations(page), `axe violations in state "${state}"`).toEqual([]);
}
