// The TEL4VN connector: live sources (/v3/monitor, /v3/monitor/callcenter/queue, /v3/agent/live,
// /v3/extension/{ext}/loggedin), supervisor actions (seed 002 call actions and click-to-call, seed 000
// agent pause/resume) and the call records (seed 002 /v2/cdr: cdr.ts), behind the one Connector interface.
// The session (password, api_key, token) never leaves this module; nor do the recordings' URLs.
import type { Agent, CallAction, Capability, PbxExtension } from '../../../../common/domain';
import { contentTypeOf } from '../../../../common/mime-types';
import { ConnectorError, type CallRecordsApi, type Connector, type ConnectorOptions, type PollSource, type SourceData } from '../connector';
import { createCdrReader } from './cdr';
import { createListDecoder, type ListStream } from '../../decode/list-decoder';
import { createHttpClient } from '../../http/http-client';
import { badShape, failureInBody, listFailure, okJson, statusError } from '../../http/http-errors';
import { FieldError } from '../../http/json-fields';
import { isValidTimeZone } from '../../time/parse-time';
import { expectActionSuccess } from './actions';
import { readExtensionsPage, readLoggedIn } from './normalise';
import { createTel4vnCustomers } from './customers';
import { createTel4vnEventHooks } from './event-hooks';
import { createTel4vnOutbound } from './outbound';
import { createOwnLegSplitter } from './own-legs';
import { createTel4vnSession, type Tel4vnSession } from './session';

const CAPABILITIES: readonly Capability[] = [
  'live-agents',
  'live-calls',
  'queue-monitor',
  'call-actions',
  'agent-pause',
  'click-to-call',
  'own-extension-status',
  'call-history',
  'outbound-queues',
  'customer-directory',
  'agent-login',
];

const EXTENSION_PAGE = 200;
const EXTENSION_PAGES = 50;
/** The recording's type from its first bytes (a PBX may serve audio under any path), else its name. */
function audioType(bytes: Buffer, path: string): string {
  const head = bytes.subarray(0, 4).toString('latin1');
  if (head === 'RIFF') return 'audio/wav';
  if (head === 'OggS') return 'audio/ogg';
  if (head.startsWith('ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  const byName = contentTypeOf(path);
  return byName.startsWith('audio/') ? byName : 'application/octet-stream';
}

/** Largest recording fetched for the page (a few minutes of compressed audio; a WAV of an hour is more). */
const MAX_RECORDING_BYTES = 32 * 1024 * 1024;

const ACTION_VERBS: Record<CallAction, string> = {
  listen: 'listen to the call',
  whisper: 'whisper to the agent',
  barge: 'barge into the call',
  transfer: 'transfer the call',
};

/**
 * GET `path` and read its JSON with `read`; a shape problem becomes BAD_RESPONSE naming the field.
 * `on404` turns a 404 into a clearer error than HTTP_ERROR where the route itself names a thing.
 */
async function getAndRead<T>(
  session: Tel4vnSession,
  path: string,
  signal: AbortSignal | undefined,
  read: (json: unknown) => T,
  on404?: () => ConnectorError,
): Promise<T> {
  const res = await session.get(path, signal);
  if (res.status === 404 && on404) throw on404();
  const json = okJson(res);
  const failed = failureInBody(json);
  if (failed) throw listFailure(res, json, failed);
  try {
    return read(json);
  } catch (err) {
    if (err instanceof FieldError) throw badShape(res.request, err.field, err.problem);
    throw err;
  }
}

/**
 * GET a big list `path` and decode it with `stream` while it downloads (in the decode worker when the
 * decoder has one): by the last byte most of the UTF-8 is decoded.
 */
async function getList<T>(session: Tel4vnSession, path: string, signal: AbortSignal, stream: ListStream<T>): Promise<T[]> {
  const answer = stream.begin();
  try {
    const res = await session.get(path, signal, answer.sink);
    if (res.status < 200 || res.status > 299) throw statusError(res);
    return await answer.finish(res);
  } finally {
    answer.drop();
  }
}

export function createTel4vnConnector(options: ConnectorOptions): Connector {
  if (!isValidTimeZone(options.timezone)) {
    throw new ConnectorError({ code: 'SETTINGS_INVALID', message: `Unknown time zone "${options.timezone}".` });
  }
  // The session's secrets are scrubbed from every message the client builds.
  let session: Tel4vnSession | null = null;
  const http = createHttpClient({
    baseUrl: options.apiHost,
    timeoutMs: options.requestTimeoutMs,
    secrets: () => session?.secrets() ?? [],
  });
  session = createTel4vnSession({ http, credentials: options.credentials, ...(options.onSecret ? { onSecret: options.onSecret } : {}) });
  const s = session;
  const { timezone, ownExtension } = options;

  function isExtensionRegistered(ext: string, signal?: AbortSignal): Promise<boolean> {
    return getAndRead(s, `/v3/extension/${encodeURIComponent(ext)}/loggedin`, signal, readLoggedIn, () =>
      new ConnectorError({ code: 'NOT_FOUND', message: `Extension ${ext} does not exist on the PBX.` }),
    );
  }

  async function agentAction(kind: 'pause' | 'resume', agent: Agent, reasonId?: string): Promise<void> {
    if (!agent.extension) {
      throw new ConnectorError({
        code: 'NOT_FOUND',
        message: `${agent.name || agent.username} has no extension on the PBX, so cannot be ${kind === 'pause' ? 'paused' : 'resumed'}.`,
      });
    }
    const body = kind === 'pause' && reasonId ? { extension: agent.extension, pause_code: reasonId } : { extension: agent.extension };
    const res = await s.post(`/v3/agent/${kind}`, body);
    expectActionSuccess(res, kind === 'pause' ? `pause ${agent.name}` : `resume ${agent.name}`, agent.extension);
  }

  const decoder = options.decoder ?? createListDecoder();
  // The call records' pages are read in the decode worker too (record-pages.ts).
  const records = createCdrReader({ session: s, zone: timezone, decoder });
  const apiOrigin = new URL(options.apiHost).origin;
  const callRecords: CallRecordsApi = {
    pass: (hints, signal) => records.pass(hints, signal),
    search: (query, page, size, signal) => records.search(query, page, size, signal),
    get: (id, signal) => records.get(id, signal),
    async recording(id, signal) {
      const url = await records.recordingUrl(id, signal);
      if (!url) return null;
      let target: URL;
      try {
        target = new URL(url, options.apiHost);
      } catch {
        throw new ConnectorError({ code: 'BAD_RESPONSE', message: 'The PBX gave a recording address that is not a URL.', field: 'recording_url' });
      }
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw new ConnectorError({ code: 'BAD_RESPONSE', message: 'The PBX gave a recording address that is not http(s).', field: 'recording_url' });
      }
      const path = target.pathname + target.search;
      // The token goes only to the PBX's own origin; a recording elsewhere is fetched as the public URL the
      // seed calls it, by a client of its own (no redirects, same timeout and redaction).
      let res;
      if (target.origin === apiOrigin) {
        res = await s.get(path, signal, true);
      } else {
        const other = createHttpClient({ baseUrl: target.origin, timeoutMs: options.requestTimeoutMs * 4, maxBodyBytes: MAX_RECORDING_BYTES });
        try {
          res = await other.send({ method: 'GET', path, raw: true, ...(signal ? { signal } : {}) });
        } finally {
          other.close();
        }
      }
      if (res.status === 404) return null;
      if (res.status < 200 || res.status > 299) throw statusError(res);
      const bytes = Buffer.concat((res.chunks ?? []).map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
      return { bytes, contentType: audioType(bytes, target.pathname) };
    },
  };

  const params = { timezone, ownExtension };
  const streams = {
    calls: decoder.open('tel4vn/calls', params),
    queue: decoder.open('tel4vn/queue', params),
    agents: decoder.open('tel4vn/agents', params),
  };
  const splitOwnLegs = createOwnLegSplitter();
  const sources: PollSource[] = [
    // The supervisor's own legs come apart from the floor's calls (own-legs.ts).
    { id: 'calls', fetch: async (signal): Promise<SourceData> => splitOwnLegs(await getList(s, '/v3/monitor', signal, streams.calls)) },
    {
      id: 'queue',
      fetch: async (signal): Promise<SourceData> => ({ queueEntries: await getList(s, '/v3/monitor/callcenter/queue', signal, streams.queue) }),
    },
    { id: 'agents', fetch: async (signal): Promise<SourceData> => ({ agents: await getList(s, '/v3/agent/live', signal, streams.agents) }) },
  ];
  if (ownExtension) {
    sources.push({
      id: 'own-extension',
      fetch: async (signal) => ({ ownExtensionRegistered: await isExtensionRegistered(ownExtension, signal) }),
    });
  }

  return {
    system: 'tel4vn',
    capabilities: new Set(CAPABILITIES),
    connect: () => s.login(),
    sources: () => sources,
    async callAction(action, callId, ext) {
      // The contract already restricts call ids to [A-Za-z0-9_-]; encode anyway so no id can bend the path.
      const res = await s.post(`/v2/call/${encodeURIComponent(callId)}/${action}`, { ext });
      expectActionSuccess(res, ACTION_VERBS[action], ext, action === 'transfer' ? 'target' : 'own');
    },
    isExtensionRegistered: (ext) => isExtensionRegistered(ext),
    async listExtensions() {
      // Paged (seed 000: limit / offset, default 10): pages of 200 until `total`, a short page, or 50 pages
      // (10,000 extensions, the floor's size limit).
      const out: PbxExtension[] = [];
      for (let page = 0; page < EXTENSION_PAGES; page++) {
        const offset = page * EXTENSION_PAGE;
        const { rows, total } = await getAndRead(s, `/v3/agent/extension?limit=${EXTENSION_PAGE}&offset=${offset}`, undefined, readExtensionsPage);
        out.push(...rows);
        if (rows.length < EXTENSION_PAGE || (total !== null && offset + rows.length >= total)) break;
      }
      return out;
    },
    callRecords,
    // Actions are never retried automatically: a load's batch is POSTed once (see outbound.ts).
    outbound: createTel4vnOutbound(s),
    customers: createTel4vnCustomers(s, Date.now),
    pushEvents: createTel4vnEventHooks(s),
    pauseAgent: (agent, reasonId) => agentAction('pause', agent, reasonId),
    resumeAgent: (agent) => agentAction('resume', agent),
    async clickToCall(ext, phone) {
      // POST /v2/click2call: asynchronous (the synchronous GET holds the request until the extension
      // answers, far past any sane timeout), a POST (never replayed by a proxy or a retry), and the
      // customer's number travels in the body rather than in a URL that proxies log.
      const res = await s.post('/v2/click2call', { mobile: phone, agent: ext });
      expectActionSuccess(res, `call ${phone} from extension ${ext}`, ext);
    },
    close() {
      s.close();
      http.close();
      for (const stream of Object.values(streams)) stream.close();
    },
  };
}
