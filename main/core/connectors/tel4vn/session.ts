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
//     intent): it fails with UNAUTHORIZED and "nothing was done".
import { z } from 'zod';
import type { AppError } from '../../../../common/domain';
import { ConnectorError, type Credentials } from '../connector';
import { pbxMessageOf, statusError } from '../../http/http-errors';
import type { HttpClient, HttpResponse } from '../../http/http-client';

/** `unauthorized`: the PBX refused a renewed token or the credentials; no renewal is tried until a reconnect. */
type Tel4vnSessionState = 'disconnected' | 'connected' | 'unauthorized' | 'closed';

export interface Tel4vnSession {
  /** Log in (and learn who we are). BAD_CREDENTIALS, NOT_A_PBX, UNREACHABLE, TIMEOUT, HTTP_ERROR. */
  login(): Promise<{ user: string }>;
  /** An authorized GET; a 401 is answered by one shared refresh and one replay. Resolves with any other status. */
  /** `raw`: a 2xx body comes back as its chunks (HttpRequest.raw). */
  get(path: string, signal?: AbortSignal, raw?: boolean): Promise<HttpResponse>;
  /** An authorized POST, never replayed. Resolves with any status but 401. */
  post(path: string, body: unknown, signal?: AbortSignal): Promise<HttpResponse>;
  /** The secrets of this session, for redaction. */
  secrets(): string[];
  close(): void;
}

export interface Tel4vnSessionOptions {
  http: HttpClient;
  credentials: Credentials;
  /** Monotonic milliseconds (performance.now by default). */
  now?: () => number;
}

export const POST_EXPIRED_MESSAGE = 'The PBX session had expired and was renewed; nothing was done. Try again.';

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
    user_id: z.string().optional(),
  }),
});

function fail(error: AppError): ConnectorError {
  return new ConnectorError(error);
}

function issueField(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? [];
  return path.length ? path.map(String).join('.') : '(body)';
}

/** A TEL4VN body that reports failure inside a 2xx answer ({"code":401,...} or {"status":"fail"}). */
function bodyFailure(json: unknown): number | 'fail' | null {
  if (typeof json !== 'object' || json === null) return null;
  const { code, status } = json as { code?: unknown; status?: unknown };
  if (status === 'fail') return 'fail';
  const n = typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
  return typeof n === 'number' && n >= 400 ? n : null;
}

export function createTel4vnSession(options: Tel4vnSessionOptions): Tel4vnSession {
  const { http, credentials } = options;
  const now = options.now ?? (() => performance.now());
  let apiKey = 'apiKey' in credentials ? credentials.apiKey : '';
  let token = '';
  let refreshAt = 0;
  let expiresAt = 0;
  let refreshing: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let state: Tel4vnSessionState = 'disconnected';

  /**
   * One auth POST, classified for a person at the login screen. 404 and non-JSON answers mean the URL is
   * not a TEL4VN API; 400/401/403/422 (or a failure code inside a 200) mean the credentials were refused.
   */
  async function authPost(path: string, body: unknown, what: string): Promise<unknown> {
    const res = await http.send({ method: 'POST', path, body });
    const pbxMessage = pbxMessageOf(res.json, res.redact);
    const extra = pbxMessage ? { pbxMessage } : {};
    const notPbx = (why: string): ConnectorError =>
      fail({ code: 'NOT_A_PBX', message: `${http.host} does not look like a TEL4VN API: ${why}.`, ...extra });
    if (res.status === 404) throw notPbx(`${res.request} answered 404`);
    // A 5xx (even an HTML one from a proxy in front) says the server is in trouble, not that it is no PBX.
    if (res.status >= 500) throw statusError(res);
    if (res.json === undefined) throw notPbx(`the answer to ${res.request} is not JSON`);
    const inBody = bodyFailure(res.json);
    if (inBody === 404) throw notPbx(`${res.request} answered "not found"`);
    if ([400, 401, 403, 422].includes(res.status) || (res.status < 300 && inBody !== null)) {
      throw fail({ code: 'BAD_CREDENTIALS', message: `The PBX refused the ${what}.`, ...extra });
    }
    if (res.status < 200 || res.status > 299) throw statusError(res);
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
    apiKey = parsed.data.data.api_key;
    return parsed.data.data.username || credentials.username;
  }

  async function fetchToken(): Promise<{ userId?: string }> {
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
    token = parsed.data.data.token;
    expiresAt = receivedAt + lifetimeMs;
    refreshAt = receivedAt + Math.max(0, Math.min(lifetimeMs * 0.8, lifetimeMs - 1000));
    state = 'connected';
    schedule();
    return parsed.data.data.user_id ? { userId: parsed.data.data.user_id } : {};
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

  function authorized(method: 'GET' | 'POST', path: string, used: string, body: unknown, signal?: AbortSignal, raw?: boolean): Promise<HttpResponse> {
    return http.send({ method, path, body, signal, headers: { Authorization: `Bearer ${used}` }, ...(raw ? { raw } : {}) });
  }

  return {
    async login() {
      const username = await fetchApiKey();
      const { userId } = await fetchToken();
      return { user: username ?? userId ?? 'api key' };
    },
    async get(path, signal, raw) {
      const first = await currentToken();
      const res = await authorized('GET', path, first, undefined, signal, raw);
      if (res.status !== 401) return res;
      await renewAfter401(first);
      const replay = await authorized('GET', path, token, undefined, signal, raw);
      if (replay.status !== 401) return replay;
      state = 'unauthorized';
      const pbxMessage = pbxMessageOf(replay.json, replay.redact);
      throw fail({
        code: 'UNAUTHORIZED',
        message: `The PBX refused a renewed session token (${replay.request}); reconnect.`,
        ...(pbxMessage ? { pbxMessage } : {}),
      });
    },
    async post(path, body, signal) {
      const used = await currentToken();
      const res = await authorized('POST', path, used, body, signal);
      if (res.status !== 401) return res;
      await renewAfter401(used);
      throw fail({ code: 'UNAUTHORIZED', message: POST_EXPIRED_MESSAGE });
    },
    secrets() {
      const out = [token, apiKey];
      if ('password' in credentials) out.push(credentials.password);
      return out.filter((s) => s !== '');
    },
    close() {
      state = 'closed';
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
