// The customer directory's politeness and bounds: answers from its cache at once, one read at a time and at
// most one a minute, reads continue where the last stopped, a failing read keeps what is known, a new day or
// connection starts over. The PBX side here is an in-memory CustomersApi (its HTTP is tested against the
// simulator in core-outbound.test.ts and connectors/tel4vn/customers.test.ts).
import { describe, expect, it } from 'vitest';
import type { CustomerName } from '../../../common/customers';
import { ConnectorError, type CustomersApi } from '../../../main/core/connectors/connector';
import { ABSENT_MS, createCustomerDirectory, PAGE_SIZE, READ_EVERY_MS } from '../../../main/core/customers/customer-directory';

function pbx(total: number) {
  const rows: CustomerName[] = Array.from({ length: total }, (_, i) => ({ number: `09${String(10_000_000 + i)}`, name: `Khach Hang ${i}`, code: `KH${i}` }));
  const calls: number[] = [];
  let failing = false;
  const api: CustomersApi = {
    async page(offset, limit) {
      calls.push(offset);
      if (failing) throw new ConnectorError({ code: 'PBX_ERROR', message: 'down' });
      const page = rows.slice(offset, offset + limit);
      return { rows: page, read: page.length, total };
    },
    userStatus: async () => {
      throw new Error('unused');
    },
    loginAgent: async () => undefined,
  };
  return { api, rows, calls, fail: (f: boolean) => void (failing = f) };
}

function directory(api: CustomersApi | null, clock: { t: number; day: string }) {
  const found: Record<string, CustomerName>[] = [];
  const d = createCustomerDirectory({ api: () => api, day: () => clock.day, now: () => clock.t, emit: (f) => found.push(f.names), log: () => {}, pageGapMs: 0 });
  return { d, found };
}

describe('the customer directory', () => {
  it('answers from its cache at once and finds unknown numbers in the background, page by page', async () => {
    const p = pbx(PAGE_SIZE * 3 + 10);
    const clock = { t: 0, day: 'd1' };
    const { d, found } = directory(p.api, clock);
    const wanted = p.rows[PAGE_SIZE * 2 + 5]!;
    expect(d.names([wanted.number]).names).toEqual({});
    await d.idle();
    // It stopped once the asked number was found: three pages, not four.
    expect(p.calls).toEqual([0, PAGE_SIZE, PAGE_SIZE * 2]);
    expect(found.flatMap((f) => Object.keys(f))).toEqual([wanted.number]);
    expect(d.names([wanted.number, '+84' + p.rows[0]!.number.slice(1)]).names).toEqual({ [wanted.number]: wanted, [p.rows[0]!.number]: p.rows[0] });
  });

  it('a number not found once round the whole list starts no read for a while', async () => {
    const p = pbx(PAGE_SIZE + 5);
    const clock = { t: 0, day: 'd1' };
    const { d } = directory(p.api, clock);
    d.names(['0999999999']);
    await d.idle();
    expect(p.calls).toEqual([0, PAGE_SIZE]);
    clock.t += READ_EVERY_MS;
    d.names(['0999999999']);
    await d.idle();
    expect(p.calls).toHaveLength(2);
    clock.t += ABSENT_MS;
    d.names(['0999999999']);
    await d.idle();
    expect(p.calls).toEqual([0, PAGE_SIZE, 0, PAGE_SIZE]);
  });

  it('reads at most every READ_EVERY_MS, continues where it stopped, and keeps names when a read fails', async () => {
    const p = pbx(PAGE_SIZE * 2);
    const clock = { t: 0, day: 'd1' };
    const { d } = directory(p.api, clock);
    d.names([p.rows[1]!.number]);
    await d.idle();
    expect(p.calls).toEqual([0]);
    d.names(['0999999999']);
    await d.idle();
    expect(p.calls).toEqual([0]); // too soon
    clock.t += READ_EVERY_MS;
    p.fail(true);
    d.names(['0999999999']);
    await d.idle();
    expect(p.calls).toEqual([0, PAGE_SIZE]);
    expect(d.names([p.rows[1]!.number]).names[p.rows[1]!.number]?.name).toBe('Khach Hang 1');
  });

  it('a number asked while the pace forbids a read still gets one when it allows', async () => {
    const p = pbx(PAGE_SIZE * 2);
    const clock = { day: 'd1' };
    const found: string[] = [];
    const d = createCustomerDirectory({ api: () => p.api, day: () => clock.day, now: () => Date.now(), emit: (f) => found.push(...Object.keys(f.names)), log: () => {}, pageGapMs: 0 });
    d.names([p.rows[0]!.number]);
    await d.idle();
    const later = p.rows[PAGE_SIZE + 3]!.number;
    d.names([later]); // too soon: owed a read
    await d.idle();
    expect(found).toEqual([p.rows[0]!.number]);
    await new Promise((r) => setTimeout(r, READ_EVERY_MS + 200));
    await d.idle();
    expect(found).toEqual([p.rows[0]!.number, later]);
    d.close();
  }, READ_EVERY_MS + 5000);

  it('starts over on a new day and with a new connection; asks nothing without a directory', async () => {
    const p = pbx(5);
    const clock = { t: 0, day: 'd1' };
    const { d } = directory(p.api, clock);
    d.names([p.rows[0]!.number]);
    await d.idle();
    expect(d.names([p.rows[0]!.number]).names).not.toEqual({});
    clock.day = 'd2';
    expect(d.names([p.rows[0]!.number]).names).toEqual({});
    const none = directory(null, clock);
    expect(none.d.names(['0912345678'])).toEqual({ names: {}, readAt: null });
  });
});
