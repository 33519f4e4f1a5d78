// The one place where errors leave the core: every event and every answer passes `outgoing`, every log line
// `text`, every audit record `error`, so a secret can reach none of them whichever module built the text.
// It knows every secret issued in the core's life (the typed password / api_key, the api_key obtained from
// /v1/auth, every token, old ones included: a PBX may echo an expired token back) plus the credential
// patterns of http/redact.ts. The texts were already scrubbed where they were built (before any cut); this
// is the second, last net. Only error-bearing fields are visited, so the floor's big change sets cost nothing.
import type { EventChannel, EventPayloads, FloorState } from '../../../common/contract';
import type { AppError, SessionStatus, SourceStatus } from '../../../common/domain';
import type { BridgeResult } from '../../../common/contract';
import { redact } from '../http/redact';

/** Secrets kept for scrubbing; the oldest are forgotten past this (a token a minute for over a day). */
const MAX_SECRETS = 2_000;

interface Redactor {
  /** A secret issued or typed in this core's life (kept in memory for scrubbing only, never sent). */
  add(secret: string): void;
  text(text: string): string;
  error(error: AppError): AppError;
  /** `payload` of event `channel` with every error in it scrubbed. */
  event<E extends EventChannel>(channel: E, payload: EventPayloads[E]): EventPayloads[E];
  /** An invoke answer with every error in it scrubbed. */
  result<T>(result: BridgeResult<T>): BridgeResult<T>;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  let list: string[] = [];

  const text = (t: string): string => redact(t, list);
  const error = (e: AppError): AppError => ({
    ...e,
    message: text(e.message),
    ...(e.pbxMessage !== undefined ? { pbxMessage: text(e.pbxMessage) } : {}),
    ...(e.field !== undefined ? { field: text(e.field) } : {}),
    ...(e.holder !== undefined ? { holder: text(e.holder) } : {}),
  });
  const source = (s: SourceStatus): SourceStatus => (s.lastError ? { ...s, lastError: error(s.lastError) } : s);
  const session = (s: SessionStatus): SessionStatus => (s.error ? { ...s, error: error(s.error) } : s);
  const floor = (f: FloorState): FloorState => ({ ...f, sources: f.sources.map(source) });

  /** Known shapes that carry an error; anything else passes as it is. */
  function data(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.length > 0 && isSource(value[0]) ? (value as SourceStatus[]).map(source) : value;
    if ('snapshot' in value && 'sources' in value) return floor(value as FloorState);
    if ('state' in value && 'capabilities' in value && 'error' in value) return session(value as SessionStatus);
    return value;
  }

  return {
    add(secret) {
      if (secret.length < 4 || secrets.has(secret)) return;
      secrets.add(secret);
      if (secrets.size > MAX_SECRETS) {
        const oldest = secrets.values().next().value as string;
        secrets.delete(oldest);
      }
      // Longest first: a secret that contains another is replaced whole.
      list = [...secrets].sort((a, b) => b.length - a.length);
    },
    text,
    error,
    event(channel, payload) {
      if (channel === 'sources:changed') return (payload as SourceStatus[]).map(source) as typeof payload;
      if (channel === 'session:changed') return session(payload as SessionStatus) as typeof payload;
      if (channel === 'floor:reset') return floor(payload as FloorState) as typeof payload;
      if (channel === 'action:done') {
        const done = payload as EventPayloads['action:done'];
        return { ...done, result: this.result(done.result) } as typeof payload;
      }
      return payload;
    },
    result(result) {
      return result.ok ? ({ ok: true, data: data(result.data) } as typeof result) : { ok: false, error: error(result.error) };
    },
  };
}

function isSource(v: unknown): v is SourceStatus {
  return typeof v === 'object' && v !== null && 'lastError' in v && 'failures' in v;
}
