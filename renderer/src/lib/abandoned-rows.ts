// Today's abandoned calls as the renderer holds them. The list grows through the day by design (at 10,000
// agents the simulator abandons several calls a second). Main sends the records that changed
// (common/abandoned-change.ts); the whole list arrives with a full picture and a reset, and then a row that
// did not change keeps the object already held (the copy is garbage at once, and Vue sees no change to
// re-render). A new row shares its queue id and name with the rows before it instead of holding its own
// copies: about 84 of the 300 bytes a row took in the page at 10,000 agents (CDP heap snapshot).
import type { AbandonedCall } from '../../../common/domain';
import type { SharedStrings } from './shared-strings';

const sameRow = (a: AbandonedCall, b: AbandonedCall): boolean =>
  a.handled === b.handled && a.handledAt === b.handledAt && a.calledBackAt === b.calledBackAt &&
  a.abandonedAt === b.abandonedAt && a.joinedAt === b.joinedAt && a.waitedSec === b.waitedSec &&
  a.number === b.number && a.callId === b.callId && a.queueId === b.queueId && a.queueName === b.queueName &&
  a.whileAway === b.whileAway && a.reachedAt === b.reachedAt;

interface AbandonedRows {
  /** `next` with every unchanged row of `held` kept as the same object, and queue strings shared. */
  merge(held: readonly AbandonedCall[], next: readonly AbandonedCall[]): AbandonedCall[];
  /** A new or changed row with its queue strings shared. */
  share(row: AbandonedCall): AbandonedCall;
}

export function createAbandonedRows(strings: SharedStrings): AbandonedRows {
  const share = (row: AbandonedCall): AbandonedCall => ({ ...row, queueId: strings.share(row.queueId), queueName: strings.share(row.queueName) });
  return {
    merge(held, next) {
      const byId = new Map<string, AbandonedCall>();
      for (const row of held) byId.set(row.id, row);
      return next.map((row) => {
        const old = byId.get(row.id);
        if (old && sameRow(old, row)) return old;
        return share(row);
      });
    },
    share,
  };
}
