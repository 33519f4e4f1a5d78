// Debian's Chromium driven by playwright-core, for the end-to-end tests and the benchmark. A missing
// browser is an error that says how to install it, never a skipped test.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.FLOORWATCH_CHROMIUM || '/usr/bin/chromium';

/** Without the background-networking flags Chromium floods a closed network with refused connections. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The end-to-end suite's limit for one Playwright action or wait (click, waitFor, textContent...): well under
 * the 60 s test timeout, so a step that hangs fails naming its locator instead of the whole test timing out,
 * and a read inside eventually() of an element that never comes fails within two of these.
 */
export const E2E_ACTION_TIMEOUT_MS = 15_000;

export interface LaunchedChromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * One headless Chromium on a fresh profile folder (removed on close), at a laptop's 1366x768. Actions and
 * waits take at most `actionTimeoutMs` unless they say otherwise (the end-to-end suite's limit by default).
 */
export async function launchChromium(options: { locale?: string; actionTimeoutMs?: number } = {}): Promise<LaunchedChromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the end-to-end tests need a real browser. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (or point FLOORWATCH_CHROMIUM at one).',
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'fw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: options.locale ?? 'en-US',
    colorScheme: 'light',
  });
  context.setDefaultTimeout(options.actionTimeoutMs ?? E2E_ACTION_TIMEOUT_MS);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
