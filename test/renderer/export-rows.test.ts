// The rows the Today and History views export, and the agents' order in the Today view (pure).
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../common/csv';
import type { AgentToday, CallRecord } from '../../common/domain';
import { HISTORY_CSV_HEADER, historyCsvRows } from '../../renderer/src/lib/history-table';
import { AGENTS_CSV_HEADER, DEFAULT_AGENT_ORDER, agentsCsvRows, nextAgentOrder, sortAgentsToday } from '../../renderer/src/lib/today-table';

const read = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

const agent = (name: string, answered: number, over: Partial<AgentToday> = {}): AgentToday => ({
  extension: String(100 + answered), agentId: name, name, answered, missed: 0, talkSec: answered * 60, ahtSec: answered ? 60 : null, lastCallAt: null,
  pauses: 0, pausedSec: 0, ...over,
});

describe('the Today and History exports', () => {
  it('sorts agents by any column, unknown values last', () => {
    const collator = new Intl.Collator('en');
    const rows = [agent('Bình', 3), agent('An', 7), agent('Chi', 0)];
    expect(sortAgentsToday(rows, DEFAULT_AGENT_ORDER, collator).map((a) => a.name)).toEqual(['An', 'Bình', 'Chi']);
    const byAht = nextAgentOrder(DEFAULT_AGENT_ORDER, 'ahtSec');
    expect(byAht).toEqual({ key: 'ahtSec', desc: true });
    expect(sortAgentsToday(rows, byAht, collator).at(-1)!.name).toBe('Chi');
    expect(sortAgentsToday(rows, { key: 'ahtSec', desc: false }, collator).at(-1)!.name).toBe('Chi');
    expect(nextAgentOrder(byAht, 'ahtSec')).toEqual({ key: 'ahtSec', desc: false });
    expect(nextAgentOrder(byAht, 'name')).toEqual({ key: 'name', desc: false });
  });

  it('writes one line per agent and per record, never a recording address', () => {
    const agents = read(toCsv(AGENTS_CSV_HEADER, agentsCsvRows([agent('An', 2, { lastCallAt: Date.UTC(2026, 11, 6, 3, 0) })])));
    expect(agents[1]).toEqual(['An', '102', '2', '0', '120', '60', '0', '0', '2026-12-06T03:00:00.000Z']);
    const record: CallRecord = {
      id: 'r1', direction: 'inbound', extension: '101', from: '0901', to: '1900', destination: 'Sales', startedAt: 0, answeredAt: 7000, endedAt: 67_000,
      durationSec: 67, talkSec: 60, status: 'answered', statusText: 'ANSWERED', cause: 'NORMAL_CLEARING', customerId: null, hasRecording: true,
    };
    const lines = read(toCsv(HISTORY_CSV_HEADER, historyCsvRows([record])));
    expect(lines[0]).toEqual([...HISTORY_CSV_HEADER]);
    expect(lines[1]).toEqual(['r1', '1970-01-01T00:00:00.000Z', '1970-01-01T00:00:07.000Z', '1970-01-01T00:01:07.000Z', 'inbound', '0901', '1900', '101', 'Sales', 'answered', 'ANSWERED', 'NORMAL_CLEARING', '7', '60', '67', '', 'yes']);
  });
});
