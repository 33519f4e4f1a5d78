// What the secrecy checks read: every WebSocket frame a page sends or receives, and every console line
// the test process (web host, core, simulator) prints. Each returns the array it fills. And the
// notifications a page raises.
import type { Page } from 'playwright-core';
import { vi } from 'vitest';
import type { PageGlobals, RecordedNotification } from './page-globals';

export function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', (f) => frames.push(String(f.payload)));
    ws.on('framereceived', (f) => frames.push(String(f.payload)));
  });
  return frames;
}

/** Swallows the process's console output into lines (restore with vi.restoreAllMocks()). */
export function captureConsole(): string[] {
  const lines: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
  return lines;
}

/**
 * An init script (context.addInitScript, before the page loads) that wraps the page's Notification to
 * record what it raises; the real one still runs. Self-contained: Playwright serialises it into the page.
 */
export const RECORD_NOTIFICATIONS = (): void => {
  const w = globalThis as unknown as PageGlobals;
  w.__notifications = [];
  const Real = w.Notification;
  w.Notification = class extends Real {
    constructor(title: string, options?: { body?: string; tag?: string }) {
      super(title, options);
      w.__notifications.push({ title, body: options?.body ?? '' });
    }
  };
};

/** The notifications the page raised since it loaded (RECORD_NOTIFICATIONS). */
export function notificationsOf(page: Page): Promise<RecordedNotification[]> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).__notifications);
}
