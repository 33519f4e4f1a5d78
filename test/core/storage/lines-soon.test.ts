// The day's lines written after the tick's turn (storage/jsonl-file.ts appendJsonLinesSoon): not in the
// tick's own turn, in one append right after it, in order with any other write of the file, seen by any read
// of it before then, tried again after a failed write, and all written by flushJsonLines. Real files on disk.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendJsonLines, appendJsonLinesSoon, flushJsonLines, readJsonLines, rewriteJsonLines } from '../../../main/core/storage/jsonl-file';

const folder = (): string => mkdtempSync(join(tmpdir(), 'fw-soon-'));
// The lines go in a timer of their own: a timer set after it (the same 1 ms) runs after it.
const nextTurn = (): Promise<void> => new Promise((r) => setTimeout(r, 0));
const text = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const failed: Error[] = [];
const onError = (e: Error): void => void failed.push(e);

describe('lines appended after the turn', () => {
  it('waits for the end of the turn, then writes every line queued in it in one append', async () => {
    const file = join(folder(), 'day.jsonl');
    appendJsonLinesSoon(file, [{ a: 1 }], onError);
    appendJsonLinesSoon(file, [{ a: 2 }, { a: 3 }], onError);
    expect(text(file)).toBe('');
    await nextTurn();
    expect(text(file)).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
    await nextTurn();
    expect(text(file)).toBe('{"a":1}\n{"a":2}\n{"a":3}\n');
  });

  it('keeps the order with a plain append, and a read or a rewrite of the file sees the lines first', () => {
    const file = join(folder(), 'day.jsonl');
    appendJsonLinesSoon(file, [{ a: 1 }], onError);
    appendJsonLines(file, [{ b: 1 }], true);
    expect(text(file)).toBe('{"a":1}\n{"b":1}\n');
    appendJsonLinesSoon(file, [{ a: 2 }], onError);
    expect(readJsonLines(file)).toEqual([{ a: 1 }, { b: 1 }, { a: 2 }]);
    appendJsonLinesSoon(file, [{ a: 3 }], onError);
    rewriteJsonLines(file, [{ new: 'day' }]);
    expect(readJsonLines(file)).toEqual([{ new: 'day' }]);
  });

  it('tells a failed write and tries its lines again with the next', async () => {
    const dir = folder();
    const file = join(dir, 'sub', 'day.jsonl');
    failed.length = 0;
    appendJsonLinesSoon(file, [{ a: 1 }], onError);
    await nextTurn();
    expect(failed).toHaveLength(1);
    mkdirSync(join(dir, 'sub'));
    appendJsonLinesSoon(file, [{ a: 2 }], onError);
    await nextTurn();
    expect(readJsonLines(file)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(failed).toHaveLength(1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('flushJsonLines writes every file at once (the core stopping)', () => {
    const dir = folder();
    appendJsonLinesSoon(join(dir, 'x.jsonl'), [{ x: 1 }], onError);
    appendJsonLinesSoon(join(dir, 'y.jsonl'), [{ y: 1 }], onError);
    flushJsonLines();
    expect(text(join(dir, 'x.jsonl'))).toBe('{"x":1}\n');
    expect(text(join(dir, 'y.jsonl'))).toBe('{"y":1}\n');
  });
});
