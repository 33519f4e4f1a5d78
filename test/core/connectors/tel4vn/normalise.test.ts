// TEL4VN vendor JSON -> domain types: the seeds' own examples, their variants, and bad shapes named by field.
import { describe, expect, it } from 'vitest';
import { readExtensionsPage, readLoggedIn } from '../../../../main/core/connectors/tel4vn/normalise';
import { normaliseAgents, normaliseCalls, normaliseQueue } from '../../fixtures/read-whole';
import { FieldError } from '../../../../main/core/http/json-fields';

const ZONE = 'Asia/Ho_Chi_Minh';

// Seed 003, /v3/monitor, verbatim.
const monitorRow = {
  agent_name: 'thanhhoang', b_cid_num: '0914237383', call_id: 'df3bd13a-0cb4-455a-ac70-92ed00e13dd7',
  call_state: 'ONCALL', call_time: '2023-04-10 17:02:51', cid_num: '0914237383', destination: '24052364',
  direction: 'outbound', domain_name: 'tp.tel4vn.com', domain_uuid: '32f0b0ea-8489-4217-acc7-caeaf58b8bbe',
  extension: '107', extension_uuid: '290619f4-c6db-40b2-8bb5-38f0ae5c3185', last_name: '', middle_name: '',
  first_name: 'Hoàng Thị Thanh', network_ip: '113.22.113.102', server_host: '203.205.6.79',
  user_agent: 'Pitel/3.20.5', user_uuid: '', username: 'thanhhoang',
};
// Seed 000, /v3/agent/live, verbatim.
const agentRow = {
  user_live_uuid: 'e333172c-3883-4649-8d7b-e7be3e271072', user_uuid: '341cc092-d2ae-482c-88ec-8f2e76fa6533',
  username: 'Agent04Internal', extension: '104', extension_uuid: 'ae1924fc-b636-47a3-a560-bcce426fcee9',
  domain_uuid: 'c275b950-9885-4775-b1bd-09fc865afa48', domain_name: 'internal.tel4vn.com',
  campaign_uuid: '23406d2c-19e5-4f7b-a1ce-bfea5c2ff081', status: 'RESUME', pause_code: '',
  login_time: '2023-03-08T13:45:10.906065+07:00', last_update_time: '2023-03-08T13:54:41.253266+07:00',
  last_name: '', middle_name: '', first_name: 'Agent04Internal',
};
// Seed 003, /v3/monitor/callcenter/queue, verbatim.
const queueRow = {
  call_center_queue_uuid: '7bc3db7b-e95e-4afe-a345-a8385dfb31b7', call_center_queue_name: 'Nhi_Test_39989220',
  call_center_agent_uuid: '1c1b04d6-f155-48b2-a9b5-e85ca683097b', call_center_agent_name: 'agent_nhi',
  mobile: '0865662711', status: 'Answered', joined_time: '2023-10-12T17:48:19+07:00',
  abandoned_time: '1970-01-01T08:00:00+08:00', bridged_time: '2023-10-12T17:48:26+07:00',
  rejoined_time: '1970-01-01T08:00:00+08:00', call_uuid: '34f6a205-121c-4fa3-bb94-414c5aff5995',
};

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldError) return err.field;
    throw err;
  }
  throw new Error('did not throw');
}

describe('normaliseCalls (/v3/monitor)', () => {
  it('maps the seed example', () => {
    expect(normaliseCalls({ data: [monitorRow], total: 1 }, ZONE)).toEqual([{
      id: 'df3bd13a-0cb4-455a-ac70-92ed00e13dd7', extension: '107', agentId: null, agentName: 'Hoàng Thị Thanh',
      customerNumber: '0914237383', direction: 'outbound', state: 'on-call',
      startedAt: Date.UTC(2023, 3, 10, 10, 2, 51), queueId: null, queueName: null,
    }]);
  });
  it('reads RINGING, the PBX zone, names in Vietnamese order, and rows without total', () => {
    const row = { ...monitorRow, call_state: 'RINGING', direction: 'inbound', user_uuid: 'u1', last_name: 'Nguyễn', middle_name: 'Văn', first_name: 'An' };
    const [call] = normaliseCalls({ data: [row] }, 'America/Sao_Paulo');
    expect(call?.state).toBe('ringing');
    expect(call?.direction).toBe('inbound');
    expect(call?.agentId).toBe('u1');
    expect(call?.agentName).toBe('Nguyễn Văn An');
    expect(call?.startedAt).toBe(Date.UTC(2023, 3, 10, 20, 2, 51));
  });
  it('falls back to agent_name, then username, and to destination for the customer', () => {
    const row = { ...monitorRow, first_name: '', b_cid_num: '' };
    expect(normaliseCalls({ data: [row] }, ZONE)[0]).toMatchObject({ agentName: 'thanhhoang', customerNumber: '24052364' });
    const { agent_name: _a, first_name: _f, ...bare } = row;
    expect(normaliseCalls({ data: [bare] }, ZONE)[0]?.agentName).toBe('thanhhoang');
  });
  it('reads empty lists, also as Go encodes them (null)', () => {
    expect(normaliseCalls({ data: [], total: 0 }, ZONE)).toEqual([]);
    expect(normaliseCalls({ data: null, total: 0 }, ZONE)).toEqual([]);
  });
  it("keeps one row per call for the floor, and the supervisor's own leg apart under own:<call_id>", () => {
    const agentLeg = { ...monitorRow, user_uuid: 'agent-1' };
    const supervisorLeg = { ...monitorRow, extension: '900', direction: 'local', user_uuid: '', first_name: '', agent_name: '', username: '' };
    for (const data of [[supervisorLeg, agentLeg], [agentLeg, supervisorLeg]]) {
      const calls = normaliseCalls({ data }, ZONE, '900');
      const floor = calls.filter((c) => !c.id.startsWith('own:'));
      expect(floor).toHaveLength(1);
      expect(floor[0]).toMatchObject({ id: monitorRow.call_id, extension: '107', agentId: 'agent-1' });
      expect(calls.find((c) => c.id === `own:${monitorRow.call_id}`)).toMatchObject({ extension: '900', direction: 'local' });
    }
    // Without an own extension every row is the floor's.
    expect(normaliseCalls({ data: [supervisorLeg, agentLeg] }, ZONE).map((c) => c.id)).toEqual([monitorRow.call_id]);
  });
  it("keeps a call whose only row is the supervisor's own (a call-back) off the floor", () => {
    const callBack = { ...monitorRow, call_id: 'cb-1', extension: '900', direction: 'outbound', call_state: 'RINGING', b_cid_num: '0987654321' };
    const calls = normaliseCalls({ data: [monitorRow, callBack] }, ZONE, '900');
    expect(calls.map((c) => c.id)).toEqual([monitorRow.call_id, 'own:cb-1']);
    expect(calls[1]).toMatchObject({ state: 'ringing', customerNumber: '0987654321' });
  });
  it('names the failing field', () => {
    const rows = (patch: object) => ({ data: [monitorRow, monitorRow, { ...monitorRow, ...patch }] });
    expect(fieldOf(() => normaliseCalls(rows({ call_state: 'HOLD' }), ZONE))).toBe('data[2].call_state');
    expect(fieldOf(() => normaliseCalls(rows({ call_state: 3 }), ZONE))).toBe('data[2].call_state');
    expect(fieldOf(() => normaliseCalls(rows({ call_time: 'yesterday' }), ZONE))).toBe('data[2].call_time');
    expect(fieldOf(() => normaliseCalls(rows({ call_id: '' }), ZONE))).toBe('data[2].call_id');
    expect(fieldOf(() => normaliseCalls(rows({ direction: 'sideways' }), ZONE))).toBe('data[2].direction');
    expect(fieldOf(() => normaliseCalls(rows({ first_name: 7 }), ZONE))).toBe('data[2].first_name');
    expect(fieldOf(() => normaliseCalls({ data: { items: 1 } }, ZONE))).toBe('data');
    expect(fieldOf(() => normaliseCalls({ total: 0 }, ZONE))).toBe('data');
    expect(fieldOf(() => normaliseCalls([monitorRow], ZONE))).toBe('(body)');
    expect(fieldOf(() => normaliseCalls({ data: [monitorRow, 'x'] }, ZONE))).toBe('data[1]');
  });
});

describe('normaliseAgents (/v3/agent/live)', () => {
  it('maps the seed example', () => {
    expect(normaliseAgents({ data: [agentRow] })).toEqual([{
      id: '341cc092-d2ae-482c-88ec-8f2e76fa6533', name: 'Agent04Internal', username: 'Agent04Internal',
      extension: '104', state: 'available', stateSince: Date.UTC(2023, 2, 8, 6, 54, 41, 253), pauseReason: null,
      pauseLimitSec: null, queues: [], campaign: '23406d2c-19e5-4f7b-a1ce-bfea5c2ff081', callId: null, origin: 'pbx', answeredToday: null,
    }]);
  });
  it('reads PAUSE with its code, nine fractional digits, and rows without the name fields', () => {
    const { last_name: _l, middle_name: _m, first_name: _f, ...row } = agentRow;
    const [agent] = normaliseAgents({ data: [{ ...row, status: 'PAUSE', pause_code: 'LUNCH', last_update_time: '2023-03-08T11:59:45.951270491+07:00' }] });
    expect(agent).toMatchObject({ state: 'paused', pauseReason: 'LUNCH', name: 'Agent04Internal', stateSince: Date.UTC(2023, 2, 8, 4, 59, 45, 951) });
  });
  it('gives a paused agent without a code no reason, and an empty time no stateSince', () => {
    const [agent] = normaliseAgents({ data: [{ ...agentRow, status: 'PAUSE', last_update_time: '', extension: '' }] });
    expect(agent).toMatchObject({ state: 'paused', pauseReason: null, stateSince: null, extension: null });
  });
  it('names the failing field', () => {
    expect(fieldOf(() => normaliseAgents({ data: [{ ...agentRow, status: 'AWAY' }] }))).toBe('data[0].status');
    expect(fieldOf(() => normaliseAgents({ data: [{ ...agentRow, last_update_time: '13:54' }] }))).toBe('data[0].last_update_time');
    expect(fieldOf(() => normaliseAgents({ data: [{ ...agentRow, user_uuid: '', user_live_uuid: '' }] }))).toBe('data[0].user_uuid');
    expect(fieldOf(() => normaliseAgents({ data: [{ ...agentRow, extension: 104 }] }))).toBe('data[0].extension');
  });
});

describe('normaliseQueue (/v3/monitor/callcenter/queue)', () => {
  it('maps the seed example, reading the 1970 sentinel as none', () => {
    expect(normaliseQueue({ data: [queueRow] })).toEqual([{
      id: '34f6a205-121c-4fa3-bb94-414c5aff5995', queueId: '7bc3db7b-e95e-4afe-a345-a8385dfb31b7',
      queueName: 'Nhi_Test_39989220', number: '0865662711', status: 'answered',
      joinedAt: Date.UTC(2023, 9, 12, 10, 48, 19), bridgedAt: Date.UTC(2023, 9, 12, 10, 48, 26), abandonedAt: null,
      agentName: 'agent_nhi',
    }]);
  });
  it('reads Trying and Abandoned, and a rejoin as the start of the current wait', () => {
    const [waiting, abandoned] = normaliseQueue({ data: [
      { ...queueRow, call_uuid: 'a', status: 'Trying', bridged_time: '1970-01-01T08:00:00+08:00', call_center_agent_name: '', rejoined_time: '2023-10-12T17:50:00+07:00' },
      { ...queueRow, call_uuid: 'b', status: 'Abandoned', bridged_time: '1970-01-01T08:00:00+08:00', abandoned_time: '2023-10-12T17:49:00+07:00' },
    ] });
    expect(waiting).toMatchObject({ status: 'waiting', joinedAt: Date.UTC(2023, 9, 12, 10, 50), bridgedAt: null, agentName: null });
    expect(abandoned).toMatchObject({ status: 'abandoned', joinedAt: Date.UTC(2023, 9, 12, 10, 48, 19), abandonedAt: Date.UTC(2023, 9, 12, 10, 49) });
  });
  it('keeps the latest wait of a call listed twice', () => {
    const entries = normaliseQueue({ data: [
      { ...queueRow, status: 'Abandoned' },
      { ...queueRow, status: 'Trying', call_center_queue_uuid: 'q2', joined_time: '2023-10-12T17:55:00+07:00' },
    ] });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ queueId: 'q2', status: 'waiting' });
  });
  it('names the failing field', () => {
    expect(fieldOf(() => normaliseQueue({ data: [{ ...queueRow, status: 'Lost' }] }))).toBe('data[0].status');
    expect(fieldOf(() => normaliseQueue({ data: [{ ...queueRow, joined_time: '1970-01-01T08:00:00+08:00' }] }))).toBe('data[0].joined_time');
    expect(fieldOf(() => normaliseQueue({ data: [{ ...queueRow, bridged_time: 'soon' }] }))).toBe('data[0].bridged_time');
    expect(fieldOf(() => normaliseQueue({ data: [{ ...queueRow, call_uuid: undefined }] }))).toBe('data[0].call_uuid');
  });
});

describe('readLoggedIn (/v3/extension/{id}/loggedin)', () => {
  it('reads the seed example and string booleans', () => {
    expect(readLoggedIn({ extension: '107', is_logged_in: true })).toBe(true);
    expect(readLoggedIn({ extension: '107', is_logged_in: 'false' })).toBe(false);
  });
  it('names the failing field', () => {
    expect(fieldOf(() => readLoggedIn({ extension: '107' }))).toBe('is_logged_in');
    expect(fieldOf(() => readLoggedIn({ extension: 42, is_logged_in: true }))).toBe('extension');
  });
});

describe('readExtensionsPage (/v3/agent/extension)', () => {
  it('reads the seed example and its pagination block; enabled is text', () => {
    const seed = {
      data: [
        { extension_uuid: '1196cc87-44c5-4dc6-9bce-2906a1371cd9', extension: '101', user_uuid: 'e0406808-4be4-4e43-9ec5-512d91e2b95e', username: 'Agent01Internal', enabled: 'true', domain_name: 'internal.tel4vn.com', is_link_call_center: true },
        { extension_uuid: '58378f4d-f5c4-433c-a62b-e3131735ee98', extension: '213', user_uuid: '81769d49-6dd1-4186-ba77-e5126b444a5c', username: 'UserTest', enabled: 'false', domain_name: 'internal.tel4vn.com', is_link_call_center: true },
      ],
      limit: 10, offset: 0, total: 6,
    };
    expect(readExtensionsPage(seed)).toEqual({
      rows: [
        { extension: '101', userId: 'e0406808-4be4-4e43-9ec5-512d91e2b95e', username: 'Agent01Internal', enabled: true },
        { extension: '213', userId: '81769d49-6dd1-4186-ba77-e5126b444a5c', username: 'UserTest', enabled: false },
      ],
      total: 6,
    });
    expect(readExtensionsPage({ data: null })).toEqual({ rows: [], total: null });
    expect(fieldOf(() => readExtensionsPage({ data: [{ extension: '' }] }))).toBe('data[0].extension');
  });
});
