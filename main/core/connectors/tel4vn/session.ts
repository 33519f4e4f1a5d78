// The TEL4VN session (seed 002 "Authentication"): username+password -> api_key (POST /v1/auth), api_key ->
// Bearer token (POST /v2/auth/token, `expired_in` relative seconds). Kept inside the connector (main only).
//
// Token life:
//   - refreshed before expiry, at 80% of its lifetime and at least 1 s before it ends, measured from local
//     monotonic time at receipt (performance.now(): the wall clock may jump; `expired_in` is relative);
//   - one refresh in flight at a time, shared by everyone who needs it;
//   - a 401 to a GET joins (or starts) that one refresh and replays the GET once; a second 401 is
//     UNAUTHORIZED and the session is `unauthorized`;
//   - a 401 to a POST renews the token but never replays the POST (RFC 9110: an action happens once per
//     intent): it fails with TOKEN_RENEWED ("nothing was done; press again"), the session stays connected;
//     a renewal that fails says why (refused credentials: UNAUTHORIZED; the PBX in trouble: its error).
import { z } from 'zod';
import type { AppError } from '../../../../common/domain';
import { ConnectorError, type Credentials } from '../connector';
import { failureInBody, pbxMessageOf, statusError } from '../../http/http-errors';
import type { BodySink, HttpClient, HttpResponse } from '../../http/http-client';

/** `unauthorized`: the PBX refused a renewed token or the credentials; no renewal is tried until a reconnect. */
type Tel4vnSessionState = 'disconnected' | 'connected' | 'unauthorized' | 'closed';

export interface Tel4vnSession {
  /** Log in (and learn who we are). BAD_CREDENTIALS, NOT_A_PBX, UNREACHABLE, TIMEOUT, HTTP_ERROR. */
  login(): Promise<{ user: string }>;
  /** An authorized GET; a 401 is answered by one shared refresh and one replay. Resolves with any other status. */
  /** `raw`: a 2xx body comes back as its chunks (HttpRequest.raw), or goes to a sink as it arrives. */
  get(path: string, signal?: AbortSignal, raw?: boolean | BodySink): Promise<HttpResponse>;
  /** An authorized POST, never replayed. Resolves with any status but 401 (TOKEN_RENEWED: press again). */
  post(path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse>;
  /** An authorized DELETE; idempotent (RFC 9110), so a 401 is answered by a refresh and one replay, as a GET. */
  delete(path: string, signal?: AbortSignal): Promise<HttpResponse>;
  /** Every secret of this session, old tokens too (a PBX may echo an expired one), for redaction. */
  secrets(): string[];
  close(): void;
}

interface Tel4vnSessionOptions {
  http: HttpClient;
  credentials: Credentials;
  /** Monotonic milliseconds (performance.now by default). */
  now?: () => number;
  /** Hears each secret obtained: the api_key from /v1/auth, every token. */
  onSecret?: (secret: string) => void;
}

export const POST_EXPIRED_MESSAGE = "The PBX's token had expired; it was renewed, but nothing was done: press again.";

/** Longest single timer: setTimeout overflows past 2^31-1 ms (the seed's token lives 171 days). */
const MAX_TIMER_MS = 6 * 3_600_000;

const codeField = z.union([z.number(), z.string()]).optional();
const loginSchema = z.object({
  code: codeField,
  data: z.object({ api_key: z.string().min(1), username: z.string().optional() }),
});
const tokenSchema = z.object({
  code: codeField,
  data: z.object({
    token: z.string().min(1),
    // Seconds from now; tolerate a numeric string.
    expired_in: z.union([z.number().positive(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]),
  }),
});

function fail(error: AppError): ConnectorError {
  return new ConnectorError(error);
}

function issueField(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length ? path.map(String).join('.') : '(body)';
}

/**
 * The words of a failure body that say the credentials themselves were refused. Decision (the seeds show no
 * auth error body): a failure with no status of its own (`{"error": ...}`, `{"status": "fail", ...}`) is a
 * refusal only when its words say so; anything else ("database timeout", "Lỗi hệ thống") is the PBX in
 * trouble, retried, because ending a session on a database outage loses the floor until someone signs in again.
 */
const REFUSAL_WORDS =
  /api[ _-]?key|password|passwd|user ?name|credential|unauthori[sz]ed|forbidden|not allowed|denied|invalid|incorrect|wrong|disabled|locked|mật khẩu|không đúng|không hợp lệ|sai /i;

/** What a failed auth answer means: the credentials refused, no TEL4VN API there, or the PBX in trouble (retried). */
type AuthVerdict = 'refused' | 'not-a-pbx' | 'trouble';

function authVerdict(status: number, body: unknown, words: string | undefined): AuthVerdict | null {
  if (status === 404) return 'not-a-pbx';
  // A 5xx (even an HTML one from a proxy in front), a 408 or a 429 says the server is in trouble.
  if (status >= 500 || status === 408 || status === 429) return 'trouble';
  if (status >= 400) return [400, 401, 403, 422].includes(status) ? 'refused' : 'trouble';
  const failed = failureInBody(body);
  if (!failed) return null;
  // TEL4VN's `code` is the HTTP status it would have sent (seed 002): read it the same way.
  if (failed.code !== null) return authVerdict(failed.code, undefined, words) ?? 'trouble';
  return REFUSAL_WORDS.test(words ?? '') ? 'refused' : 'trouble';
}

export function createTel4vnSession(options: Tel4vnSessionOptions): Tel4vnSession {
  const { http, credentials } = options;
  const now = options.now ?? (() => performance.now());
  /** Every secret this session held, for redaction. */
  const issued = new Set<string>('apiKey' in credentials ? [credentials.apiKey] : [credentials.password]);
  const keep = (secret: string): string => {
    issued.add(secret);
    options.onSecret?.(secret);
    return secret;
  };
  let apiKey = 'apiKey' in credentials ? credentials.apiKey : '';
  let token = '';
  let refreshAt = 0;
  let expiresAt = 0;
  let refreshing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let state: Tel4vnSessionState = 'disconnected';

  /**
   * One auth POST, classified for a person at the login screen (and for a renewal mid-session). 404 and
   * non-JSON answers mean the URL is not a TEL4VN API; an explicit refusal (400/401/403/422, in the status
   * line or in the body's `code`, or words that say so) is BAD_CREDENTIALS; the PBX in trouble (5xx in any
   * shape, HTTP 200 with `{"code": 500, ...}`, a failure whose words name no credential) is HTTP_ERROR, which
   * the session and the core retry with backoff: only a real refusal ends a session.
   */
  async function authPost(path: string, body: unknown, what: string): Promise<unknown> {
    const res = await http.send({ method: 'POST', path, body });
    const pbxMessage = pbxMessageOf(res.json, res.redact);
    const extra = pbxMessage ? { pbxMessage } : {};
    const notPbx = (why: string): ConnectorError =>
      fail({ code: 'NOT_A_PBX', message: `${http.host} does not look like a TEL4VN API: ${why}.`, ...extra });
    const ok = res.status >= 200 && res.status <= 299;
    const verdict = authVerdict(res.status, res.json, pbxMessage);
    // An HTML 502 from a proxy in front is trouble; any other answer that is not JSON is no TEL4VN API.
    if (verdict !== 'trouble' && res.json === undefined && res.status !== 404) throw notPbx(`the answer to ${res.request} is not JSON`);
    if (verdict === 'not-a-pbx') throw notPbx(`${res.request} answered ${ok ? '"not found"' : res.status}`);
    if (verdict === 'refused') throw fail({ code: 'BAD_CREDENTIALS', message: `The PBX refused the ${what}.`, ...extra });
    if (verdict === 'trouble') {
      if (!ok) throw statusError(res);
      throw fail({
        code: 'HTTP_ERROR',
        message: `The PBX answered ${res.request} with a failure inside HTTP ${res.status}${pbxMessage ? `: ${pbxMessage}` : ''}; trying again.`,
        ...extra,
      });
    }
    if (!ok) throw statusError(res);
    return res.json;
  }

  async function fetchApiKey(): Promise<string | undefined> {
    if (!('username' in credentials)) return undefined;
    const json = await authPost('/v1/auth', { username: credentials.username, password: credentials.password }, 'username or password');
    const parsed = loginSchema.safeParse(json);
    if (!parsed.success) {
      throw fail({
        code: 'NOT_A_PBX',
        message: `${http.host} does not look like a TEL4VN API: POST /v1/auth answered without ${issueField(parsed.error)}.`,
        field: issueField(parsed.error),
      });
    }
    apiKey = keep(parsed.data.data.api_key);
    return parsed.data.data.username || credentials.username;
  }

  async function fetchToken(): Promise<void> {
    const json = await authPost('/v2/auth/token', { api_key: apiKey }, 'API key');
    const parsed = tokenSchema.safeParse(json);
    if (!parsed.success) {
      throw fail({
        code: 'NOT_A_PBX',
        message: `${http.host} does not look like a TEL4VN API: POST /v2/auth/token answered without ${issueField(parsed.error)}.`,
        field: issueField(parsed.error),
      });
    }
    // Closed while the token was on its way: keep nothing, arm nothing.
    if (state === 'closed') throw fail({ code: 'NOT_CONNECTED', message: 'The PBX session is closed.' });
    const lifetimeMs = parsed.data.data.expired_in * 1000;
    const receivedAt = now();
    token = keep(parsed.data.data.token);
    expiresAt = receivedAt + lifetimeMs;
    refreshAt = receivedAt + Math.max(0, Math.min(lifetimeMs * 0.8, lifetimeMs - 1000));
    state = 'connected';
    schedule();
  }

  function schedule(): void {
    if (timer) clearTimeout(timer);
    if (state === 'closed') return;
    const delay = Math.min(Math.max(0, refreshAt - now()), MAX_TIMER_MS);
    timer = setTimeout(() => {
      timer = null;
      if (now() < refreshAt) return schedule();
      refresh().catch(() => {
        // Refused credentials end the session: no more attempts until the user reconnects.
        if (state !== 'connected') return;
        // The proactive refresh failed (PBX briefly unreachable?): try again while the token still lives;
        // if it expires first, the next request's 401 starts a refresh of its own.
        const left = expiresAt - now();
        refreshAt = now() + Math.max(500, Math.min(30_000, left / 2));
        schedule();
      });
    }, delay);
    // The token timer must never keep a process alive on its own.
    timer.unref?.();
  }

  /** A new token. With username+password, a refused api_key is renewed by logging in again. */
  async function doRefresh(): Promise<void> {
    try {
      await fetchToken();
    } catch (err) {
      const refused = err instanceof ConnectorError && err.error.code === 'BAD_CREDENTIALS';
      if (!refused || !('username' in credentials)) throw err;
      await fetchApiKey();
      await fetchToken();
    }
  }

  /** Start or join the one refresh in flight. */
  function refresh(): Promise<void> {
    if (state === 'closed') return Promise.reject(fail({ code: 'NOT_CONNECTED', message: 'The PBX session is closed.' }));
    if (!refreshing) {
      refreshing = doRefresh()
        .catch((err: unknown) => {
          // Credentials refused mid-session: the session is over until the user reconnects.
          if (err instanceof ConnectorError && err.error.code === 'BAD_CREDENTIALS') {
            state = 'unauthorized';
            throw fail({
              code: 'UNAUTHORIZED',
              message: 'The PBX no longer accepts the saved credentials; reconnect.',
              ...(err.error.pbxMessage ? { pbxMessage: err.error.pbxMessage } : {}),
            });
          }
          throw err;
        })
        .finally(() => {
          refreshing = null;
        });
    }
    return refreshing;
  }

  /** After a 401 with `used`: refresh unless someone already replaced that token. */
  function renewAfter401(used: string): Promise<void> {
    return token !== used ? Promise.resolve() : refresh();
  }

  /** The token to send now; waits for a refresh when the token is already past its end (e.g. after sleep). */
  async function currentToken(): Promise<string> {
    if (state === 'closed') throw fail({ code: 'NOT_CONNECTED', message: 'The PBX session is closed.' });
    if (!token) throw fail({ code: 'NOT_CONNECTED', message: 'Not logged in to the PBX.' });
    if (now() >= expiresAt) await refresh();
    return token;
  }

  function authorized(method: 'GET' | 'POST' | 'DELETE', path: string, used: string, body: unknown, signal?: AbortSignal, raw?: boolean | BodySink): Promise<HttpResponse> {
    const rawness = raw === undefined || raw === false ? {} : raw === true ? { raw: true } : { raw: true, sink: raw };
    return http.send({ method, path, body, signal, headers: { Authorization: `Bearer ${used}` }, ...rawness });
  }

  return {
    async login() {
      const username = await fetchApiKey();
      await fetchToken();
      // With an api_key alone the PBX names the account only by its user_id, a uuid no supervisor reads
      // as a name (seed 002 /v2/auth/token): the session is then shown, and audited, by the API host.
      return { user: username ?? http.host };
    },
    get: (path, signal, raw) => replayable('GET', path, signal, raw),
    delete: (path, signal) => replayable('DELETE', path, signal),
    async post(path, body, signal) {
      const used = await currentToken();
      const res = await authorized('POST', path, used, body, signal);
      if (res.status !== 401) return res;
      await renewAfter401(used);
      throw fail({ code: 'TOKEN_RENEWED', message: POST_EXPIRED_MESSAGE });
    },
    secrets: () => [...issued].filter((s) => s !== ''),
    close() {
      state = 'closed';
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };

  /** A GET or DELETE: a 401 is answered by one shared refresh and one replay; a second 401 is UNAUTHORIZED. */
  async function replayable(method: 'GET' | 'DELETE', path: string, signal?: AbortSignal, raw?: boolean | BodySink): Promise<HttpResponse> {
    const first = await currentToken();
    const res = await authorized(method, path, first, undefined, signal, raw);
    if (res.status !== 401) return res;
    await renewAfter401(first);
    const replay = await authorized(method, path, token, undefined, signal, raw);
    if (replay.status !== 401) return replay;
    state = 'unauthorized';
    const pbxMessage = pbxMessageOf(replay.json, replay.redact);
    throw fail({
      code: 'UNAUTHORIZED',
      message: `The PBX refused a renewed session token (${replay.request}); reconnect.`,
      ...(pbxMessage ? { pbxMessage } : {}),
    });
  }
}
