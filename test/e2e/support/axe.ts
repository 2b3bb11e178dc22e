/**
 * Accessibility checks with axe-core: every WCAG 2.0/2.1/2.2 A and AA rule plus axe's best
 * practices, at any impact. A state's violations are reported with the rule, the impact and the
 * offending elements, so a failure says what to fix without opening a trace.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** One line per violating element: "rule (impact): summary | selector | failure". */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((violation) =>
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
