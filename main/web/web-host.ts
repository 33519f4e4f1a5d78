// The web host: the core behind HTTP + WebSocket for a browser, on 127.0.0.1 only. It serves the built
// renderer with the security headers and carries the bridge contract over one WebSocket per page
// (main/web/ws-bridge.ts). A fresh random secret per run, handed to the page in the URL fragment
// (never sent over HTTP, so never in a request log), is what lets a page open that socket.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SECRET_HASH_KEY } from '../../common/ws-protocol';
import type { Core } from '../core/host';
import { contentTypeOf } from '../../common/mime-types';
import { cspFromIndexHtml, resolveStaticFile, securityHeaders } from './static-files';
import { createWsBridge } from './ws-bridge';

/** Loopback only: the console holds a PBX session and is not a network service. */
const HOST = '127.0.0.1';

interface WebHostOptions {
  core: Core;
  /** 0 (default) = any free port. */
  port?: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/#s=SECRET: the address to open (the secret is the page's key to the socket). */
  url: string;
  /** The wallboard's address: a second secret whose session can only read (READ_ONLY_CHANNELS). */
  wallboardUrl: string;
  /** http://127.0.0.1:PORT */
  origin: string;
  close(): Promise<void>;
}

export async function createWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, staticDir } = options;
  const secret = randomBytes(32).toString('base64url');
  const readOnlySecret = randomBytes(32).toString('base64url');
  const indexHtml = await readFile(join(staticDir, 'index.html'), 'utf8').catch(() => '');
  const headers = securityHeaders(cspFromIndexHtml(indexHtml));
  // Filled in once the port is known: the Host header and the Origin a page of ours sends.
  const hosts: string[] = [];
  const origins: string[] = [];

  function answer(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(body);
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hosts.includes(req.headers.host ?? '')) return answer(res, 421, 'Misdirected request\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return answer(res, 405, 'Method not allowed\n');
    }
    // A recording main fetched for the page (history:recording), served from our own origin.
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/recordings/')) {
      const hit = core.readRecording(path);
      if (!hit) return answer(res, 404, 'Not found\n');
      res.writeHead(200, { ...headers, 'Content-Type': hit.contentType, 'Content-Length': hit.bytes.length, 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : hit.bytes);
      return;
    }
    const file = await resolveStaticFile(staticDir, req.url ?? '/');
    if (!file) return answer(res, 404, 'Not found\n');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return answer(res, 404, 'Not found\n');
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(file),
      'Content-Length': body.length,
      // The page must pick up a rebuild; hashed assets could be cached, but loopback makes it moot.
      'Cache-Control': 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const bridge = createWsBridge({ core, secret, readOnlySecret, origins, hosts });
  const server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => bridge.handleUpgrade(req, socket, head));
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as AddressInfo;
  hosts.push(`${HOST}:${port}`, `localhost:${port}`);
  origins.push(`http://${HOST}:${port}`, `http://localhost:${port}`);
  const origin = `http://${HOST}:${port}`;

  return {
    url: `${origin}/#${SECRET_HASH_KEY}=${secret}`,
    wallboardUrl: `${origin}/#${SECRET_HASH_KEY}=${readOnlySecret}&view=wallboard`,
    origin,
    async close() {
      bridge.close();
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}
