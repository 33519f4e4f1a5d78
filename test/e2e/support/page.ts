// The page helpers the end-to-end files share: "Try the demo", a screenshot into docs/screenshots, a live
// call's row, the ids of a list's rows in the order shown, and an outbound queue row's figures.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually } from './session';

export const SCREENSHOTS = join(import.meta.dirname, '../../../docs/screenshots');

/**
 * The page (or one element of it) as it is now, into docs/screenshots/<name>.png, or into `folder` (for the
 * docs or a person to look at; the tests never read it back).
 */
export async function shot(target: Page | Locator, name: string, folder = SCREENSHOTS): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await target.screenshot({ path: join(folder, `${name}.png`) });
}

/**
 * An Outbound view queue row's progress figures read at one moment: they move whenever call records come
 * in, so four reads one after another could mix two moments.
 */
export function outboundFigures(row: Locator): Promise<{ dialled: number; answered: number; failed: number; remaining: number }> {
  return row.evaluate((el) => {
    const read = (k: string): number => Number(el.querySelector(`[data-testid="outbound-${k}"]`)?.textContent ?? Number.NaN);
    return { dialled: read('dialled'), answered: read('answered'), failed: read('failed'), remaining: read('remaining') };
  });
}

/** The Live calls row of call `id` (rendered while in the list's window). */
export function callRow(page: Page, id: string): Locator {
  return page.locator(`[data-testid="row-call"][data-id="${id}"]`);
}

/** The data-id of every row with this test id, in the order shown. */
export function rowIds(page: Page, testid: string): Promise<(string | null)[]> {
  return page.locator(`[data-testid="${testid}"]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
}

/** "Try the demo" on the Connect screen, until the header says connected. */
export async function connectDemo(page: Page): Promise<void> {
  await page.getByTestId('connect-demo').click();
  await eventually(() => page.getByTestId('session-state').getAttribute('data-state')).toBe('connected');
}
