// Scoping on TEL4VN: its calls carry no queue and its agents only a campaign (seeds 000, 003). The core
// derives both from the queue monitor's visits (issue 14 point 5). Fixtures in the seeds' shapes only.
import { describe, expect, it } from 'vitest';
import { normaliseAgents, normaliseCalls, normaliseQueue } from '../fixtures/read-whole';
import { createSourceMerger } from '../../../main/core/picture/merge-sources';
import { CAMPAIGN_AGENTS_PER_UPDATE, CAMPAIGN_SETTLE_MAX_MS, CAMPAIGN_SETTLE_MS, createQueueDeriver } from '../../../main/core/picture/queue-derivation';
import { seedAgentLive, seedMonitor, seedQueue } from '../fixtures/tel4vn-seed-rows';

const ZONE = 'Asia/Ho_Chi_Minh';
const SALES = '7bc3db7b-e95e-4afe-a345-a8385dfb31b7';
const SUPPORT = '0c0e3f5e-6f5a-4b8e-9d7e-2f6b1c9a0d11';
const CAMPAIGN = '23406d2c-19e5-4f7b-a1ce-bfea5c2ff081';

const agents = (...rows: Record<string, unknown>[]) => normaliseAgents({ data: rows });
const calls = (...rows: Record<string, unknown>[]) => normaliseCalls({ data: rows, total: rows.length }, ZONE);
const queue = (...rows: Record<string, unknown>[]) => normaliseQueue({ data: rows });

const nhi = seedAgentLive({ user_uuid: 'u-nhi', username: 'agent_nhi', extension: '105', first_name: 'Nhi' });
const peer = seedAgentLive({ user_uuid: 'u-peer', username: 'agent_peer', extension: '106', first_name: 'Peer' });
const other = seedAgentLive({ user_uuid: 'u-other', username: 'agent_other', extension: '107', first_name: 'Other', campaign_uuid: 'c-outbound' });
const inbound = (over: Record<string, unknown>) =>
  seedMonitor({ direction: 'inbound', user_uuid: '', agent_name: 'agent_nhi', username: 'agent_nhi', extension: '105', b_cid_num: '0865662711', ...over });

describe('queue derivation', () => {
  it('gives a call the queue of the visit with its call id, and the agent the queue they answered', () => {
    const d = createQueueDeriver();
    const out = d.apply(agents(nhi, peer), calls(inbound({ call_id: '34f6a205-121c-4fa3-bb94-414c5aff5995' })), queue(seedQueue()));
    expect(out.calls[0]).toMatchObject({ queueId: SALES, queueName: 'Nhi_Test_39989220' });
    // Nhi answered it; Peer shares the campaign, so Sales is learned for the campaign too.
    expect(out.agents.map((a) => a.queues)).toEqual([[SALES], [SALES]]);
  });

  it('falls back to the Answered visit with the same customer number and agent when the ids differ', () => {
    const d = createQueueDeriver();
    const entries = queue(
      seedQueue({ call_uuid: 'leg-a', mobile: '0865662711', call_center_agent_name: 'agent_peer' }),
      seedQueue({ call_uuid: 'leg-b', mobile: '0865662711', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: SUPPORT, call_center_queue_name: 'Support' }),
    );
    const out = d.apply(agents(nhi, peer), calls(inbound({ call_id: 'another-leg-id' })), entries);
    expect(out.calls[0]).toMatchObject({ queueId: SUPPORT, queueName: 'Support' });
  });

  it('keeps a call\'s queue after its visit leaves the queue monitor, until the call ends', () => {
    const d = createQueueDeriver();
    const call = calls(inbound({ call_id: '34f6a205-121c-4fa3-bb94-414c5aff5995' }));
    d.apply(agents(nhi), call, queue(seedQueue()));
    expect(d.apply(agents(nhi), call, []).calls[0]?.queueId).toBe(SALES);
    d.apply(agents(nhi), [], []);
    expect(d.apply(agents(nhi), call, []).calls[0]?.queueId).toBeNull();
  });

  it('leaves outbound calls, and agents of a campaign that answered nothing, without a queue', () => {
    const d = createQueueDeriver();
    const out = d.apply(agents(nhi, other), calls(seedMonitor(), inbound({ call_id: 'x' })), queue(seedQueue()));
    expect(out.calls.map((c) => c.queueId)).toEqual([null, SALES]); // 'x' joins by number + agent
    expect(out.agents.map((a) => a.queues)).toEqual([[SALES], []]);
  });

  it('hands back the very arrays when nothing was derived, and the same rows on the next tick', () => {
    const d = createQueueDeriver();
    const a = agents(other);
    const c = calls(seedMonitor());
    const first = d.apply(a, c, []);
    expect(first.agents).toBe(a);
    expect(first.calls).toBe(c);
    const call = calls(inbound({ call_id: '34f6a205-121c-4fa3-bb94-414c5aff5995' }));
    const entries = queue(seedQueue());
    const ns = agents(nhi);
    const one = d.apply(ns, call, entries);
    const two = d.apply(ns, call, entries);
    expect(two.calls[0]).toBe(one.calls[0]);
    expect(two.agents[0]).toBe(one.agents[0]);
    // The very arrays too, so the tick's later steps (staffing, summaries, the diff) see nothing new, and
    // a new calls list that moves no agent's queues leaves the agents array as it was.
    expect(two.agents).toBe(one.agents);
    expect(two.calls).toBe(one.calls);
    const three = d.apply(ns, calls(inbound({ call_id: '34f6a205-121c-4fa3-bb94-414c5aff5995' })), entries);
    expect(three.agents).toBe(one.agents);
  });

  it('runs in the merge, with the agent joined to the call by extension', () => {
    const merge = createSourceMerger(() => Date.UTC(2023, 9, 12, 11));
    const floor = merge([
      { calls: calls(inbound({ call_id: '34f6a205-121c-4fa3-bb94-414c5aff5995' })) },
      { queueEntries: queue(seedQueue()) },
      { agents: agents(nhi) },
    ]);
    expect(floor.calls[0]).toMatchObject({ agentId: 'u-nhi', queueId: SALES });
    expect(floor.agents[0]).toMatchObject({ state: 'on-call', queues: [SALES], campaign: CAMPAIGN });
  });

  it("keeps an agent's list of queues from one row of theirs to the next until their links grow, then the new one", () => {
    const d = createQueueDeriver();
    const visits = queue(seedQueue());
    const first = d.apply(agents(nhi, peer), [], visits);
    const list = first.agents[1]!.queues;
    expect(list).toEqual([SALES]);
    // Peer pauses (a new row of theirs): the same list, not a copy made again.
    const paused = d.apply(agents(nhi, { ...peer, status: 'PAUSE', pause_code: 'LUNCH' }), [], visits);
    expect(paused.agents[1]).toMatchObject({ state: 'paused', queues: [SALES] });
    expect(paused.agents[1]!.queues).toBe(list);
    // Nhi answers on Support: the campaign's links grow, and Peer's next row has both queues.
    const more = queue(seedQueue(), seedQueue({ call_uuid: 'v2', mobile: '0900000002', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: SUPPORT, call_center_queue_name: 'Support' }));
    const grown = d.apply(agents(nhi, { ...peer, status: 'RESUME' }), [], more);
    expect(grown.agents[1]).toMatchObject({ state: 'available' });
    expect([...grown.agents[1]!.queues].sort()).toEqual([SALES, SUPPORT].sort());
    // Moved to another campaign: only what they answered themselves (nothing), not the old campaign's list.
    const moved = d.apply(agents(nhi, { ...peer, campaign_uuid: 'c-other' }), [], more);
    expect(moved.agents[1]!.queues).toEqual([]);
  });

  it("gives a campaign's agents without visits of their own one list, the campaign's, made again only when it grows", () => {
    const d = createQueueDeriver();
    const peers = [1, 2, 3].map((i) => seedAgentLive({ user_uuid: `u-p${i}`, username: `agent_p${i}`, extension: `20${i}`, first_name: `P${i}` }));
    const first = d.apply(agents(nhi, ...peers), [], queue(seedQueue()));
    const list = first.agents[1]!.queues;
    expect(list).toEqual([SALES]);
    for (const a of first.agents.slice(1)) expect(a.queues).toBe(list);
    const more = queue(seedQueue(), seedQueue({ call_uuid: 'v2', mobile: '0900000002', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: SUPPORT, call_center_queue_name: 'Support' }));
    const grown = d.apply(agents(nhi, ...peers), [], more);
    const both = grown.agents[1]!.queues;
    expect([...both].sort()).toEqual([SALES, SUPPORT].sort());
    for (const a of grown.agents) expect(a.queues).toBe(both);
    // P1 answers a visit of a third queue himself: his own links and the campaign's grow, and every agent has the three.
    const own = queue(...[seedQueue(), seedQueue({ call_uuid: 'v2', mobile: '0900000002', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: SUPPORT, call_center_queue_name: 'Support' }),
      seedQueue({ call_uuid: 'v3', mobile: '0900000003', call_center_agent_name: 'agent_p1', call_center_queue_uuid: 'q-third', call_center_queue_name: 'Third' })]);
    const after = d.apply(agents(nhi, ...peers), [], own);
    expect([...after.agents[1]!.queues].sort()).toEqual([SALES, SUPPORT, 'q-third'].sort());
    for (const a of after.agents) expect([...a.queues].sort()).toEqual([SALES, SUPPORT, 'q-third'].sort());
    // P1 and P2 move to another campaign that Nhi's answers never taught: P1 keeps what he answered himself,
    // P2 nothing; P3, still in the first campaign, keeps its three.
    const moved = d.apply(agents(nhi, { ...peers[0]!, campaign_uuid: 'c-other' }, { ...peers[1]!, campaign_uuid: 'c-other' }, peers[2]!), [], own);
    expect(moved.agents[1]!.queues).toEqual(['q-third']);
    expect(moved.agents[2]!.queues).toEqual([]);
    expect([...moved.agents[3]!.queues].sort()).toEqual([SALES, SUPPORT, 'q-third'].sort());
    // Nhi answers a fourth queue: her campaign's agents get the four, P1 in his new one still his own.
    const fourth = queue(...[seedQueue(), seedQueue({ call_uuid: 'v2', mobile: '0900000002', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: SUPPORT, call_center_queue_name: 'Support' }),
      seedQueue({ call_uuid: 'v3', mobile: '0900000003', call_center_agent_name: 'agent_p1', call_center_queue_uuid: 'q-third', call_center_queue_name: 'Third' }),
      seedQueue({ call_uuid: 'v4', mobile: '0900000004', call_center_agent_name: 'agent_nhi', call_center_queue_uuid: 'q-fourth', call_center_queue_name: 'Fourth' })]);
    const grew = d.apply(agents(nhi, { ...peers[0]!, campaign_uuid: 'c-other' }, { ...peers[1]!, campaign_uuid: 'c-other' }, peers[2]!), [], fourth);
    expect(grew.agents[1]!.queues).toEqual(['q-third']);
    expect([...grew.agents[3]!.queues].sort()).toEqual([SALES, SUPPORT, 'q-third', 'q-fourth'].sort());
    expect(grew.agents[3]!.queues).toBe(grew.agents[0]!.queues);
  });

  it("passes a campaign's later growth to its agents at most once per settle window, an agent's own answers at once", () => {
    let now = 1_000_000;
    const d = createQueueDeriver(() => now);
    const peers = [1, 2].map((i) => seedAgentLive({ user_uuid: `u-p${i}`, username: `agent_p${i}`, extension: `20${i}`, first_name: `P${i}` }));
    const floor = agents(nhi, ...peers);
    const visit = (id: string, agent: string, queueId: string) => seedQueue({ call_uuid: id, mobile: `09000000${id.slice(1)}`, call_center_agent_name: agent, call_center_queue_uuid: queueId, call_center_queue_name: queueId });
    // The campaign's first link reaches every agent of it at once.
    const first = d.apply(floor, [], queue(seedQueue()));
    expect(first.agents.map((a) => a.queues)).toEqual([[SALES], [SALES], [SALES]]);
    // Nhi answers on Support 10 s later: her own list grows at once; the peers (rows unchanged) wait.
    now += 10_000;
    const grown = d.apply(floor, [], queue(seedQueue(), visit('v2', 'agent_nhi', SUPPORT)));
    expect([...grown.agents[0]!.queues].sort()).toEqual([SALES, SUPPORT].sort());
    expect(grown.agents.slice(1).map((a) => a.queues)).toEqual([[SALES], [SALES]]);
    // P1 answers a third queue himself: his own answer reaches him at once, P2 still waits.
    now += 5_000;
    const own = d.apply(floor, [], queue(seedQueue(), visit('v2', 'agent_nhi', SUPPORT), visit('v3', 'agent_p1', 'q-third')));
    expect([...own.agents[1]!.queues].sort()).toEqual([SALES, SUPPORT, 'q-third'].sort());
    expect(own.agents[2]!.queues).toEqual([SALES]);
    // Nothing new comes, but the window since the campaign's last growth reached its agents ends: P2 takes all three.
    now += CAMPAIGN_SETTLE_MS - 15_000;
    const settled = d.apply(floor, [], queue(seedQueue(), visit('v2', 'agent_nhi', SUPPORT), visit('v3', 'agent_p1', 'q-third')));
    expect([...settled.agents[2]!.queues].sort()).toEqual([SALES, SUPPORT, 'q-third'].sort());
    expect(settled.agents[2]!.queues).toBe(settled.agents[0]!.queues);
  });

  it("doubles a campaign's window each time its growth reaches its agents, up to CAMPAIGN_SETTLE_MAX_MS", () => {
    let now = 1_000_000;
    const d = createQueueDeriver(() => now);
    const floor = agents(nhi, peer);
    const visits = [seedQueue()];
    const peerQueues = () => [...d.apply(floor, [], queue(...visits)).agents[1]!.queues].sort();
    // The first link reaches the peer at once; the window after it is CAMPAIGN_SETTLE_MS.
    expect(peerQueues()).toEqual([SALES]);
    const windows: number[] = [];
    let expected = CAMPAIGN_SETTLE_MS;
    for (let k = 1; k <= 6; k++) {
      // Nhi answers one more queue; the peer takes it when the window since the last growth ends, not a second before.
      const learnt = `q-grown-${k}`;
      visits.push(seedQueue({ call_uuid: `v-${k}`, mobile: `0900000${k}`, call_center_queue_uuid: learnt, call_center_queue_name: learnt }));
      const from = now;
      while (!peerQueues().includes(learnt)) {
        now += 1_000;
        expect(now - from).toBeLessThanOrEqual(CAMPAIGN_SETTLE_MAX_MS);
      }
      windows.push(now - from);
      expect(now - from).toBe(expected);
      expected = Math.min(expected * 2, CAMPAIGN_SETTLE_MAX_MS);
    }
    expect(windows).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 480_000]);
    // Nhi's own answers were hers at once all along.
    expect(d.apply(floor, [], queue(...visits)).agents[0]!.queues).toHaveLength(7);
  });

  it('re-derives at most CAMPAIGN_AGENTS_PER_UPDATE agents an update for their campaigns, the rest in the next ones', () => {
    const d = createQueueDeriver(() => 1_000_000);
    const size = 300;
    const campaigns = ['c-a', 'c-b', 'c-c'];
    const floor = agents(...campaigns.flatMap((c, k) => Array.from({ length: size }, (_, i) =>
      seedAgentLive({ user_uuid: `u-${c}-${i}`, username: `agent_${k}_${i}`, extension: `${k + 3}${String(i).padStart(3, '0')}`, first_name: `A${k}x${i}`, campaign_uuid: c }))));
    d.apply(floor, [], []);
    // One agent of each campaign answers a visit: three campaigns learn their first queue in the same update.
    const visits = queue(...campaigns.map((_, k) => seedQueue({ call_uuid: `v${k}`, mobile: `0900000${k}`, call_center_agent_name: `agent_${k}_0`, call_center_queue_uuid: `q-${k}`, call_center_queue_name: `Q${k}` })));
    const served = (out: { agents: { queues: string[] }[] }) => out.agents.filter((a) => a.queues.length > 0).length;
    expect(CAMPAIGN_AGENTS_PER_UPDATE).toBeLessThan(size);
    // The budget's agents, and the answering agents (their own link) beyond it.
    let out = d.apply(floor, [], visits);
    expect(served(out)).toBeGreaterThanOrEqual(CAMPAIGN_AGENTS_PER_UPDATE);
    expect(served(out)).toBeLessThanOrEqual(CAMPAIGN_AGENTS_PER_UPDATE + campaigns.length);
    // Each next update (nothing else changes) takes the next budget's worth, until all have it.
    for (let n = 1; served(out) < 3 * size; n++) {
      const before = served(out);
      out = d.apply(floor, [], visits);
      expect(served(out) - before).toBeGreaterThan(0);
      expect(served(out) - before).toBeLessThanOrEqual(CAMPAIGN_AGENTS_PER_UPDATE);
      expect(n).toBeLessThan(3 * size);
    }
    expect(out.agents.map((a) => a.queues)).toEqual(campaigns.flatMap((_, k) => Array.from({ length: size }, () => [`q-${k}`])));
  });
});
