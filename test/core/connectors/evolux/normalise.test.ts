// Evolux vendor JSON -> domain: the seed's own examples, the variants it shows, and bad shapes named by field.
import { describe, expect, it } from 'vitest';
import { normaliseAgentsPage, normalisePausesPage, stripTechnology } from '../../../../main/core/connectors/evolux/normalise';
import { FieldError } from '../../../../main/core/http/json-fields';

// Seed 001, GET /api/v1/agents (the second row, un-archived and logged in for the test).
const row = {
  archived: false, enable: true, name: 'Agent 2', queues: [4], current_extension: 'sip/3012',
  last_pause: null, last_login: { exten: 'sip/3012', time_logoff: null, id: 4591, time_login: '2018-07-07T12:27:42+00:00' },
  current_pause: null, login: 'agent.2', current_outbound_queue: null, id: 40,
};
const pagination = {
  max_limit: 2, limit: 2, first_url: 'http://example.evolux.net.br/api/v1/agents/?limit=2&page=1',
  next_url: 'http://example.evolux.net.br/api/v1/agents/?limit=2&page=2', items: 2,
  last_url: 'http://example.evolux.net.br/api/v1/agents/?limit=2&page=31', total: 62,
  current_url: 'http://example.evolux.net.br/api/v1/agents/?limit=2&page=1', prev_url: null,
};
const meta = { status: 200, message: 'OK' };

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof FieldError) return err.field;
    throw err;
  }
  throw new Error('did not throw');
}

describe('normaliseAgentsPage', () => {
  it('maps a logged-in agent and reads the pagination block', () => {
    const page = normaliseAgentsPage({ pagination, meta, data: [row, { ...row, id: 53, archived: true }] });
    expect(page).toEqual({
      rows: [{
        id: '40', name: 'Agent 2', username: 'agent.2', extension: '3012', state: 'available',
        stateSince: Date.UTC(2018, 6, 7, 12, 27, 42), pauseReason: null, pauseLimitSec: null, queues: ['4'],
        campaign: null, callId: null, origin: 'pbx', answeredToday: null,
      }],
      total: 62, limit: 2, hasNext: true,
    });
  });
  it('reads a pause (reason, since, max_duration or the learned limit), a logged-out agent, no pagination', () => {
    const pause = { max_duration: null, time_start: '2018-07-07T16:40:11+00:00', reason_id: 18, time_end: null, reason: { id: 18, description: 'Pausa Cadastro' }, id: 1 };
    const learned = new Map([['18', 600]]);
    const [paused] = normaliseAgentsPage({ data: [{ ...row, current_pause: pause }] }, learned).rows;
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'Pausa Cadastro', stateSince: Date.UTC(2018, 6, 7, 16, 40, 11), pauseLimitSec: 600 });
    expect(normaliseAgentsPage({ data: [{ ...row, current_pause: { ...pause, max_duration: 300 } }] }, learned).rows[0]?.pauseLimitSec).toBe(300);
    const out = normaliseAgentsPage({ data: [{ ...row, current_extension: null, current_pause: pause, last_login: { ...row.last_login, time_logoff: '2018-07-07T17:06:38+00:00' } }] });
    expect(out.rows[0]).toMatchObject({ state: 'offline', extension: null, pauseReason: null, stateSince: Date.UTC(2018, 6, 7, 17, 6, 38) });
    expect(out).toMatchObject({ total: null, limit: null, hasNext: false });
    expect(normaliseAgentsPage({ data: [{ ...row, current_extension: '1001', queues: [{ id: 7 }] }] }).rows[0]).toMatchObject({ extension: '1001', queues: ['7'] });
  });
  it('names the failing field', () => {
    expect(fieldOf(() => normaliseAgentsPage({ data: {} }))).toBe('data');
    expect(fieldOf(() => normaliseAgentsPage({ data: [{ ...row, id: 'x' }] }))).toBe('data[0].id');
    expect(fieldOf(() => normaliseAgentsPage({ data: [{ ...row, queues: ['a'] }] }))).toBe('data[0].queues[0]');
    expect(fieldOf(() => normaliseAgentsPage({ data: [{ ...row, current_pause: { time_start: 'yesterday' } }] }))).toBe('data[0].current_pause.time_start');
    expect(fieldOf(() => normaliseAgentsPage({ data: [row], pagination: { ...pagination, total: 'many' } }))).toBe('pagination.total');
  });
  it('strips the channel technology', () => {
    expect(stripTechnology('sip/3012')).toBe('3012');
    expect(stripTechnology('SIP/3012')).toBe('3012');
    expect(stripTechnology('3012')).toBe('3012');
  });
});

describe('normalisePausesPage', () => {
  it('maps the seed example (limit_duration in seconds)', () => {
    const data = [
      { pause: { system: false, productive: true, type: 'nr17rest10', id: 49, description: '10 minutos/NR17' }, automatic_unpause: false, queue_id: 13, disable_unpause: false, limit_duration: 5, id: 3 },
      { pause: { system: false, productive: true, type: null, id: 50, description: 'Almoço' }, automatic_unpause: false, queue_id: 20, disable_unpause: false, limit_duration: 3600, id: 4 },
      { pause: { id: 51, description: 'Livre' }, limit_duration: null, id: 5 },
    ];
    expect(normalisePausesPage({ pagination: { ...pagination, next_url: null }, meta, data }).rows).toEqual([
      { id: '49', name: '10 minutos/NR17', limitSec: 5 },
      { id: '50', name: 'Almoço', limitSec: 3600 },
      { id: '51', name: 'Livre', limitSec: null },
    ]);
    expect(fieldOf(() => normalisePausesPage({ data: [{ pause: { id: 1 } }] }))).toBe('data[0].pause.description');
  });
});
