// The browser bridge's own failures, in the supervisor's words: a lost connection to the web host is not
// a PBX outage (HOST_UNREACHABLE), and a page without its key says how to get in. The WebSocket is a small
// stand-in driven by the test: these are the browser-side halves; test/e2e drives the real host.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createWebSocketApi } from '../../renderer/src/bridge/web-socket-api';
import { i18n } from '../../renderer/src/i18n';
import { describeError } from '../../renderer/src/lib/errors';

class StandInSocket {
  static last: StandInSocket | null = null;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  protocol = '';
  sent: string[] = [];
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    StandInSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.onclose?.();
  }
  open(): void {
    this.protocol = this.protocols[0] ?? '';
    this.onopen?.();
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  window.history.replaceState(null, '', '/');
  i18n.global.locale.value = 'en';
});

describe('web socket bridge errors', () => {
  it('settles a request in flight as HOST_UNREACHABLE when the socket to the host drops, in every locale', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', StandInSocket);
    window.history.replaceState(null, '', '/#s=' + 'a'.repeat(43));
    const api = createWebSocketApi();
    const socket = StandInSocket.last!;
    socket.open();
    const pending = api.getSession();
    expect(socket.sent).toHaveLength(1);
    socket.close();
    const result = await pending;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('HOST_UNREACHABLE');
    // While it waits to reconnect, new requests fail the same way at once.
    const later = await api.getSession();
    expect(!later.ok && later.error.code).toBe('HOST_UNREACHABLE');
    const words = { en: /connection to Floorwatch/, vi: /kết nối tới Floorwatch/, 'pt-BR': /Conexão com o Floorwatch/ };
    for (const [locale, pattern] of Object.entries(words)) {
      i18n.global.locale.value = locale as 'en';
      expect(describeError(result.error)).toMatch(pattern);
      expect(describeError(result.error)).not.toMatch(/PBX|tổng đài/);
    }
  });

  it('a page without its key opens no socket and tells to open the address printed by npm run web', async () => {
    const created = vi.fn();
    vi.stubGlobal('WebSocket', created);
    const api = createWebSocketApi();
    const session = await api.getSession();
    expect(created).not.toHaveBeenCalled();
    expect(session.ok && session.data.error?.code).toBe('FORBIDDEN_SENDER');
    const error = session.ok ? session.data.error : null;
    for (const locale of ['en', 'vi', 'pt-BR'] as const) {
      i18n.global.locale.value = locale;
      expect(describeError(error!)).toContain('npm run web');
    }
    // Any other FORBIDDEN_SENDER keeps its own translation.
    i18n.global.locale.value = 'en';
    expect(describeError({ code: 'FORBIDDEN_SENDER', message: 'other' })).not.toContain('npm run web');
  });
});
