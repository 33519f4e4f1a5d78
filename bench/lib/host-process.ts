// The benchmark's side of the main-process host (bench/main-host.ts): start it, ask it things over IPC.
import { HOST_READY, type HostAnswers, type HostReady, type HostReply, type HostRequest } from './host-protocol';
import { spawnTs, type Child } from './child';

export interface HostProcess extends HostReady {
  ask<R extends HostRequest>(request: R): Promise<HostAnswers[R['type']]>;
  stop(): Promise<void>;
}

export async function startHostProcess(options: { simUrl: string; pollMs: number; consoleDir: string; naiveDir?: string }): Promise<HostProcess> {
  const args = ['--sim', options.simUrl, '--poll-ms', String(options.pollMs), '--console', options.consoleDir];
  if (options.naiveDir) args.push('--naive', options.naiveDir);
  const { child, match } = await spawnTs('bench/main-host.ts', args, new RegExp(`${HOST_READY}(\\{.*\\})`));
  const ready = JSON.parse(match[1] as string) as HostReady;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  child.process.on('message', (reply: HostReply) => {
    const w = waiting.get(reply.id);
    if (!w) return;
    waiting.delete(reply.id);
    if (reply.ok) w.resolve(reply.data);
    else w.reject(new Error(`bench host: ${reply.error}`));
  });
  child.process.once('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`bench host exited (${code})`));
    waiting.clear();
  });
  return {
    ...ready,
    ask: <R extends HostRequest>(request: R) =>
      new Promise<HostAnswers[R['type']]>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.process.send({ id, request });
      }),
    stop: (child satisfies Child).stop,
  };
}
