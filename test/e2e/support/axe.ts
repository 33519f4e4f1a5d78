// axe-core on a page of the console, the one accessibility check every end-to-end view calls:
//   await expectAccessible(page, 'console');
// checks the page as it is now in the theme it has, then flips the theme to the other one (light <-> dark)
// through the page's own <html data-theme>, checks again and puts it back, so a view is always checked in
// both. Any critical or serious violation fails the test, with each rule, its impact and the elements.
//
// axe is evaluated in the page through the DevTools protocol (page.evaluate), which the page's CSP does not
// govern, so the console keeps its strict CSP while being checked (an injected <script> would be refused).
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What fails the suite: minor and moderate findings are reported by axe but not fatal here. */
const FATAL = new Set(['critical', 'serious']);

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

interface PageAxe {
  axe?: {
    run(context: unknown, options: unknown): Promise<{
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[];
    }>;
  };
  document: { documentElement: { getAttribute(n: string): string | null; setAttribute(n: string, v: string): void } };
  requestAnimationFrame(fn: () => void): number;
}

/** The critical and serious violations axe finds on the page as it is now. */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as unknown as PageAxe).axe !== 'undefined');
  if (!loaded) await page.evaluate(axe.source);
  return page.evaluate(async (fatal) => {
    const w = globalThis as unknown as PageAxe;
    const result = await w.axe!.run(w.document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact !== null && fatal.includes(v.impact))
      .map((v) => ({
        rule: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes.slice(0, 8).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`),
      }));
  }, [...FATAL]);
}

/** Which theme the page shows: the `data-theme` the appearance composable sets on <html>. */
function themeOf(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as PageAxe).document.documentElement.getAttribute('data-theme'));
}

function setTheme(page: Page, theme: string): Promise<void> {
  return page.evaluate((t) => (globalThis as unknown as PageAxe).document.documentElement.setAttribute('data-theme', t), theme);
}

const describe = (view: string, theme: string, found: AxeFinding[]): string =>
  found.map((f) => `[${view}, ${theme}] ${f.impact} ${f.rule}: ${f.help}\n    ${f.targets.join('\n    ')}`).join('\n');

/**
 * Fail on any critical or serious axe violation on `page`, in its current theme and in the other one.
 * `view` names the screen in the failure message ('console', 'transfer picker', ...).
 */
export async function expectAccessible(page: Page, view: string): Promise<void> {
  const original = (await themeOf(page)) === 'dark' ? 'dark' : 'light';
  const other = original === 'dark' ? 'light' : 'dark';
  const report: string[] = [];
  const first = await axeFindings(page);
  if (first.length > 0) report.push(describe(view, original, first));
  await setTheme(page, other);
  try {
    // Let the styles resolve for the flipped variables before axe reads computed colours.
    await page.evaluate(() => new Promise((resolve) => (globalThis as unknown as PageAxe).requestAnimationFrame(() => resolve(null))));
    const second = await axeFindings(page);
    if (second.length > 0) report.push(describe(view, other, second));
  } finally {
    await setTheme(page, original);
  }
  expect(report.join('\n'), `axe-core found critical or serious violations on the ${view}`).toBe('');
}
