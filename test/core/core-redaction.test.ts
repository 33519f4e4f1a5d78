// No secret leaves the core: a PBX that echoes an expired token after a refresh, a bare JWT it never issued,
// the api_key obtained from /v1/auth, seen on every path out of the core
// (sources:changed lastError, an action's error, the audit file, the core's log), against the simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SourceStatus } from '../../common/domain';
import { startHarness, type Harness } from './core-harness';

// A JWT the simulator never issued, as a PBX may quote one from elsewhere.
const FOREIGN_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';

let h: Harness;
let logged: string[];
beforeEach(async () => {
  logged = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
  h = await startHarness({ sim: { agents: 20 } });
  await h.core.invoke('session:demo', undefined);
  await h.until(() => h.of('floor:changed').some((c) => c.calls.upsert.length > 0), 'the first calls');
});
afterEach(async () => {
  await h.close();
  vi.restoreAllMocks();
});

/** Every token the simulator saw and the api_key it was asked to trade, read from its request log. */
function issuedSecrets(): string[] {
  const requests = h.sim.control.requests();
  const tokens = requests.map((r) => String(r.headers.authorization ?? '').replace(/^Bearer /, '')).filter((t) => t.length > 8);
  const apiKeys = requests.filter((r) => r.path === '/v2/auth/token').map((r) => String((r.body as { api_key?: string }).api_key));
  return [...new Set([...tokens, ...apiKeys])];
}

/** Renew the token (every token expires; the next poll's 401 brings a refresh), so the first one is old. */
async function refreshToken(): Promise<void> {
  const before = new Set(issuedSecrets());
  h.sim.control.expireTokens();
  await h.until(() => issuedSecrets().some((s) => !before.has(s) && s.startsWith('eyJ')), 'a renewed token', 5000);
}

const agentsError = (list: SourceStatus[]) => list.find((s) => s.id === 'agents')?.lastError;

describe('redaction at the core edge', () => {
  it('an expired token echoed after a refresh and a bare JWT never reach sources:changed', async () => {
    await refreshToken();
    const mark = h.events.length;
    h.sim.control.addFault({ route: '/v3/agent/live', kind: 'body', shape: 'status-fail', message: `token {previous-token} has expired; invalid token ${FOREIGN_JWT} expired`, times: 2 });
    const errors = () => h.events.slice(mark).filter((e) => e.channel === 'sources:changed').map((e) => agentsError(e.payload as SourceStatus[])).filter((e) => e);
    await h.until(() => errors().length > 0, 'the failed poll');
    const text = JSON.stringify(errors());
    expect(text).toContain('has expired');
    expect(text).toContain('[redacted]');
    for (const secret of [...issuedSecrets(), FOREIGN_JWT, FOREIGN_JWT.slice(0, 20)]) expect(text).not.toContain(secret);
  });

  it('an action refused in words that echo the old token: neither the answer nor the audit file holds it', async () => {
    await refreshToken();
    const callId = h.sim.control.state().calls.find((c) => c.state === 'oncall')?.id;
    expect(callId).toBeDefined();
    h.sim.control.addFault({ route: `/v2/call/${callId}/listen`, kind: 'body', status: 400, shape: 'error', message: 'token {previous-token} is not valid for {token}', times: 1 });
    const result = await h.core.invoke('call:act', { callId: callId as string, action: 'listen' }, 'global-shortcut');
    expect(result.ok).toBe(false);
    const out = JSON.stringify(result) + JSON.stringify(h.of('action:done')) + readFileSync(join(h.dataDir, 'audit.jsonl'), 'utf8');
    expect(out).toContain('[redacted]');
    for (const secret of issuedSecrets()) expect(out).not.toContain(secret);
  });

  it("the core's log scrubs every token and the api_key obtained from /v1/auth", async () => {
    await refreshToken();
    const secrets = issuedSecrets();
    h.core.subscribe(() => {
      throw new Error(`listener broke on ${secrets.join(' and ')}`);
    });
    await h.until(() => logged.some((l) => l.includes('listener broke')), 'a log line');
    const log = logged.join('\n');
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).toContain('[redacted]');
  });
});
