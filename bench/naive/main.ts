// The naive baseline (bench only, never shipped): the same screens the console shows (waiting callers,
// live calls, agents) with the console's row markup and CSS classes, but built the way the architecture
// guide warns against: one deep `reactive` store whose lists are replaced whole (sorted copies of every
// row) on every change set, and every row rendered (no virtualisation). It reads the same bridge frames
// from the same web host as the real console, so the benchmark's page probe times both alike.
// The node type-check has no DOM lib: the few browser globals used are typed by hand.
import { createApp, h, reactive, type VNode } from 'vue';
import type { FloorState, BridgeResult } from '../../common/contract';
import type { ActiveCall, Agent, ChangeSet, QueueEntry, RowChanges } from '../../common/domain';
import { unpackQueueLists } from '../../common/queue-lists';
import { WS_PATH, offeredProtocols, secretFromHash, type ServerMessage } from '../../common/ws-protocol';

interface NaiveSocket {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(text: string): void;
}
const page = globalThis as unknown as {
  location: { hash: string; host: string };
  WebSocket: new (url: string, protocols: string[]) => NaiveSocket;
  setInterval(cb: () => void, ms: number): number;
};

const store = reactive({
  agents: [] as Agent[],
  calls: [] as ActiveCall[],
  waiting: [] as QueueEntry[],
  now: Date.now(),
});
// The plain rows the change sets are applied to; the store gets fresh full lists from them.
const agents = new Map<string, Agent>();
const calls = new Map<string, ActiveCall>();
const entries = new Map<string, QueueEntry>();
let seq = -1;

function apply<T extends { id: string }>(map: Map<string, T>, changes: RowChanges<T>): void {
  for (const row of changes.upsert) map.set(row.id, row);
  for (const id of changes.remove) map.delete(id);
}

/** Full replacement: every list rebuilt, sorted as the console sorts it, and handed to the deep store. */
function publish(): void {
  store.agents = [...agents.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  store.calls = [...calls.values()].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id));
  store.waiting = [...entries.values()].filter((e) => e.status === 'waiting').sort((a, b) => a.joinedAt - b.joinedAt);
}

function reset(state: FloorState): void {
  agents.clear();
  calls.clear();
  entries.clear();
  apply(agents, { upsert: state.snapshot.agents, remove: [] });
  apply(calls, { upsert: state.snapshot.calls, remove: [] });
  apply(entries, { upsert: state.snapshot.queueEntries, remove: [] });
  seq = state.snapshot.seq;
  publish();
}

const secret = secretFromHash(page.location.hash);
if (secret) {
  const ws = new page.WebSocket(`ws://${page.location.host}${WS_PATH}`, offeredProtocols(secret));
  ws.onopen = () => ws.send(JSON.stringify({ t: 'invoke', id: 1, channel: 'floor:get' }));
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as ServerMessage;
    if (message.t === 'result' && message.id === 1) {
      const result = message.result as BridgeResult<FloorState>;
      if (result.ok) reset(unpackQueueLists('floor:get', result.data) as FloorState);
    } else if (message.t === 'event' && message.channel === 'floor:reset') reset(unpackQueueLists(message.channel, message.payload) as FloorState);
    else if (message.t === 'event' && message.channel === 'floor:changed') {
      const cs = unpackQueueLists(message.channel, message.payload) as ChangeSet;
      if (seq < 0 || cs.baseSeq !== seq) return; // the real console re-reads here; the baseline just waits
      apply(agents, cs.agents);
      apply(calls, cs.calls);
      apply(entries, cs.queueEntries);
      seq = cs.seq;
      publish();
    }
  };
}
page.setInterval(() => (store.now = Date.now()), 1000);

const duration = (since: number | null): string => {
  if (since === null) return '—';
  const s = Math.max(0, Math.floor((store.now - since) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

function panel(id: string, title: string, rows: VNode[]): VNode {
  return h('section', { class: 'panel', 'data-testid': `panel-${id}` }, [
    h('header', { class: 'panel-head' }, [h('h2', title), h('span', { class: 'panel-count' }, String(rows.length))]),
    h('div', { class: 'vlist', style: 'overflow-y:auto;flex:1 1 auto;min-height:0' }, rows),
  ]);
}

const agentRow = (a: Agent): VNode =>
  h('div', { key: a.id, class: 'grid-row row-item agents-grid', role: 'row', 'data-testid': 'row-agent', 'data-id': a.id, 'data-state': a.state }, [
    h('span', { title: a.username }, [a.name, ' ', h('span', { class: 'muted' }, a.extension ?? '')]),
    h('span', [h('span', { class: 'badge' }, a.state), a.state === 'paused' ? h('span', { class: 'muted' }, ` ${a.pauseReason ?? ''}`) : null]),
    h('span', { class: 'num' }, duration(a.stateSince)),
    h('span', a.callId ? (calls.get(a.callId)?.customerNumber ?? '') : ''),
    h('span', { class: 'row-actions' }, [h('button', { type: 'button', class: 'btn btn-small', tabindex: -1 }, a.state === 'paused' ? 'Resume' : 'Pause')]),
  ]);

const callRow = (c: ActiveCall): VNode =>
  h('div', { key: c.id, class: 'grid-row row-item calls-grid', role: 'row', 'data-testid': 'row-call', 'data-id': c.id }, [
    h('span', { title: c.agentName }, [c.agentName || '—', ' ', h('span', { class: 'muted' }, c.extension)]),
    h('span', [c.customerNumber, c.queueName ? h('span', { class: 'muted' }, ` · ${c.queueName}`) : null]),
    h('span', c.direction),
    h('span', [h('span', { class: 'badge' }, c.state)]),
    h('span', { class: 'num' }, duration(c.startedAt)),
    h('span', { class: 'row-actions' }, ['Listen', 'Whisper', 'Barge', 'Transfer'].map((label) => h('button', { type: 'button', class: 'btn btn-small', tabindex: -1 }, label))),
  ]);

const waitingRow = (e: QueueEntry): VNode =>
  h('div', { key: e.id, class: 'grid-row row-item waiting-grid', role: 'row', 'data-testid': 'row-waiting', 'data-id': e.id }, [
    h('span', e.number),
    h('span', { class: 'muted' }, e.queueName),
    h('span', { class: 'num' }, duration(e.joinedAt)),
  ]);

createApp({
  render: () =>
    h('div', { class: 'console' }, [
      h('main', { class: 'grid' }, [
        panel('queues', 'Waiting', store.waiting.map(waitingRow)),
        panel('calls', 'Calls', store.calls.map(callRow)),
        panel('agents', 'Agents', store.agents.map(agentRow)),
      ]),
    ]),
}).mount('#app');
