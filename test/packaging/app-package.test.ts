// Builds the app (electron-vite) and packs it with electron-builder for linux `dir`, using a stand-in
// Electron executable (the real binary cannot be downloaded here) that carries a fuse wire, then checks
// what would ship: app.asar holds only out/main, out/preload, out/renderer and package.json, main resolves,
// the preload requires nothing but 'electron', and the fuses were flipped in the executable as configured.
// Then the built main bundle itself (out/main/index.cjs, with electron-store, the core and the simulator
// bundled in) is started against the recording electron mock: demo mode goes live, app:// serves the built
// renderer with the CSP.
import { execFileSync } from 'node:child_process';
import Module, { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as electronMock from '../electron/electron-mock';

const root = join(import.meta.dirname, '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, in wire order: RunAsNode on, cookie encryption off, NODE_OPTIONS on, ... */
const STOCK_WIRE = '10110001';
const ENABLE = 49;
const DISABLE = 48;

let work: string;
let asarPath: string;
let executable: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'fw-pack-'));
  const electronDist = join(work, 'electron-dist');
  execFileSync('mkdir', ['-p', electronDist]);
  // A stand-in with a fuse wire where @electron/fuses looks for it (sentinel, version 1, length, states).
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([Buffer.from(`#!/bin/sh\necho stand-in\n# ${SENTINEL}`), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(`${STOCK_WIRE}\n`)]),
    { mode: 0o755 },
  );
  const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, stdio: 'pipe', env: { ...process.env, CI: 'true' } });
  run('npx', ['electron-vite', 'build']);
  // electron-builder is fetched at packaging time (package.json's `electron-builder` script), not by npm ci.
  run('npm', ['run', '-s', 'electron-builder', '--', '--linux', 'dir', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${join(work, 'out')}`]);
  asarPath = join(work, 'out', 'linux-unpacked', 'resources', 'app.asar');
  executable = join(work, 'out', 'linux-unpacked', 'floorwatch');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packaged app', () => {
  it('app.asar holds the build output and package.json, nothing from node_modules, sources or tests', () => {
    const files = asar.listPackage(asarPath, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const topLevel = new Set(files.map((f) => f.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['out', 'package.json']);
    expect([...new Set(files.filter((f) => f.startsWith('/out/')).map((f) => f.split('/')[2]))].sort()).toEqual(['main', 'preload', 'renderer']);
    expect(files).toContain('/out/main/index.cjs');
    expect(files).toContain('/out/preload/index.cjs');
    expect(files).toContain('/out/renderer/index.html');
    expect(files.filter((f) => /node_modules|\/test\/|\.ts$|\.map$/.test(f))).toEqual([]);
  });

  it('package.json#main resolves inside the archive', () => {
    const pkg = JSON.parse(asar.extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    const main = posix.normalize(pkg.main);
    expect(main).toBe('out/main/index.cjs');
    expect(asar.extractFile(asarPath, main).length).toBeGreaterThan(1000);
  });

  it('the sandboxed preload requires only electron', () => {
    const preload = asar.extractFile(asarPath, 'out/preload/index.cjs').toString('utf8');
    expect([...new Set(preload.match(/require\(["'][^"']+["']\)/g))]).toEqual(['require("electron")']);
  });

  it('the decode worker is one file that needs nothing but Node built-ins (a worker cannot load electron)', () => {
    const worker = asar.extractFile(asarPath, 'out/main/decode-worker.cjs').toString('utf8');
    const required = [...new Set(worker.match(/require\(["'][^"']+["']\)/g))];
    expect(required).toContain('require("node:worker_threads")');
    for (const r of required) expect(r).toMatch(/^require\("node:[a-z_/]+"\)$/);
  });

  it('the fuses are flipped in the executable as electron-builder.yml says', async () => {
    const wire = await getCurrentFuseWire(executable);
    expect(wire[FuseV1Options.RunAsNode]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(ENABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(DISABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(ENABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(DISABLE);
  });

  it('electron-builder.yml names the app and the four targets', () => {
    const yml = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
    for (const line of ['appId: vn.floorwatch.console', 'productName: Floorwatch', '- AppImage', '- deb', '- nsis', '- dmg', '"!node_modules/**"']) {
      expect(yml).toContain(line);
    }
  });
});

describe('built main bundle', () => {
  it('starts from out/main/index.cjs: demo live in the tray, app:// serves the built renderer with the CSP', async () => {
    electronMock.reset();
    electronMock.app.userData = mkdtempSync(join(work, 'userData-'));
    // The bundle require()s 'electron': hand it the recording mock instead of the missing binary.
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    loader._load = (request, ...rest) => (request === 'electron' ? { ...electronMock } : load(request, ...rest));
    try {
      createRequire(import.meta.url)(join(root, 'out', 'main', 'index.cjs'));
    } finally {
      loader._load = load;
    }
    expect(electronMock.app.sandboxEnabled).toBe(true);
    const tray = await vi.waitFor(() => {
      const t = electronMock.Tray.instances[0];
      if (!t?.tooltip.startsWith('Floorwatch: Live')) throw new Error(`tray: ${t?.tooltip}`);
      return t;
    }, { timeout: 15_000, interval: 50 });
    expect(tray.menu?.template.length).toBeGreaterThan(5);
    const win = electronMock.BrowserWindow.instances[0];
    expect(win?.options.webPreferences).toMatchObject({ preload: join(root, 'out', 'preload', 'index.cjs'), sandbox: true, contextIsolation: true });

    const serve = electronMock.session.defaultSession.protocolHandlers.get('app') as (r: { url: string; method: string }) => Promise<Response>;
    const page = await serve({ url: win?.loadedUrl ?? '', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self'/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    expect((await serve({ url: `app://floorwatch/${script}`, method: 'GET' })).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    electronMock.app.fire('will-quit');
  });
});
