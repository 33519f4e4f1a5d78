// The bench's CPU reading of a process (bench/lib/machine.ts cpuSeconds): the time a busy loop spends shows in
// it as Node's own count says, and a process that is not there reads null rather than a figure.
import { describe, expect, it } from 'vitest';
import { cpuSeconds } from '../../bench/lib/machine';

const cpuOfThisProcess = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

describe('cpuSeconds', () => {
  it.runIf(process.platform === 'linux')('grows by the CPU time this process spends, and is null for a process that is not there', () => {
    const before = cpuSeconds(process.pid) as number;
    const reference = cpuOfThisProcess();
    // Spin until Node itself counts 300 ms of CPU, however often the thread is preempted.
    while (cpuOfThisProcess() - reference < 0.3);
    const spent = (cpuSeconds(process.pid) as number) - before;
    const counted = cpuOfThisProcess() - reference;
    // /proc counts in clock ticks (10 ms): within a few of them.
    expect(Math.abs(spent - counted)).toBeLessThan(0.05);
    expect(cpuSeconds(2 ** 22 + 12345)).toBeNull();
    expect(cpuSeconds(undefined)).toBeNull();
  });
});
