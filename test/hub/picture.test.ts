// The hub's and a reader's picture kept by id (main/hub/picture.ts foldedPicture): a change set folds in at the
// cost of its own rows, the rows in the order a fresh list would have them, a list no change touched the very
// same array (a console's core compares lists by identity), and a change set from elsewhere refused.
import { describe, expect, it } from 'vitest';
import type { ChangeSet, Snapshot } from '../../common/domain';
import { foldedPicture } from '../../main/hub/picture';
import { agent, call } from '../core/picture/fixtures';

const none = { upsert: [], remove: [] };

describe('a folded picture', () => {
  it('folds change sets in order, keeps untouched lists as they were, and refuses a gap', () => {
    const start: Snapshot = { seq: 4, at: 1000, agents: [agent('a1', '101'), agent('a2', '102'), agent('a3', '103')], calls: [call('c1', '101', 'ringing')], queueEntries: [], queues: [] };
    const picture = foldedPicture(start);
    expect(picture.snapshot()).toBe(start);
    const first: ChangeSet = {
      seq: 5, baseSeq: 4, at: 2000,
      agents: { upsert: [agent('a4', '104'), { ...agent('a2', '102'), state: 'paused' }], remove: ['a1'] },
      calls: none, queueEntries: none, queues: none,
    };
    expect(picture.apply(first)).toBe(true);
    const after = picture.snapshot();
    expect(after).toMatchObject({ seq: 5, at: 2000 });
    expect(after.agents.map((a) => [a.id, a.state])).toEqual([['a2', 'paused'], ['a3', 'available'], ['a4', 'available']]);
    expect(after.calls).toBe(start.calls);
    expect(picture.snapshot()).toBe(after);
    // Not from where the picture stands: nothing moves.
    expect(picture.apply({ ...first, seq: 7, baseSeq: 6 })).toBe(false);
    expect(picture.snapshot()).toBe(after);
    expect(picture.apply({ ...first, seq: 6, baseSeq: 5, agents: none, calls: { upsert: [], remove: ['c1'] } })).toBe(true);
    expect(picture.snapshot().calls).toEqual([]);
    expect(picture.snapshot().agents).toBe(after.agents);
  });
});
