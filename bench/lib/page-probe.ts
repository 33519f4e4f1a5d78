// What the benchmark installs in the page before any of its scripts run (Playwright addInitScript): it
// wraps the WebSocket so every bridge frame is timed from its arrival, through the page's own handler
// (parse, store patch), Vue's render flush and a forced style + layout, to the next animation frame and
// the frame after it has painted; and it stamps every B key press on the machine's clock.
// The functions run in the page: they are serialised, so they reference nothing outside themselves.
// The node type-check has no DOM lib, so the few browser globals used are typed by hand below.

/** One floor:changed frame as the page saw it (ms from its arrival). */
export interface FrameTiming {
  /** Characters of the frame's text. */
  chars: number;
  /** The page's message handler returned (JSON.parse + store patch; Vue's render is still queued). */
  handledMs: number;
  /** Vue's flush ran and a forced style + layout returned: the DOM is ready to paint. */
  domReadyMs: number;
  /** The next requestAnimationFrame callback after the frame was handled. */
  nextFrameMs: number;
  /** A task queued from that frame's callback ran: the frame has been rendered. */
  paintedMs: number;
}

interface ProbeData {
  changes: FrameTiming[];
  resets: FrameTiming[];
  /** Epoch ms (timeOrigin + now, like the simulator's request log) of each 'b' keydown. */
  bargeKeys: number[];
  /** Epoch ms of each call:act request the page wrote to its socket. */
  actSends: number[];
}

interface ProbeSocket {
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: unknown): void;
}

interface ProbeWindow {
  WebSocket: new (url: string, protocols?: string | string[]) => ProbeSocket;
  __fwProbe: ProbeData;
  performance: { now(): number; timeOrigin: number };
  requestAnimationFrame(cb: () => void): number;
  MessageChannel: new () => { port1: { onmessage: (() => void) | null }; port2: { postMessage(v: unknown): void } };
  queueMicrotask(cb: () => void): void;
  document: { documentElement: { getBoundingClientRect(): unknown; offsetHeight: number } };
  addEventListener(type: string, cb: (e: { key: string; repeat: boolean }) => void, capture: boolean): void;
}

/** The init script (runs in every page of the context, before the page's scripts). */
export function installProbe(): void {
  const w = globalThis as unknown as ProbeWindow;
  const probe: ProbeData = { changes: [], resets: [], bargeKeys: [], actSends: [] };
  w.__fwProbe = probe;
  const perf = w.performance;

  w.addEventListener(
    'keydown',
    (e) => {
      if (e.key.toLowerCase() === 'b' && !e.repeat) probe.bargeKeys.push(perf.timeOrigin + perf.now());
    },
    true,
  );

  function time(list: FrameTiming[], chars: number, t0: number, handledAt: number): void {
    const record: FrameTiming = { chars, handledMs: handledAt - t0, domReadyMs: 0, nextFrameMs: 0, paintedMs: 0 };
    // Queued after the handler returned, so after the render flush Vue queued inside it.
    w.queueMicrotask(() => {
      void w.document.documentElement.offsetHeight; // style + layout now, as the paint would
      record.domReadyMs = perf.now() - t0;
      w.requestAnimationFrame(() => {
        record.nextFrameMs = perf.now() - t0;
        const channel = new w.MessageChannel();
        channel.port1.onmessage = () => {
          record.paintedMs = perf.now() - t0;
          list.push(record);
        };
        channel.port2.postMessage(null);
      });
    });
  }

  const Native = w.WebSocket;
  const Probed = class extends (Native as unknown as new (url: string, protocols?: string | string[]) => ProbeSocket) {
    override set onmessage(handler: ((event: { data: unknown }) => void) | null) {
      const wrapped = handler
        ? (event: { data: unknown }) => {
            const t0 = perf.now();
            handler.call(this, event);
            const handledAt = perf.now();
            const data = event.data;
            if (typeof data !== 'string') return;
            // The envelope's first keys are fixed by ws-bridge.ts ({"t":"event","channel":...}).
            if (data.startsWith('{"t":"event","channel":"floor:changed"')) time(probe.changes, data.length, t0, handledAt);
            else if (data.startsWith('{"t":"event","channel":"floor:reset"') || data.includes('"snapshot":{"seq"')) {
              time(probe.resets, data.length, t0, handledAt);
            }
          }
        : null;
      super.onmessage = wrapped;
    }
    override get onmessage() {
      return super.onmessage;
    }
    override send(data: unknown): void {
      if (typeof data === 'string' && data.includes('"channel":"call:act"')) probe.actSends.push(perf.timeOrigin + perf.now());
      super.send(data);
    }
  };
  w.WebSocket = Probed as unknown as ProbeWindow['WebSocket'];
}

/** In the page: drain and return what the probe recorded so far. */
export function takeProbe(): ProbeData {
  const probe = (globalThis as unknown as ProbeWindow).__fwProbe;
  const out: ProbeData = {
    changes: probe.changes.splice(0),
    resets: probe.resets.splice(0),
    bargeKeys: probe.bargeKeys.splice(0),
    actSends: probe.actSends.splice(0),
  };
  return out;
}

/**
 * The frame floor: in a blank page of the same browser, at the same moment, FRAME_FLOOR_SAMPLES messages
 * arrive at random times (20-60 ms apart, as change sets come), each handler does nothing but change one
 * text, and the probe's steps follow as for a change set (a microtask, a forced style + layout, the next
 * animation frame): how long "change set to next frame" takes when the page's own work is nil, set by when
 * the browser's next frame falls. A page script (a string, so no bundler helper can creep into it),
 * resolving to the sorted samples.
 */
const FRAME_FLOOR_SAMPLES = 200;
export const FRAME_FLOOR_SCRIPT = `(async () => {
  const out = [];
  const channel = new MessageChannel();
  const text = document.createElement('div');
  document.body.appendChild(text);
  let done = null;
  channel.port1.onmessage = () => {
    const t0 = performance.now();
    text.textContent = String(out.length);
    queueMicrotask(() => {
      void document.documentElement.offsetHeight;
      requestAnimationFrame(() => {
        out.push(performance.now() - t0);
        done();
      });
    });
  };
  for (let i = 0; i < ${FRAME_FLOOR_SAMPLES}; i++) {
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 40));
    await new Promise((r) => {
      done = r;
      channel.port2.postMessage(null);
    });
  }
  return out.sort((a, b) => a - b);
})()`;
