// What the wallboard's end-to-end tests measure on the page (alerts.test.ts, wallboard-layout.test.ts): it
// fits its viewport, nothing on it is cut, and how much of the screen its queue cards fill and how large
// their figures are.
import type { Page } from 'playwright-core';

interface Box {
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
  textContent: string | null;
  getBoundingClientRect(): { width: number; height: number };
}
interface WallGlobals {
  innerWidth: number;
  innerHeight: number;
  document: { scrollingElement: { scrollWidth: number; scrollHeight: number }; querySelectorAll(s: string): ArrayLike<Box>; querySelector(s: string): Box | null };
  getComputedStyle(el: Box): { fontSize: string };
}

/** The page fits its viewport: nothing to scroll either way. */
export const fits = (p: Page): Promise<boolean> =>
  p.evaluate(() => {
    const g = globalThis as unknown as WallGlobals;
    return g.document.scrollingElement.scrollWidth <= g.innerWidth && g.document.scrollingElement.scrollHeight <= g.innerHeight;
  });

/**
 * What the wallboard cuts: a text wider than its box (an ellipsis, or running over), or a queue card or the
 * alerts strip whose content is taller than it (its last figures hidden). None expected.
 */
export const cutTexts = (p: Page): Promise<string[]> =>
  p.evaluate(() => {
    const doc = (globalThis as unknown as WallGlobals).document;
    const out: string[] = [];
    const texts = '[data-testid="wallboard"] :is(h1, h2, dt, dd, small, .muted, li .what > :not(.visually-hidden))';
    for (const el of Array.from(doc.querySelectorAll(texts))) if (el.scrollWidth > el.clientWidth + 1) out.push((el.textContent ?? '').trim());
    for (const el of Array.from(doc.querySelectorAll('[data-testid="wallboard"] :is(.queue, .alerts)'))) {
      if (el.scrollHeight > el.clientHeight + 1) out.push(`taller than its box: ${(el.textContent ?? '').trim().slice(0, 60)}`);
    }
    return out;
  });

export interface WallFill {
  cards: number;
  /** The cards' area over the queues' area (what is not gaps between them). */
  filled: number;
  /** The smallest font size of a card's main figures (waiting, longest, service level) and of its wait band, over the screen's height. */
  figureShare: number;
  bandShare: number;
}

/** How the queue cards fill the room the queues have, and how large their figures are against the screen. */
export const wallFill = (p: Page): Promise<WallFill> =>
  p.evaluate(() => {
    const g = globalThis as unknown as WallGlobals;
    const area = (el: Box): number => el.getBoundingClientRect().width * el.getBoundingClientRect().height;
    const cards = Array.from(g.document.querySelectorAll('[data-testid^="wall-queue-"]'));
    const section = g.document.querySelector('[data-testid="wallboard"] .queues');
    const size = (sel: string): number => Math.min(...Array.from(g.document.querySelectorAll(sel)).map((el) => parseFloat(g.getComputedStyle(el).fontSize)));
    return {
      cards: cards.length,
      filled: section ? cards.reduce((sum, c) => sum + area(c), 0) / area(section) : 0,
      figureShare: size('[data-testid^="wall-queue-"] .fig:not(.band) dd') / g.innerHeight,
      bandShare: size('[data-testid="wall-wait-band"] dd') / g.innerHeight,
    };
  });
