// Shared helpers of the simulator tests: real HTTP to a simulator on 127.0.0.1, logged in as the demo user.
import { startSimulator, type Simulator, type SimulatorOptions } from '../../main/simulator/index';

export interface Client {
  sim: Simulator;
  token: string;
  get(path: string): Promise<{ status: number; body: unknown; text: string }>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: unknown; text: string }>;
}

async function call(url: string, init: RequestInit): Promise<{ status: number; body: unknown; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

export async function getToken(url: string): Promise<string> {
  const res = await call(`${url}/v2/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ api_key: 'demo-key' }) });
  return (res.body as { data: { token: string } }).data.token;
}

export async function startClient(options: SimulatorOptions = {}): Promise<Client> {
  const sim = await startSimulator({ autoRun: false, ...options });
  const client: Client = {
    sim,
    token: await getToken(sim.url),
    get: (path) => call(sim.url + path, { headers: { Authorization: `Bearer ${client.token}` } }),
    post: (path, body, headers = {}) => call(sim.url + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${client.token}`, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  };
  return client;
}

/** Asserts `actual` has exactly the keys of `example` with the same JSON types (recursively into objects and first array items). */
export function shapeDiff(actual: unknown, example: unknown, path = '$'): string[] {
  const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(actual) !== kind(example)) return [`${path}: ${kind(actual)} instead of ${kind(example)}`];
  if (Array.isArray(example) && Array.isArray(actual)) {
    if (example.length === 0 || actual.length === 0) return [];
    return shapeDiff(actual[0], example[0], `${path}[0]`);
  }
  if (kind(example) === 'object') {
    const a = actual as Record<string, unknown>;
    const e = example as Record<string, unknown>;
    const out: string[] = [];
    for (const k of Object.keys(e)) {
      if (!(k in a)) out.push(`${path}.${k}: missing`);
      else out.push(...shapeDiff(a[k], e[k], `${path}.${k}`));
    }
    for (const k of Object.keys(a)) if (!(k in e)) out.push(`${path}.${k}: not in the seed`);
    return out;
  }
  return [];
}
