// Starting the bench's helper processes (the PBX simulator's CLI, the main-process host) as real Node
// processes running TypeScript through tsx, so the "main process" figures (RSS, event-loop lag) are that
// process's own and not the benchmark's or Playwright's.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

export interface Child {
  process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern` (its match), rejects if the child exits first. */
  stop(): Promise<void>;
}

/** Spawn `node --import tsx <script> ...args` with an IPC channel; wait for `ready` on stdout. */
export async function spawnTs(
  script: string,
  args: string[],
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<{ child: Child; match: RegExpExecArray }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, script), ...args], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const match = await new Promise<RegExpExecArray>((resolveMatch, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const m = ready.exec(buffered);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout?.off('data', onData);
      // Keep draining stdout so the child never blocks on a full pipe.
      proc.stdout?.resume();
      resolveMatch(m);
    };
    proc.stdout?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with code ${code} before it was ready:\n${buffered}`));
    });
  });
  const child: Child = {
    process: proc,
    stop: () =>
      new Promise<void>((resolveStop) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolveStop();
        const kill = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(kill);
          resolveStop();
        });
        proc.kill('SIGTERM');
      }),
  };
  return { child, match };
}
