// Reused buffers for the simulator's big list bodies. At 10,000 agents each poll of a list is a new body of
// 3-5 MB; a fresh Buffer for each is off-heap memory that V8 answers with a full mark-compact of the
// simulator's heap about every second ("external memory pressure": 130-150 ms of marking a second in the
// bench's trace, 2026-12-07), CPU taken from the console measured beside it on the same two cores. A body is
// written into a buffer that no response is still sending; its buffer goes back to the pool once it is no
// longer the body served (retired) and every response that sent it has closed.

/** One body in a pooled buffer. */
export interface PooledBody {
  /** The body's bytes (a view of the pooled buffer): valid until retired and released by every holder. */
  readonly bytes: Buffer;
  /** A response begins sending the body; call the function returned once that response has closed. */
  hold(): () => void;
  /** The body is no longer served: its buffer returns to the pool once no response holds it. */
  retire(): void;
}

export interface BodyPool {
  /** A body of `length` bytes, written by `fill` into a buffer at least that long. */
  write(length: number, fill: (target: Buffer) => void): PooledBody;
}

/** Free buffers kept at most (the four lists, and one more of each while a slow response still sends it). */
const KEEP = 8;
/** Room for a list that grows between polls, so its buffer is not replaced at every new row. */
const HEADROOM = 1.25;

export function createBodyPool(): BodyPool {
  const free: Buffer[] = [];
  const giveBack = (buffer: Buffer): void => {
    free.push(buffer);
    if (free.length > KEEP) {
      free.sort((a, b) => b.length - a.length);
      free.pop();
    }
  };
  return {
    write(length, fill) {
      // The smallest free buffer that fits: a short list does not take the buffer a long one needs.
      let at = -1;
      free.forEach((b, i) => {
        if (b.length >= length && (at < 0 || b.length < (free[at] as Buffer).length)) at = i;
      });
      const buffer = at >= 0 ? (free.splice(at, 1)[0] as Buffer) : Buffer.allocUnsafeSlow(Math.ceil(length * HEADROOM));
      const bytes = buffer.subarray(0, length);
      fill(bytes);
      let holders = 0;
      let retired = false;
      const settle = (): void => {
        if (retired && holders === 0) giveBack(buffer);
      };
      return {
        bytes,
        hold() {
          holders++;
          let released = false;
          return () => {
            if (released) return;
            released = true;
            holders--;
            settle();
          };
        },
        retire() {
          if (retired) return;
          retired = true;
          settle();
        },
      };
    },
  };
}
