// The log of PBX-API requests received (never control requests), for tests and the benchmark.
export interface RecordedRequest {
  seq: number;
  /** Epoch ms with sub-ms precision (performance.timeOrigin + performance.now()), on this machine's clock. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

// Bounded: the Electron demo polls for hours; tests and the benchmark read recent requests with `since`.
const MAX_RECORDS = 20_000;

export interface RequestRecorder {
  record(r: Omit<RecordedRequest, 'seq' | 'at'>): RecordedRequest;
  /** Requests with seq > since (all when since is omitted). */
  since(seq?: number): RecordedRequest[];
  clear(): void;
}

export function createRecorder(): RequestRecorder {
  let log: RecordedRequest[] = [];
  let seq = 0;
  return {
    record: (r) => {
      const rec: RecordedRequest = { seq: ++seq, at: performance.timeOrigin + performance.now(), ...r };
      log.push(rec);
      if (log.length > MAX_RECORDS * 1.2) log = log.slice(log.length - MAX_RECORDS);
      return rec;
    },
    since: (s = 0) => {
      // seq is dense and ascending: find the first record after `s` from the end.
      let i = log.length;
      while (i > 0 && (log[i - 1] as RecordedRequest).seq > s) i--;
      return log.slice(i);
    },
    clear: () => {
      log = [];
    },
  };
}
