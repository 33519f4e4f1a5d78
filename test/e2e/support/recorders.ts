// What the secrecy checks read: every WebSocket frame a page sends or receives, and every console line
// the test process (web host, core, simulator) prints. Each returns the array it fills.
import type { Page } from 'playwright-core';
import { vi } from 'vitest';

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
