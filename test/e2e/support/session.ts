// One browser session on its own stack for an end-to-end file: the simulator, the core and the web host
// (startStack), Chromium with its page on the console, and what the secrecy checks read (every WebSocket
// frame, every console line of this process). Plus the one polling assertion the e2e files share.
import type { Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { SimulatorOptions } from '../../../main/simulator/index';
import { launchChromium, type LaunchedChromium } from './chromium';
import { captureConsole, recordFrames } from './recorders';
import { startStack, type E2eStack } from './stack';

export interface ConsoleSession {
  stack: E2eStack;
  chromium: LaunchedChromium;
  page: Page;
  frames: string[];
  logLines: string[];
  close(): Promise<void>;
}

export async function openConsoleSession(simOptions: SimulatorOptions, stackOptions: Parameters<typeof startStack>[1] = {}): Promise<ConsoleSession> {
  // Core log lines go to console.warn: kept, to check that none carries a secret.
  const logLines = captureConsole();
  const stack = await startStack(simOptions, stackOptions);
  const chromium = await launchChromium();
  const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  const frames = recordFrames(page);
  await page.goto(stack.host.url);
  return {
    stack, chromium, page, frames, logLines,
    async close() {
      await chromium.close();
      await stack.close();
      vi.restoreAllMocks();
    },
  };
}

/** Poll until the assertion holds: generous, because a loaded 2-core machine runs several suites at once. */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000): ReturnType<typeof expect.poll<T | Promise<T>>> {
  return expect.poll(read, { timeout, interval: 100 });
}
