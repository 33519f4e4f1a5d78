// Outbound from the bridge to the simulator and back (issue 19): a list previewed (refused rows by line, DNC
// rows dropped), loaded in batches with progress events, cancelled and resumed without sending a row twice,
// started / stopped / deleted, every action in the audit trail with who, what, which queue and how many rows;
// the dialler moves the progress (dialled / answered / failed) through the CDRs; queues remembered across a
// restart of the core; customer names and the agent login / user status channels.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeResult } from '../../../common/contract';
import type { AuditRecord } from '../../../common/domain';
import type { OutboundPreview, OutboundQueueInfo, OutboundState } from '../../../common/outbound';
import type { CustomerNames, UserStatus } from '../../../common/customers';
import { callerName } from '../../../main/simulator/dialects/tel4vn-customers';
import { startSimulator, type Simulator } from '../../../main/simulator/index';
import { xlsxFile, xlsxWorkbook } from '../../fixtures/xlsx-file';
import { memorySettings, startHarness, type Harness } from '../core-harness';

let h: Harness | null = null;
let sim: Simulator | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
  await sim?.close();
  sim = null;
});

const csv = (n: number, bad = 0): string => {
  const lines = ['id,mobiles,contract_number'];
  for (let i = 0; i < n; i++) lines.push(`C${i},09${String(10_000_000 + i).slice(-8)},HD${i}`);
  for (let i = 0; i < bad; i++) lines.push(`B${i},12345,HD`);
  return lines.join('\n');
};
async function ok<T>(p: Promise<BridgeResult<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.data as T;
}
const posts = (path: string) => sim!.control.requests().filter((r) => r.method === 'POST' && r.path === path);
const last = (hh: Harness): OutboundState => hh.of('outbound:changed').at(-1)!;

async function connected(dataDir?: string, settings = memorySettings()): Promise<Harness> {
  sim ??= await startSimulator({ autoRun: false, backfill: false, agents: 20, seed: 19 });
  const harness = await startHarness({ simulator: sim, settings, ...(dataDir ? { dataDir } : {}) });
  await ok(harness.core.invoke('session:connect', { system: 'tel4vn', apiHost: sim.url, username: 'demo', password: 'demo' }));
  return harness;
}

describe('outbound lists through the core', () => {
  it('previews a list (refused rows by line, DNC rows dropped) and sends nothing', async () => {
    h = await connected();
    await ok(h.core.invoke('outbound:dnc-import', { family: 'autocall', queueCode: 'AC-1', text: 'id\nC1\nC2\n' }));
    const p = await ok<OutboundPreview>(h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-1', csv: csv(10, 3) }));
    expect(p).toMatchObject({ rows: 13, sendable: 8, refused: 3, dncCount: 2 });
    expect(p.problems.map((x) => x.line)).toEqual([12, 13, 14]);
    expect(p.dnc.map((x) => x.id)).toEqual(['C1', 'C2']);
    expect(p.first[0]).toEqual({ line: 2, id: 'C0', mobiles: ['0910000000'] });
    expect(posts('/v2/autocall/queue')).toHaveLength(0);
  });

  it('loads an .xlsx list like a CSV: the same preview and refusals, the customers sent with their fields', async () => {
    h = await connected();
    const sheet: Array<Array<string | number | Date | null>> = [['id', 'mobiles', 'contract_number', 'due_date', 'upcoming_amount'], ...Array.from({ length: 600 }, (_, i) => [`X${i}`, 910_000_000 + i, `HD${i}`, new Date(Date.UTC(2026, 11, 31)), 1_500_000])];
    sheet.push(['X1', '0982596021', 'HD', null, null], ['Y1', '12345', 'HD', null, null]);
    const xlsx = Buffer.from(xlsxFile(sheet)).toString('base64');
    const p = await ok<OutboundPreview>(h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-X', xlsx }));
    expect(p).toMatchObject({ rows: 602, sendable: 600, refused: 2, delimiter: 'xlsx', fileError: null });
    expect(p.problems.map((x) => [x.line, x.reason])).toEqual([[602, { code: 'duplicate-id', line: 3 }], [603, { code: 'no-valid-number', numbers: '12345' }]]);
    // Both at once is refused at the bridge's edge.
    const both = await h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-X', xlsx, csv: 'id,mobiles' } as never);
    expect(both.ok ? null : both.error.code).toBe('INVALID_PAYLOAD');
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-X', template: 'IVR-1' }, xlsx }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load to finish');
    const sent = posts('/v2/autocall/queue').flatMap((r) => (r.body as { customers: Array<Record<string, unknown>> }).customers);
    expect(sent).toHaveLength(600);
    expect(sent[0]).toMatchObject({ id: 'X0', mobiles: ['0910000000'], contract_number: 'HD0', due_date: '2026-12-31', upcoming_amount: 1_500_000 });
  });

  it("sends the sheet the supervisor picked from a workbook of several, and refuses a sheet with a CSV", async () => {
    h = await connected();
    const xlsx = Buffer.from(
      xlsxWorkbook([
        { name: 'Notes', rows: [['Read me'], ['Collections, December']] },
        { name: 'List', rows: [['id', 'mobiles'], ['S1', '0912000001'], ['S2', '0912000002']] },
      ]),
    ).toString('base64');
    const first = await ok<OutboundPreview>(h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-S', xlsx }));
    expect(first).toMatchObject({ sheet: 'Notes', sheets: [{ name: 'Notes', rows: 1 }, { name: 'List', rows: 2 }], sendable: 0 });
    const picked = await ok<OutboundPreview>(h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-S', xlsx, sheet: 'List' }));
    expect(picked).toMatchObject({ sheet: 'List', rows: 2, sendable: 2, fileError: null });
    const withCsv = await h.core.invoke('outbound:preview', { family: 'autocall', queueCode: 'AC-S', csv: 'id,mobiles', sheet: 'List' } as never);
    expect(withCsv.ok ? null : withCsv.error.code).toBe('INVALID_PAYLOAD');
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-S', template: 'IVR-1' }, xlsx, sheet: 'List' }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load to finish');
    const sent = posts('/v2/autocall/queue').flatMap((r) => (r.body as { customers: Array<{ id: string }> }).customers.map((c) => c.id));
    expect(sent).toEqual(['S1', 'S2']);
  });

  it('loads 1,003 rows in batches without the DNC ones, audits who / queue / rows, and the dialler moves the progress', async () => {
    h = await connected();
    const campaign = sim!.control.state().queues[0]!.campaignUuid;
    await ok(h.core.invoke('outbound:dnc-import', { family: 'autodialer', queueCode: 'AD-1', text: 'C5\nC6' }));
    const info = await ok<OutboundQueueInfo>(h.core.invoke('outbound:load', {
      queue: { family: 'autodialer', queueCode: 'AD-1', campaignId: campaign, precallRatio: 100, maxRecallCount: 1, queueAgents: '' }, csv: csv(1003),
    }));
    expect(info).toMatchObject({ state: 'loading', rows: 1001, dncDropped: 2 });
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load to finish');
    expect(last(h).queues[0]).toMatchObject({ sent: 1001, succeeded: 1001, failed: 0, nextIndex: 1001, resumable: false });
    const bodies = posts('/v2/autodialer/queue').map((r) => r.body as { customers: Array<{ id: string }> });
    expect(bodies.map((b) => b.customers.length)).toEqual([500, 500, 1]);
    expect(bodies.flatMap((b) => b.customers.map((c) => c.id))).not.toContain('C5');
    // Autodialer has no DNC at the PBX: the ids stay the console's.
    expect(posts('/v2/autocall/queue/dnc')).toHaveLength(0);
    const audit = await ok<AuditRecord[]>(h.core.invoke('audit:list', { limit: 10 }));
    const load = audit.find((a) => a.kind === 'outbound-load')!;
    expect(load).toMatchObject({ user: 'demo', target: 'autodialer:AD-1', ok: true, subject: { queue: 'autodialer:AD-1', rows: 1001 } });
    expect(load.detail).toContain('1001 sent');
    // The simulator dials the running queue; the CDRs (customer_id) move dialled / answered / failed.
    for (let i = 0; i < 60 && last(h).queues[0]!.progress.dialled < 2; i++) {
      sim!.control.tick(20);
      await new Promise((r) => setTimeout(r, 250));
    }
    const progress = last(h).queues[0]!.progress;
    expect(progress.dialled).toBeGreaterThanOrEqual(2);
    expect(progress.answered + progress.failed).toBe(progress.dialled);
    expect(progress.remaining).toBe(1001 - progress.dialled);
  });

  it('cancels between batches, resumes where it stopped (nothing sent twice), and remembers the queue across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'fw-out-'));
    const settings = memorySettings();
    h = await connected(dataDir, settings);
    // Slow each POST so the cancel lands between batches.
    sim!.control.addFault({ route: '/v2/autocall/queue', kind: 'delay', delayMs: 150 });
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-2', template: 'IVR-1', concurrentCall: 2 }, csv: csv(2000) }));
    await h.until(() => (last(h!).queues[0]?.sent ?? 0) >= 500, 'the first batch');
    await ok(h.core.invoke('outbound:cancel', { family: 'autocall', queueCode: 'AC-2' }));
    await h.until(() => last(h!).queues[0]?.state === 'load-paused', 'the cancel');
    const paused = last(h).queues[0]!;
    expect(paused.resumable).toBe(true);
    expect(paused.nextIndex).toBeLessThan(2000);
    sim!.control.clearFaults();
    // A restart of the core: the queue and its list are still there, resumable.
    await h.close();
    h = await connected(dataDir, settings);
    const state = await ok<OutboundState>(h.core.invoke('outbound:get', undefined));
    expect(state.queues[0]).toMatchObject({ key: 'autocall:AC-2', state: 'load-paused', resumable: true, nextIndex: paused.nextIndex });
    await ok(h.core.invoke('outbound:resume', { family: 'autocall', queueCode: 'AC-2' }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the resumed load');
    const ids = posts('/v2/autocall/queue').flatMap((r) => (r.body as { customers: Array<{ id: string }> }).customers.map((c) => c.id));
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(sim!.outbound.get('autocall', 'AC-2')?.customers.size).toBe(2000);
    const audit = await ok<AuditRecord[]>(h.core.invoke('audit:list', { limit: 10 }));
    expect(audit.filter((a) => a.kind === 'outbound-load').map((a) => a.detail)).toEqual([expect.stringMatching(/^resumed: \d+ sent/), expect.stringMatching(/cancelled/)]);
  });

  it('stops, starts and deletes a queue (audited); a queue the PBX does not know is gone', async () => {
    h = await connected();
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-3', template: 'IVR-1' }, csv: csv(3) }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load');
    await ok(h.core.invoke('outbound:act', { family: 'autocall', queueCode: 'AC-3', action: 'stop' }));
    expect(sim!.outbound.get('autocall', 'AC-3')?.state).toBe('stopped');
    expect(last(h).queues[0]?.state).toBe('stopped');
    await new Promise((r) => setTimeout(r, 1600)); // the action guard's cooldown per queue
    await ok(h.core.invoke('outbound:act', { family: 'autocall', queueCode: 'AC-3', action: 'delete' }));
    expect(sim!.outbound.get('autocall', 'AC-3')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1600));
    const again = await h.core.invoke('outbound:act', { family: 'autocall', queueCode: 'AC-3', action: 'start' });
    expect(again).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(last(h).queues[0]?.state).toBe('gone');
    const audit = await ok<AuditRecord[]>(h.core.invoke('audit:list', { limit: 10 }));
    expect(audit.slice(0, 3).map((a) => [a.kind, a.ok, a.subject?.queue])).toEqual([
      ['outbound-start', false, 'autocall:AC-3'], ['outbound-delete', true, 'autocall:AC-3'], ['outbound-stop', true, 'autocall:AC-3'],
    ]);
  });

  it('imports an autocall DNC into the PBX once the queue exists, and the PBX skips those customers', async () => {
    h = await connected();
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-4', template: 'IVR-1' }, csv: csv(5) }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load');
    const r = await ok<OutboundQueueInfo & { added: number }>(h.core.invoke('outbound:dnc-import', { family: 'autocall', queueCode: 'AC-4', text: 'customer_id;name\nC0;x\nC1;y\nbad id;z' }));
    expect(r).toMatchObject({ added: 2, dnc: 2 });
    expect(r.dncSentAt).not.toBeNull();
    expect(posts('/v2/autocall/queue/dnc').at(-1)!.body).toEqual({ queue_code: 'AC-4', customers: [{ id: 'C0' }, { id: 'C1' }] });
    expect(sim!.outbound.dialable('autocall', 'AC-4').map((c) => c.id)).toEqual(['C2', 'C3', 'C4']);
  });

  it('sends an autocall DNC imported before the first load to the PBX once the load made the queue', async () => {
    h = await connected();
    await ok(h.core.invoke('outbound:dnc-import', { family: 'autocall', queueCode: 'AC-6', text: 'C1' }));
    expect(posts('/v2/autocall/queue/dnc')).toHaveLength(0);
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-6', template: 'IVR-1' }, csv: csv(3) }));
    await h.until(() => last(h!).queues[0]?.dncSentAt != null, 'the DNC sent after the load');
    expect(posts('/v2/autocall/queue/dnc').at(-1)!.body).toEqual({ queue_code: 'AC-6', customers: [{ id: 'C1' }] });
    expect(sim!.outbound.get('autocall', 'AC-6')?.dnc.has('C1')).toBe(true);
  });

  it('refuses on a system without outbound queues, and an unreadable file before anything is sent', async () => {
    h = await connected();
    const bad = await h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-5', template: 'IVR-1' }, csv: 'name,phone\nx,0912345678' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });
    expect(posts('/v2/autocall/queue')).toHaveLength(0);
  });
});

describe('customer names and agent login through the core', () => {
  it('answers names from its cache at once and sends the ones found later as customers:changed', async () => {
    h = await connected();
    // A caller the PBX has as a customer (7 in 10 numbers are: tel4vn-customers.ts).
    let number = '';
    for (let i = 0; i < 20 && !number; i++) {
      const { callId } = sim!.control.addCaller({});
      const n = sim!.control.state().queueEntries.find((e) => e.callId === callId)!.number;
      if (callerName(n)) number = n;
    }
    const first = await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [number, '0999999999'] }));
    expect(first.names).toEqual({});
    await h.until(() => h!.of('customers:changed').some((c) => c.names[number]), 'the name found in the background');
    const found = h.of('customers:changed').find((c) => c.names[number])!;
    expect(found.names[number]).toEqual({ number, name: callerName(number), code: `KH${number.slice(-6)}` });
    // Now from the cache, without another read of the list.
    const reads = sim!.control.requests().filter((r) => r.path === '/v2/customer').length;
    const again = await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [number] }));
    expect(again.names[number]?.name).toBe(callerName(number));
    expect(sim!.control.requests().filter((r) => r.path === '/v2/customer').length).toBe(reads);
  });

  it("names a dialled customer from the console's own list at once, and by the PBX's name once its directory has one", async () => {
    h = await connected();
    // A caller the PBX names (seen on its floor) and a number it has no name for, loaded as a list.
    let known = '';
    for (let i = 0; i < 20 && !known; i++) {
      const { callId } = sim!.control.addCaller({});
      const n = sim!.control.state().queueEntries.find((e) => e.callId === callId)!.number;
      if (callerName(n)) known = n;
    }
    const unnamed = Array.from({ length: 100 }, (_, i) => `0955${String(i).padStart(6, '0')}`).find((n) => callerName(n) === null)!;
    // Asked before the list is loaded (a preview's first rows show it): nobody yet; named once it is loaded.
    expect((await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [unnamed] }))).names).toEqual({});
    await ok(h.core.invoke('outbound:load', { queue: { family: 'autocall', queueCode: 'AC-N', template: 'IVR-1' }, csv: `id,mobiles\nN1,${known}\nN2,${unnamed}\n` }));
    await h.until(() => last(h!).queues[0]?.state === 'running', 'the load to finish');
    await h.until(() => h!.of('customers:changed').some((c) => c.names[unnamed]?.list === 'AC-N'), 'the number asked before the load, named by the list');
    const first = await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [known, unnamed, '0999999999'] }));
    expect(Object.keys(first.names).sort()).toEqual([known, unnamed].sort());
    expect(first.names[unnamed]).toEqual({ number: unnamed, name: '', code: 'N2', list: 'AC-N' });
    // The caller is the list's customer until the directory's polite read names them (the read the early
    // ask started may have named them already).
    const early = first.names[known]!;
    if (early.name === '') expect(early).toEqual({ number: known, name: '', code: 'N1', list: 'AC-N' });
    else expect(early.name).toBe(callerName(known));
    await h.until(() => early.name !== '' || h!.of('customers:changed').some((c) => c.names[known]?.name), 'the PBX name found in the background');
    const again = await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [known, unnamed] }));
    expect(again.names[known]?.name).toBe(callerName(known));
    expect(again.names[unnamed]).toEqual({ number: unnamed, name: '', code: 'N2', list: 'AC-N' });
    // A queue forgotten no longer names its customers.
    expect((await h.core.invoke('outbound:act', { family: 'autocall', queueCode: 'AC-N', action: 'delete' })).ok).toBe(true);
    expect((await h.core.invoke('outbound:forget', { family: 'autocall', queueCode: 'AC-N' })).ok).toBe(true);
    expect((await ok<CustomerNames>(h.core.invoke('customers:names', { numbers: [unnamed] }))).names).toEqual({});
  });

  it('logs an agent into a campaign (audited) and reads a user status; a second login is refused in the PBX\'s words', async () => {
    h = await connected();
    const agent = sim!.control.state().agents.find((a) => !a.loggedIn);
    expect(agent).toBeDefined();
    const campaign = sim!.control.state().queues[0]!.campaignUuid;
    await ok(h.core.invoke('agent:login', { extension: agent!.extension, campaignId: campaign }));
    await new Promise((r) => setTimeout(r, 1600)); // the action guard's cooldown per extension
    const again = await h.core.invoke('agent:login', { extension: agent!.extension, campaignId: campaign });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', pbxMessage: 'user is already logged in' } });
    // Now on the floor: its user status, read from /v2/user/{id}/status.
    await h.until(() => h!.of('floor:changed').some((c) => c.agents.upsert.some((a) => a.extension === agent!.extension)), 'the agent on the floor', 3000);
    const row = h.of('floor:changed').flatMap((c) => c.agents.upsert).find((a) => a.extension === agent!.extension)!;
    const status = await ok<UserStatus>(h.core.invoke('agent:user-status', { agentId: row.id }));
    expect(status).toMatchObject({ username: agent!.username, extension: agent!.extension, extLoggedIn: true, userUuid: agent!.uuid });
    const audit = await ok<AuditRecord[]>(h.core.invoke('audit:list', { limit: 5 }));
    expect(audit.filter((a) => a.kind === 'agent-login').map((a) => [a.target, a.detail, a.ok])).toEqual([
      [agent!.extension, campaign, false], [agent!.extension, campaign, true],
    ]);
  });
});
