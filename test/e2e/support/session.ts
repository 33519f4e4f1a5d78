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

/**
 * `secret` (a password, an api_key, a token) went out once, in the connect request the supervisor typed, and
 * nothing ever sent it back: in no other WebSocket frame, not in the page, in no log line of this process.
 */
export async function expectSecretKeptIn(s: ConsoleSession, secret: string): Promise<void> {
  expect(s.frames.length).toBeGreaterThan(5);
  const carrying = s.frames.filter((f) => f.includes(secret));
  expect(carrying).toHaveLength(1);
  expect(JSON.parse(carrying[0] ?? '{}')).toMatchObject({ t: 'invoke', channel: 'session:connect' });
  expect(await s.page.content()).not.toContain(secret);
  for (const line of s.logLines) expect(line).not.toContain(secret);
}
