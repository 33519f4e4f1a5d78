// `npm run bench -- --hub [--no-write]`: the floor hub (issue 18) at 10,000 agents with 1, 10 and 50 consoles
// reading it. Real parts only: the simulator and the hub (`npm run hub`) in processes of their own, a
// nats-server from deploy/nats-server.conf, the consoles over NATS connections of their own as sup-a: one a
// whole floor reader (main/hub/floor-reader.ts) in this process, the others in a process of their own
// (bench/lib/hub-receivers.ts). First the hub's first minute: the gaps between its change sets on the wire
// while its core reads the day's call records (the first pass is 60 pages, 30,000 records). Then, per
// console count, over a window of steady floor:
//   PBX requests per second      the hub's polls as the simulator logs them (flat: one poller per floor)
//   publish latency p50 / p95    a change set's tick (ChangeSet.at, the hub's clock) -> on the wire (a plain
//                                subscriber of floor.<F>.changes in this process: same machine, same clock)
//   delivery p50 / p95           tick -> a console has it (every console's every change set): the first
//                                console folds it into its picture (main/hub/floor-reader.ts), the others
//                                receive it on a consumer of their own (a console's process does the fold)
//   bytes per tick               a change set on the wire; each console receives each one once
//   hub CPU, RSS                 /proc/<pid> of the hub process over the window (its decode worker included)
// then, with every console still reading, the push events: the hub serves the PBX's event hooks (the
// simulator posts its floor's events to them all along), and the bench posts a ringing event of the seed's
// shape for an idle agent's extension with the hub's key, timing POST -> the call in a console's picture
// (p50 / p95 over 40; the target is 100 ms), and where it went: POST -> the hub's answer, POST -> the event's
// message on the wire. And the snapshot: its size at 10,000 agents (chunks of 512 KB, main/hub/snapshot-chunks.ts) and how long
// a console joining late takes to read it. Writes bench/results/hub.json and BENCHMARKS.md's hub section.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { ChangeSet } from '../common/domain';
import { joinFloor, type FloorReader } from '../main/hub/floor-reader';
import { freePort, startNatsServer, USERS } from '../test/hub/nats-server';
import { PROJECT_ROOT, spawnTs } from './lib/child';
import { gitCommit, loadAverage } from './lib/machine';
import { startSimProcess } from './lib/sim-process';
import { mean, p95, median, round } from './lib/stats';

const START = '<!-- hub:start -->';
const END = '<!-- hub:end -->';
interface HubBenchOptions {
  agents: number;
  consoles: number[];
  windowSec: number;
}
/** The measure as BENCHMARKS.md keeps it; `--quick` (a smoke run, not kept) changes it. */
export const HUB_BENCH: HubBenchOptions = { agents: 10_000, consoles: [1, 10, 50], windowSec: 20 };
const LIVE_PATHS = new Set(['/v3/monitor', '/v3/monitor/callcenter/queue', '/v3/agent/live']);

interface HubRound {
  consoles: number;
  pbxRequestsPerSec: number;
  ticks: number;
  publishP50Ms: number | null;
  publishP95Ms: number | null;
  deliveryP50Ms: number | null;
  deliveryP95Ms: number | null;
  bytesPerTick: number | null;
  bytesOutPerSec: number | null;
  hubCpuPct: number;
  hubRssMb: number;
  joinP50Ms: number | null;
}

interface PushFigures {
  samples: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** POST -> the hub's answer (its loop reached the post, applied and published it): p50 / p95. */
  answerP50Ms: number | null;
  answerP95Ms: number | null;
  /** POST -> the event's message on the wire (a plain subscriber of floor.<F>.events): p50 / p95. */
  wireP50Ms: number | null;
  wireP95Ms: number | null;
  /** The hub's own counts at the end (the simulator's posts included). */
  applied: number;
  refused: number;
}

/**
 * The hub's first minute: from its first change set on the wire, while its core reads the day's call records
 * (the first pass is the whole day, published on RECORDS_<F>), how regularly the change sets go out.
 */
interface FirstMinute {
  seconds: number;
  changeSets: number;
  /** Gaps between consecutive change sets on the wire (the floor ticks every poll, 1 s). */
  gapP50Ms: number | null;
  gapP95Ms: number | null;
  gapMaxMs: number | null;
  /** Tick -> wire over the minute. */
  publishP95Ms: number | null;
  publishMaxMs: number | null;
  /** What the records stream held at the minute's end (the day's read): messages of at most 512 KB, bytes. */
  recordMessages: number;
  recordBytes: number;
}

interface HubBenchResult {
  at: string;
  commit: string;
  agents: number;
  snapshotBytes: number;
  snapshotChunks: number;
  windowSec: number;
  rounds: HubRound[];
  push: PushFigures | null;
  firstMinute: FirstMinute | null;
  loadAverage: [number, number, number];
  loadAverageAtEnd: [number, number, number];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The simulator's TEL4VN API as a client of it: a token, then GET with it (the hooks' listing). */
async function simGet(url: string, path: string): Promise<unknown> {
  const auth = (await (await fetch(`${url}/v2/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: 'demo-key' }) })).json()) as { data: { token: string } };
  return (await fetch(url + path, { headers: { Authorization: `Bearer ${auth.data.token}` } })).json();
}

/** POST -> a console sees the call ringing, `count` times, each on an idle agent's extension. */
interface PushSample {
  total: number;
  answer: number;
  wire: number | null;
}
async function measurePush(simUrl: string, hookPort: number, reader: FloorReader, count: number, onWire: Map<string, number>): Promise<PushSample[]> {
  const hooks = (await simGet(simUrl, '/v1/event')) as { data: { callback_url: string; callback_apikey: string }[] };
  const hook = hooks.data.find((h) => h.callback_url.includes(`:${hookPort}/`));
  if (!hook) throw new Error('the hub registered no event hooks at the simulator');
  const samples: PushSample[] = [];
  for (let i = 0; i < count; i++) {
    const agent = reader.state().snapshot.agents.find((a) => a.state === 'available' && a.extension);
    if (!agent?.extension) break;
    const callId = `bench-push-${Date.now()}-${i}`;
    const body = { call_id: callId, sip_call_id: callId, domain: 'demo.tel4vn.com', direction: 'inbound', from_number: '0912000111', to_number: agent.extension, hotline: '19001919', state: 'ringing' };
    const t0 = performance.now();
    const res = await fetch(hook.callback_url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${hook.callback_apikey}` }, body: JSON.stringify(body) });
    const answer = performance.now() - t0;
    await res.arrayBuffer();
    while (!reader.state().snapshot.calls.some((c) => c.id === callId)) {
      if (performance.now() - t0 > 5000) throw new Error(`the pushed call ${callId} never reached the console`);
      await sleep(1);
    }
    const wireAt = onWire.get(callId);
    samples.push({ total: performance.now() - t0, answer, wire: wireAt === undefined ? null : wireAt - t0 });
    // Its hangup, so the agent is free again (the next poll would take the call away anyway).
    await fetch(hook.callback_url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Api-Key': hook.callback_apikey }, body: JSON.stringify({ ...body, state: 'hangup', duration: 1, billsec: 0 }) });
    await sleep(150);
  }
  return samples;
}

/** The change sets' cadence over the minute after the hub's first one (the day's records being read meanwhile). */
async function measureFirstMinute(log: (line: string) => void, wire: { at: number; tickAt: number | null }[], admin: NatsConnection): Promise<FirstMinute> {
  const SECONDS = 60;
  for (let i = 0; i < 600 && wire.length === 0; i++) await sleep(100);
  const from = wire[0]?.at ?? Date.now();
  log(`  the hub's first minute (the day's records read meanwhile)`);
  await sleep(Math.max(0, from + SECONDS * 1000 - Date.now()));
  const window = wire.filter((w) => w.at - from <= SECONDS * 1000);
  const gaps = window.slice(1).map((w, i) => w.at - (window[i] as { at: number }).at);
  const publish = window.flatMap((w) => (w.tickAt === null ? [] : [w.at - w.tickAt]));
  const { messages: recordMessages, bytes: recordBytes } = (await (await jetstream(admin).streams.get('RECORDS_A')).info()).state;
  const figures: FirstMinute = {
    seconds: SECONDS, changeSets: window.length, gapP50Ms: round(median(gaps), 0), gapP95Ms: round(p95(gaps), 0), gapMaxMs: round(gaps.length ? Math.max(...gaps) : null, 0),
    publishP95Ms: round(p95(publish), 0), publishMaxMs: round(publish.length ? Math.max(...publish) : null, 0), recordMessages, recordBytes,
  };
  log(`  first minute: ${JSON.stringify(figures)}`);
  return figures;
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
function procUsage(pid: number): { cpuSec: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime), in clock ticks of 1/100 s on Linux; here counted after the ')'.
  const cpuSec = (Number(fields[11]) + Number(fields[12])) / 100;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSec, rssMb: rss ? Number(rss[1]) / 1024 : 0 };
}

export async function runHubBench(log: (line: string) => void, options: HubBenchOptions = HUB_BENCH): Promise<HubBenchResult> {
  const { agents: AGENTS, consoles: CONSOLES, windowSec: WINDOW_SEC } = options;
  const loadAtStart = loadAverage();
  const nats = await startNatsServer();
  const dataDir = mkdtempSync(join(tmpdir(), 'fw-bench-hub-'));
  log(`  simulator at ${AGENTS} agents (settling)`);
  const sim = await startSimProcess(AGENTS);
  Object.assign(process.env, {
    FLOORWATCH_USERNAME: 'demo', FLOORWATCH_PASSWORD: 'demo', FLOORWATCH_API_KEY: '',
    FLOORWATCH_NATS_USER: USERS.hub.user, FLOORWATCH_NATS_PASSWORD: USERS.hub.pass,
  });
  const hookPort = await freePort();
  // Every change set (and reset marker) on the wire from before the hub starts: its first minute.
  const early = await connect({ servers: nats.url, ...USERS.hub });
  const firstWire: { at: number; tickAt: number | null }[] = [];
  const earlySub = early.subscribe('floor.A.changes');
  void (async () => {
    for await (const m of earlySub) {
      const kind = m.headers?.get('Floorwatch-Kind');
      const head = kind === 'changes' ? /^\{"seq":\d+,"baseSeq":\d+,"at":(\d+)/.exec(new TextDecoder().decode(m.data.subarray(0, 80))) : null;
      firstWire.push({ at: Date.now(), tickAt: head ? Number(head[1]) : null });
    }
  })();
  const hub = await spawnTs('main/hub/cli.ts', ['--nats', nats.url, '--floor', 'A', '--api-host', sim.url, '--timezone', 'Asia/Ho_Chi_Minh', '--data-dir', dataDir,
    '--webhook-url', `http://127.0.0.1:${hookPort}/floorwatch/A/events`, '--webhook-port', String(hookPort), '--webhook-bind', '127.0.0.1'],
    /this hub .* is active/, 120_000);
  const hubPid = hub.child.process.pid as number;
  const connections: NatsConnection[] = [early];
  let stopOthers = (): Promise<void> => Promise.resolve();
  try {
    const admin = await connect({ servers: nats.url, ...USERS.hub });
    connections.push(admin);
    const firstMinute = await measureFirstMinute(log, firstWire, admin);
    earlySub.unsubscribe();
    // The first picture and its snapshot.
    const picture = await new Kvm(admin).open('floor-A');
    let manifest: { bytes: number; chunks: number } | null = null;
    for (let i = 0; i < 600 && !manifest; i++) {
      const entry = await picture.get('snapshot');
      const m = entry && entry.operation === 'PUT' ? entry.json<{ bytes: number; chunks: number }>() : null;
      if (m && m.bytes > 500 * AGENTS) manifest = m;
      else await sleep(200);
    }
    if (!manifest) throw new Error('the hub wrote no snapshot of the floor');
    log(`  snapshot: ${(manifest.bytes / 1e6).toFixed(1)} MB in ${manifest.chunks} chunks`);

    // Every change set on the wire, as it leaves the hub; every pushed event's message, by call id.
    const wire: { at: number; tickAt: number; bytes: number }[] = [];
    const sub = admin.subscribe('floor.A.changes');
    void (async () => {
      for await (const m of sub) {
        if (m.headers?.get('Floorwatch-Kind') !== 'changes') continue;
        // The tick's time from the body's head: this process also times the pushed events.
        const head = /^\{"seq":\d+,"baseSeq":\d+,"at":(\d+)/.exec(new TextDecoder().decode(m.data.subarray(0, 80)));
        const tickAt = head ? Number(head[1]) : (JSON.parse(new TextDecoder().decode(m.data)) as ChangeSet).at;
        wire.push({ at: Date.now(), tickAt, bytes: m.data.length });
      }
    })();

    const eventsOnWire = new Map<string, number>();
    const eventsSub = admin.subscribe('floor.A.events');
    void (async () => {
      for await (const m of eventsSub) {
        const id = /"callId":"([^"]+)"/.exec(new TextDecoder().decode(m.data))?.[1];
        if (id?.startsWith('bench-push-') && !eventsOnWire.has(id)) eventsOnWire.set(id, performance.now());
      }
    })();

    const rounds: HubRound[] = [];
    const readers: FloorReader[] = [];
    const delivery: number[] = [];
    const joins: number[] = [];
    // The other consoles in a process of their own (bench/lib/hub-receivers.ts): this process holds one
    // console's whole reader, timed, and is not also the one taking in the other 49 consoles' bytes.
    const others = await spawnTs('bench/lib/hub-receivers.ts', [nats.url, 'A'], /hub-receivers ready/, 60_000);
    stopOthers = () => others.child.stop();
    const ask = <T>(message: object): Promise<T> => new Promise((resolve) => {
      others.child.process.once('message', (answer) => resolve(answer as T));
      others.child.process.send(message);
    });
    let otherCount = 0;
    for (const target of CONSOLES) {
      log(`  ${target} console${target === 1 ? '' : 's'}: joining`);
      // As consoles arrive. The first is a whole console's reader (the chunked snapshot, then every change set
      // folded into its picture); the others receive the change sets over connections and consumers of their
      // own, as each console's process would, without folding them: fifty pictures of 10,000 agents folded
      // in one process would measure that process, not the hub.
      if (readers.length === 0) {
        const nc = await connect({ servers: nats.url, ...USERS['sup-a'], timeout: 30_000 });
        connections.push(nc);
        const t = performance.now();
        readers.push(await joinFloor(nc, 'A', { onChanges: (c) => delivery.push(Date.now() - c.at) }));
        joins.push(performance.now() - t);
      }
      if (target - 1 > otherCount) otherCount = (await ask<{ receivers: number }>({ add: target - 1 - otherCount })).receivers;
      // Settle after the joins (their snapshot reads load the machine), then measure a window.
      await sleep(3000);
      delivery.length = 0;
      others.child.process.send({ clear: true });
      wire.length = 0;
      const reqSeq = (await sim.requests()).at(-1)?.seq ?? 0;
      const before = procUsage(hubPid);
      const t0 = performance.now();
      await sleep(WINDOW_SEC * 1000);
      const seconds = (performance.now() - t0) / 1000;
      const after = procUsage(hubPid);
      const polls = (await sim.requests(reqSeq)).filter((r) => LIVE_PATHS.has(r.path)).length;
      if (otherCount > 0) delivery.push(...(await ask<{ delivery: number[] }>({ take: true })).delivery);
      const bytes = wire.map((w) => w.bytes);
      rounds.push({
        consoles: target,
        pbxRequestsPerSec: round(polls / seconds, 2) ?? 0,
        ticks: wire.length,
        publishP50Ms: round(median(wire.map((w) => w.at - w.tickAt)), 0),
        publishP95Ms: round(p95(wire.map((w) => w.at - w.tickAt)), 0),
        deliveryP50Ms: round(median(delivery), 0),
        deliveryP95Ms: round(p95(delivery), 0),
        bytesPerTick: round(mean(bytes), 0),
        bytesOutPerSec: round((bytes.reduce((a, b) => a + b, 0) * target) / seconds, 0),
        hubCpuPct: round(((after.cpuSec - before.cpuSec) / seconds) * 100, 0) ?? 0,
        hubRssMb: round(after.rssMb, 0) ?? 0,
        joinP50Ms: round(median(joins), 0),
      });
      log(`  ${target}: ${JSON.stringify(rounds.at(-1))}`);
      delivery.length = 0;
    }
    log('  push events: POST -> a console');
    const pushSamples = await measurePush(sim.url, hookPort, readers[0] as FloorReader, 40, eventsOnWire);
    eventsSub.unsubscribe();
    const health = await (readers[0] as FloorReader).health();
    const totals = pushSamples.map((s) => s.total);
    const answers = pushSamples.map((s) => s.answer);
    const wires = pushSamples.flatMap((s) => (s.wire === null ? [] : [s.wire]));
    const push: PushFigures = {
      samples: pushSamples.length, p50Ms: round(median(totals), 0), p95Ms: round(p95(totals), 0), maxMs: round(Math.max(...totals), 0),
      answerP50Ms: round(median(answers), 0), answerP95Ms: round(p95(answers), 0), wireP50Ms: round(median(wires), 0), wireP95Ms: round(p95(wires), 0),
      applied: health?.pushEvents?.applied ?? 0, refused: (health?.pushEvents?.refused ?? 0) + (health?.pushEvents?.invalid ?? 0) + (health?.pushEvents?.unauthorized ?? 0),
    };
    log(`  push: ${JSON.stringify(push)}`);
    for (const r of readers) await r.close();
    sub.unsubscribe();
    return {
      at: new Date().toISOString(), commit: gitCommit(), agents: AGENTS, windowSec: WINDOW_SEC, snapshotBytes: manifest.bytes, snapshotChunks: manifest.chunks,
      rounds, push, firstMinute, loadAverage: loadAtStart, loadAverageAtEnd: loadAverage(),
    };
  } finally {
    await stopOthers();
    for (const nc of connections) await nc.close().catch(() => undefined);
    await hub.child.stop();
    await sim.stop();
    await nats.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const ms = (v: number | null): string => (v === null ? '-' : `${v} ms`);
const kb = (v: number | null): string => (v === null ? '-' : `${(v / 1024).toFixed(1)} KB`);

export function hubSection(result: HubBenchResult): string {
  const rows = result.rounds.map((r) => `| ${r.consoles} | ${r.pbxRequestsPerSec} | ${ms(r.publishP50Ms)} / ${ms(r.publishP95Ms)} | ${ms(r.deliveryP50Ms)} / ${ms(r.deliveryP95Ms)} | ${kb(r.bytesPerTick)} | ${kb(r.bytesOutPerSec)}/s | ${r.hubCpuPct} % | ${r.hubRssMb} MB | ${ms(r.joinP50Ms)} |`);
  return [
    START,
    '## The floor hub: one poller, many consoles',
    '<!-- Written by `npm run bench -- --hub` (bench/hub.ts); raw figures: bench/results/hub.json. -->',
    `${result.agents.toLocaleString('en-US')} agents on the simulator, one hub (\`npm run hub\`, its own process) polling every second,`,
    `nats-server 2.9.10 from deploy/nats-server.conf, consoles reading floor A over NATS connections of their own: one folds the`,
    `change sets into its picture (main/hub/floor-reader.ts) in the bench's process, the others receive them on consumers of`,
    `their own in a second process (bench/lib/hub-receivers.ts). ${result.windowSec} s windows; commit ${result.commit}, ${result.at}; load average ${result.loadAverage.join(' / ')} at the`,
    `start, ${result.loadAverageAtEnd.join(' / ')} at the end (2 cores shared with other work).`,
    '',
    '| consoles | PBX requests / s | publish p50 / p95 (tick -> wire) | delivery p50 / p95 (tick -> each console) | bytes per tick (each console) | bytes out of NATS | hub CPU | hub RSS | join (snapshot read) p50 |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    ...(result.push
      ? [`Push events (TEL4VN event hooks, the simulator posting its floor's events to the hub all along): a ringing event POSTed to the hub`,
        `reaches a console's picture in ${ms(result.push.p50Ms)} (p50), ${ms(result.push.p95Ms)} (p95), ${ms(result.push.maxMs)} at most over ${result.push.samples} events, with`,
        `${result.rounds.at(-1)?.consoles ?? 0} consoles reading (target: 100 ms); the hub applied ${result.push.applied} events and refused ${result.push.refused}. Where the time went:`,
        `the hub's answer ${ms(result.push.answerP50Ms)} / ${ms(result.push.answerP95Ms)} after the POST (its loop reached the post, applied and published it), the event's`,
        `message on the wire ${ms(result.push.wireP50Ms)} / ${ms(result.push.wireP95Ms)} (p50 / p95), the rest the console's consumer and picture.`, '']
      : []),
    ...(result.firstMinute
      ? [`The hub's first minute (from its first change set, while its core reads the day's call records: ${(result.firstMinute.recordBytes / 1e6).toFixed(1)} MB in`,
        `${result.firstMinute.recordMessages} messages on RECORDS_A by the minute's end): ${result.firstMinute.changeSets} change sets, the gap between two on the wire ${ms(result.firstMinute.gapP50Ms)} (p50),`,
        `${ms(result.firstMinute.gapP95Ms)} (p95), ${ms(result.firstMinute.gapMaxMs)} at most (the floor ticks at every source's answer and every burst of pushed events); tick -> wire ${ms(result.firstMinute.publishP95Ms)} (p95), ${ms(result.firstMinute.publishMaxMs)} at most.`, '']
      : []),
    `The snapshot at ${result.agents.toLocaleString('en-US')} agents: ${(result.snapshotBytes / 1e6).toFixed(1)} MB of JSON, written as ${result.snapshotChunks} chunks of at most`,
    '512 KB (main/hub/snapshot-chunks.ts), so it passes a server left at the default 1 MB `max_payload`; a console reads it',
    'once when it joins (the join column), then only change sets.',
    END,
  ].join('\n');
}

/** Write the section into BENCHMARKS.md (replacing the last one) and the raw figures. */
export function writeHubResult(result: HubBenchResult): void {
  writeFileSync(join(PROJECT_ROOT, 'bench/results/hub.json'), JSON.stringify(result, null, 2) + '\n');
  const file = join(PROJECT_ROOT, 'BENCHMARKS.md');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const text = hubSection(result);
  const at = old.indexOf(START);
  const end = old.indexOf(END);
  writeFileSync(file, at >= 0 && end > at ? old.slice(0, at) + text + old.slice(end + END.length) : `${old.trimEnd()}\n\n${text}\n`);
}
