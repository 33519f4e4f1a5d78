// The bridge contract over WebSocket (protocol: common/ws-protocol.ts): who may open a socket (the host's
// own origin, holding this run's secret), how invokes reach the core, and how core events reach every
// open socket, with backpressure per socket on both:
//   - answers: a socket's requests wait in its own queue; the next one is handled only while fewer than
//     MAX_IN_FLIGHT are being answered or waiting to be handed to the kernel (ws's send callback), so a
//     page that never reads holds at most MAX_IN_FLIGHT answers, not one per request. Past
//     MAX_QUEUED_BYTES of waiting requests the socket stops being read (TCP then stops the page).
//   - events cannot wait (the floor moves on): a page more than MAX_BUFFERED_BYTES behind, or one whose
//     answers have made no progress for STALL_MS, is closed with WS_CLOSE.tooSlow (4008) and its socket
//     destroyed right after, so the buffer is freed at once (a graceful close would hold it until its
//     timeout); the page reconnects and re-reads the floor.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { READ_ONLY_CHANNELS, validateRequest, type BridgeResult } from '../../common/contract';
import {
  WS_CLOSE,
  WS_MAX_PAYLOAD,
  WS_PATH,
  WS_PROTOCOL,
  WS_SECRET_PREFIX,
  parseClientMessage,
  type ServerMessage,
} from '../../common/ws-protocol';
import { packQueueLists } from '../../common/queue-lists';
import type { Core } from '../core/host';

/** A page this far behind on its events (bytes queued in the kernel and ws) is dropped, not buffered forever. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/**
 * Requests of one socket being answered at once, counting answers not yet handed to the kernel (an action
 * may wait seconds for the PBX: others go on meanwhile). A page that does not read holds at most this many.
 */
const MAX_IN_FLIGHT = 8;
/** Bytes of requests waiting in one socket's queue before the socket stops being read. */
const MAX_QUEUED_BYTES = 1024 * 1024;
/** How long a page may leave every answer slot untaken before it is dropped. */
const STALL_MS = 30_000;
/**
 * After the 4008 close frame is queued, how long before the socket is destroyed: the frame waits behind the
 * 32 MiB the page has not read, and a page on a busy machine (the reason it fell behind) needs seconds to read
 * that far and learn why it was closed rather than see a bare 1006.
 */
const CLOSE_GRACE_MS = 5_000;
/** A console is one or a few tabs; more sockets than this is a runaway page, not a floor. */
const MAX_CLIENTS = 32;

interface WsBridgeOptions {
  core: Core;
  secret: string;
  /** A second secret whose sockets may only read (the wallboard's URL): READ_ONLY_CHANNELS, else FORBIDDEN. */
  readOnlySecret?: string;
  /** The origins (scheme://host:port) a page of this host has. */
  origins: readonly string[];
  /** Values of the Host header this host answers to (DNS rebinding guard). */
  hosts: readonly string[];
}

interface WsBridge {
  /** Take over an HTTP upgrade request: accepted, or answered 403 / 404 / 503 and closed. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): void;
}

function secretMatches(offered: string, secret: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

type Access = { status: number; reason: string } | { access: 'full' | 'read' };

/** Why an upgrade request is refused, or what the socket it opens may do. */
function admission(req: IncomingMessage, options: WsBridgeOptions): Access {
  if ((req.url ?? '').split('?')[0] !== WS_PATH) return { status: 404, reason: 'Not Found' };
  if (!options.hosts.includes(req.headers.host ?? '')) return { status: 403, reason: 'Forbidden' };
  if (!options.origins.includes(req.headers.origin ?? '')) return { status: 403, reason: 'Forbidden' };
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!offered.includes(WS_PROTOCOL)) return { status: 403, reason: 'Forbidden' };
  const secret = offered.find((p) => p.startsWith(WS_SECRET_PREFIX))?.slice(WS_SECRET_PREFIX.length);
  if (secret !== undefined && secretMatches(secret, options.secret)) return { access: 'full' };
  if (secret !== undefined && options.readOnlySecret !== undefined && secretMatches(secret, options.readOnlySecret)) return { access: 'read' };
  return { status: 403, reason: 'Forbidden' };
}

export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const { core } = options;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: WS_MAX_PAYLOAD,
    clientTracking: true,
    // Answer with the version only: the secret is never echoed back.
    handleProtocols: () => WS_PROTOCOL,
  });

  /** Sockets opened with the read-only secret. */
  const readOnly = new WeakSet<WebSocket>();

  /**
   * Core events, serialised as they come (in the turn that emitted them, once for every page) and handed to
   * the sockets open then in a turn of their own (a timer), so the kernel's copy of a tick's frames (17-30 ms
   * of `writev` in a CPU profile of the bench's live phase on a busy two-core machine) does not lengthen the
   * tick, and the timers due meanwhile run first. An answer hands over the events queued before it first: a
   * page sees events and answers in the order they were made.
   */
  let queued: { text: string; to: WebSocket[] }[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  function sendEvents(): void {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    const events = queued;
    queued = [];
    for (const { text, to } of events) {
      for (const ws of to) {
        if (ws.readyState !== ws.OPEN) continue;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) dropSlow(ws);
        else ws.send(text);
      }
    }
  }

  /** `written` runs once the message is handed to the kernel (or will never be: the socket closed). */
  function send(ws: WebSocket, message: ServerMessage, written?: () => void): void {
    if (queued.length > 0) sendEvents();
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message), written && (() => written()));
    else written?.();
  }

  /** Close a page that fell too far behind, and free its buffer now rather than at the close's timeout. */
  function dropSlow(ws: WebSocket): void {
    if (ws.readyState !== ws.OPEN) return;
    ws.close(WS_CLOSE.tooSlow, 'too far behind; reconnect');
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  /** One socket's requests, answered with backpressure (see the header). */
  function answerQueue(ws: WebSocket): (data: RawData, isBinary: boolean) => void {
    const queue: { data: RawData; isBinary: boolean; bytes: number }[] = [];
    let queuedBytes = 0;
    /** Requests being answered, or answered but not yet handed to the kernel (a page that does not read). */
    let inFlight = 0;
    let stallTimer: ReturnType<typeof setTimeout> | null = null;

    const pump = (): void => {
      if (ws.readyState !== ws.OPEN) {
        queue.length = 0;
        return;
      }
      while (queue.length > 0 && inFlight < MAX_IN_FLIGHT) {
        const next = queue.shift() as (typeof queue)[number];
        queuedBytes -= next.bytes;
        inFlight++;
        void onMessage(ws, next.data, next.isBinary, () => {
          inFlight--;
          if (stallTimer) clearTimeout(stallTimer);
          stallTimer = null;
          pump();
        });
      }
      if (ws.isPaused && queuedBytes < MAX_QUEUED_BYTES / 2) ws.resume();
      // Every slot holds an answer the page has not taken: if none is taken for STALL_MS, drop the page.
      if (inFlight >= MAX_IN_FLIGHT && queue.length > 0) stallTimer ??= setTimeout(() => dropSlow(ws), STALL_MS);
    };
    ws.once('close', () => {
      if (stallTimer) clearTimeout(stallTimer);
      queue.length = 0;
    });
    return (data, isBinary) => {
      const bytes = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
      queue.push({ data, isBinary, bytes });
      queuedBytes += bytes;
      if (queuedBytes >= MAX_QUEUED_BYTES && !ws.isPaused) ws.pause();
      pump();
    };
  }

  async function onMessage(ws: WebSocket, data: RawData, isBinary: boolean, written: () => void): Promise<void> {
    if (isBinary) {
      ws.close(WS_CLOSE.unsupportedData, 'text frames only');
      written();
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      if (parsed.id === null) send(ws, { t: 'error', error: parsed.error }, written);
      else send(ws, { t: 'result', id: parsed.id, result: { ok: false, error: parsed.error } }, written);
      return;
    }
    const { id, channel, payload } = parsed.message;
    // Validated here at the edge, and again inside the core: a host cannot forget.
    const valid = validateRequest(channel, payload);
    let result: BridgeResult<unknown>;
    if (!valid.ok) result = { ok: false, error: valid.error };
    else if (readOnly.has(ws) && !READ_ONLY_CHANNELS.has(valid.channel)) {
      result = { ok: false, error: { code: 'FORBIDDEN', message: `Refused ${valid.channel}: this session can only read.` } };
    } else {
      try {
        result = await core.invoke(valid.channel, payload, 'renderer');
      } catch {
        // core.invoke never throws by contract; if it does, the page still gets an answer, and no stack.
        result = { ok: false, error: { code: 'INTERNAL', message: 'The console failed to handle the request.' } };
      }
    }
    // A floor:get answer carries each agents' queue list once (common/queue-lists.ts).
    if (result.ok && valid.ok) result = { ok: true, data: packQueueLists(valid.channel, result.data) };
    send(ws, { t: 'result', id, result }, written);
  }

  wss.on('connection', (ws: WebSocket, _req: IncomingMessage, access: 'full' | 'read') => {
    if (access === 'read') readOnly.add(ws);
    ws.on('message', answerQueue(ws));
    // A frame over maxPayload or a protocol violation: ws closes the socket itself; nothing to crash on.
    ws.on('error', () => ws.terminate());
  });

  const unsubscribe = core.subscribe((channel, payload) => {
    if (wss.clients.size === 0) return;
    // Serialised once for every page, however many are open; sent after this turn (sendEvents).
    queued.push({ text: JSON.stringify({ t: 'event', channel, payload: packQueueLists(channel, payload) }), to: [...wss.clients] });
    flushTimer ??= setTimeout(sendEvents, 0);
  });

  return {
    handleUpgrade(req, socket, head) {
      // A page that resets its connection mid-handshake must not become an uncaught 'error'.
      socket.on('error', () => socket.destroy());
      const admitted = admission(req, options);
      if ('status' in admitted || wss.clients.size >= MAX_CLIENTS) {
        const refused = 'status' in admitted ? admitted : { status: 503, reason: 'Service Unavailable' };
        socket.end(`HTTP/1.1 ${refused.status} ${refused.reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req, admitted.access));
    },
    clientCount: () => wss.clients.size,
    close() {
      unsubscribe();
      sendEvents();
      for (const ws of wss.clients) ws.close(WS_CLOSE.goingAway, 'the web host is closing');
      wss.close();
    },
  };
}
