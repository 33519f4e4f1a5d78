// The HTTP client every connector uses (one instance per connector): axios underneath, but bodies are read
// as text and parsed here (axios silently keeps a string when JSON is malformed), every request has a total
// timeout and honours an AbortSignal, and every transport failure becomes a ConnectorError whose message
// names the host and never a secret (axios errors carry config.headers and the URL: they never escape).
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import axios, { type AxiosInstance } from 'axios';
import type { ErrorCode } from '../../../common/domain';
import { ConnectorError } from './connector-error';
import { redact } from './redact';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, e.g. '/v3/monitor'. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Hand a 2xx body over as the chunks it arrived in (`chunks`), not joined, decoded or parsed, for a list
   * decoded off the main thread (main/core/decode): joining megabytes here would cost the main thread a
   * large allocation per poll. Other statuses are read as usual: their small bodies carry the error.
   */
  raw?: boolean;
  /** With `raw`: a 2xx body's chunks go here as they arrive (a list decoded while it downloads), not to `chunks`. */
  sink?: BodySink;
}

/** Where a body's chunks go as they arrive. */
export interface BodySink {
  chunk(bytes: Uint8Array): void;
}

export interface HttpResponse {
  status: number;
  text: string;
  /** The parsed body; undefined when the body is empty or not JSON (and for a `raw` 2xx answer). */
  json: unknown;
  /** The body as received: set only for a `raw` request answered 2xx (then `text` is '' and `json` undefined), unless it went to a `sink`. */
  chunks?: Uint8Array[];
  /** "GET /v3/monitor": for messages (no query string, no host). */
  request: string;
  /** Scrubs this client's secrets from a text (a PBX may echo a token back in an error body). */
  redact?: (text: string) => string;
}

interface HttpClientOptions {
  baseUrl: string;
  /** Total time of one request, connect to last byte. */
  timeoutMs: number;
  /** The session's current secrets, scrubbed from every message as well as credential-looking patterns. */
  secrets?: () => readonly string[];
  /** Largest body accepted (a 10,000-agent list is a few MB). */
  maxBodyBytes?: number;
}

export interface HttpClient {
  /** host[:port] of the base URL, for messages. */
  readonly host: string;
  /**
   * Send one request. Resolves with any HTTP status (the caller decides what a status means); rejects only
   * with a ConnectorError: UNREACHABLE, TIMEOUT, BAD_RESPONSE (body too large) or NOT_CONNECTED (aborted).
   */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Redact this client's secrets and credential patterns from a text. */
  redact(text: string): string;
  /** Abort every request in flight and drop pooled connections. */
  close(): void;
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name does not resolve',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  EHOSTDOWN: 'the host is down',
  ECONNABORTED: 'the connection was aborted',
  ERR_SOCKET_CONNECTION_TIMEOUT: 'the connection timed out',
};

function fail(code: ErrorCode, message: string): ConnectorError {
  return new ConnectorError({ code, message });
}

/** The error code of a Node/axios failure, looking through axios's wrapping (`cause`). */
function errnoOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && typeof e === 'object' && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_NETWORK' && code !== 'ERR_BAD_RESPONSE') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** host[:port] of an http(s) base URL; SETTINGS_INVALID for anything else. */
function hostOf(baseUrl: string): string {
  let url: URL | null;
  try {
    url = new URL(baseUrl);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw fail('SETTINGS_INVALID', `The PBX address "${redact(baseUrl.split('?')[0] ?? '').slice(0, 200)}" is not an http(s) URL.`);
  }
  return url.host;
}

/**
 * A streamed body's chunks, as they came (or each handed to `sink` as it comes); the stream is destroyed on
 * abort (timeout, close, the caller).
 */
function collect(stream: Readable, signal: AbortSignal, maxBytes: number, label: string, sink?: BodySink): Promise<Uint8Array[]> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onAbort = (): void => void stream.destroy(new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => signal.removeEventListener('abort', onAbort);
    stream.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        stream.destroy(fail('BAD_RESPONSE', `The PBX's answer to ${label} is too large.`));
        return;
      }
      if (sink) sink.chunk(chunk);
      else chunks.push(chunk);
    });
    stream.once('end', () => {
      done();
      resolve(chunks);
    });
    stream.once('error', (e) => {
      done();
      reject(e);
    });
  });
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const host = hostOf(options.baseUrl);
  const secrets = options.secrets ?? (() => []);
  const scrub = (text: string): string => redact(text, secrets());
  // Per-connector agents: keep-alive for polling, destroyed on close so no socket outlives the session.
  // Idle sockets are dropped after 4 s, before a server's own idle close (Node's default is 5 s): reusing a
  // socket the server is closing is the classic spurious ECONNRESET, which would flash a source offline
  // whenever a backoff wait outlasts the server's keep-alive.
  const agentOptions = { keepAlive: true, maxSockets: 16, timeout: 4000 };
  const httpAgent = new http.Agent(agentOptions);
  const httpsAgent = new https.Agent(agentOptions);
  const inFlight = new Set<AbortController>();
  let closed = false;
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;

  const instance: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    adapter: 'http',
    httpAgent,
    httpsAgent,
    // Text in, our own JSON.parse: a malformed body must be an error, not a string in the picture.
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    // A redirect would replay the request (and its Authorization header) elsewhere: report it instead.
    maxRedirects: 0,
    maxContentLength: maxBodyBytes,
    proxy: false,
    headers: { Accept: 'application/json' },
  });

  async function send(req: HttpRequest): Promise<HttpResponse> {
    // No query string in messages: cc_agent carries api_key there.
    const label = `${req.method} ${scrub(req.path.split('?')[0] ?? '')}`;
    if (closed) throw fail('NOT_CONNECTED', `The PBX session is closed (${label} not sent).`);
    const controller = new AbortController();
    let timedOut = false;
    // Total-time limit: axios's own `timeout` is a socket-idle timer on Node, which a slow trickle defeats.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
    const onAbort = (): void => controller.abort();
    if (req.signal?.aborted) controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    inFlight.add(controller);
    try {
      const res = await instance.request<string | Readable>({
        method: req.method,
        url: req.path,
        params: req.query,
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        headers: { ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...req.headers },
        signal: controller.signal,
        // A streamed body's size is checked chunk by chunk by collect(); axios's own check of a stream wraps it
        // in an async generator (a promise and a re-push per chunk: a third of the main thread's time on the
        // chunks of a 5 MB list answer in a CPU profile at 10,000 agents).
        ...(req.raw ? { responseType: 'stream' as const, maxContentLength: -1 } : {}),
      });
      let text = typeof res.data === 'string' ? res.data : '';
      if (res.data instanceof Readable) {
        const ok = res.status >= 200 && res.status <= 299;
        const chunks = await collect(res.data, controller.signal, maxBodyBytes, label, ok ? req.sink : undefined);
        if (ok) return { status: res.status, text: '', json: undefined, ...(req.sink ? {} : { chunks }), request: label, redact: scrub };
        text = Buffer.concat(chunks).toString('utf8');
      }
      let json: unknown;
      if (text.trim() !== '') {
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
      }
      return { status: res.status, text, json, request: label, redact: scrub };
    } catch (err) {
      // Build a fresh error from codes only: the axios error (config.headers, URL with query) stays here.
      if (timedOut) {
        throw fail('TIMEOUT', `The PBX at ${host} did not answer ${label} within ${options.timeoutMs} ms.`);
      }
      if (req.signal?.aborted || closed) throw fail('NOT_CONNECTED', `${label} was cancelled.`);
      // Ours already (a streamed body over the limit): clear as it is.
      if (err instanceof ConnectorError) throw err;
      const code = errnoOf(err);
      if (/maxContentLength/.test(String((err as Error)?.message))) {
        throw fail('BAD_RESPONSE', `The PBX's answer to ${label} is too large.`);
      }
      if (code && UNREACHABLE_CODES[code]) {
        throw fail('UNREACHABLE', `Cannot reach the PBX at ${host}: ${UNREACHABLE_CODES[code]} (${label}).`);
      }
      if (code && /CERT|TLS|SSL/i.test(code)) {
        throw fail('UNREACHABLE', `Cannot make a secure connection to ${host}: ${code} (${label}).`);
      }
      throw fail('UNREACHABLE', `Cannot reach the PBX at ${host}${code ? `: ${scrub(code)}` : ''} (${label}).`);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      inFlight.delete(controller);
    }
  }

  return {
    host,
    send,
    redact: scrub,
    close() {
      closed = true;
      for (const c of inFlight) c.abort();
      inFlight.clear();
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
