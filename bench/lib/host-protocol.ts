// The messages between the benchmark and its main-process host (bench/main-host.ts) over Node's IPC
// channel: each request carries an id, each answer the same id.

export type HostRequest =
  /**
   * Wait until the day's call records read at the connect are folded in (the core's Today says it no longer
   * catches up), at most `timeoutMs`; report the event-loop lag from the connect until then.
   */
  | { type: 'settle'; timeoutMs: number }
  /** Start (or restart) the event-loop delay histogram. */
  | { type: 'lag-start' }
  /** Stop it and report its percentiles. */
  | { type: 'lag-stop' }
  /** Count the bytes of every event frame from now on, as the web host serialises them. */
  | { type: 'bytes-start' }
  /** Wait for the next floor:changed, then a short grace for the tick's other events; report the frames. */
  | { type: 'next-tick'; timeoutMs: number }
  | { type: 'bytes-stop' }
  /** The full picture as the page reads it: the floor:get result frame. */
  | { type: 'full-picture' }
  | { type: 'memory' };

export interface LagFigures {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** Per cent of the samples above 20 ms (the target's bar). */
  over20Pct?: number;
  /** The main process's garbage collections in the same window: what of the lag is not our code's. */
  gc?: { count: number; totalMs: number; maxMs: number; over20: number };
}

/** The connect: from the core's connect to the day's call records read and folded in. */
export interface ConnectFigures {
  /** From the connect to the end of the wait, ms. */
  sinceConnectMs: number;
  /** The day's records the core holds at the end. */
  records: number;
  /** False when the wait timed out with the records still being read. */
  caughtUp: boolean;
  lag: LagFigures;
}

export interface TickFrames {
  /** Bytes of the floor:changed frame. */
  changedBytes: number;
  /** Bytes of every frame of the tick (floor:changed, floor:events, sources:changed, abandoned:changed). */
  tickBytes: number;
  upserts: number;
  removes: number;
}

export interface FullPicture {
  bytes: number;
  agents: number;
  calls: number;
  queueEntries: number;
  queues: number;
  seq: number;
}

export interface HostAnswers {
  settle: ConnectFigures;
  'lag-start': null;
  'lag-stop': LagFigures;
  'bytes-start': null;
  'next-tick': TickFrames | null;
  'bytes-stop': null;
  'full-picture': FullPicture;
  memory: { rssBytes: number; heapUsedBytes: number };
}

export type HostReply = { id: number; ok: true; data: unknown } | { id: number; ok: false; error: string };

/** What the host prints on stdout once it is ready (one line, JSON after the marker). */
export const HOST_READY = 'FLOORWATCH-BENCH-HOST ';

export interface HostReady {
  /** The real console's page address (with its secret). */
  consoleUrl: string;
  /** The naive baseline page's address, when a naive build was given. */
  naiveUrl: string | null;
  pid: number;
}
