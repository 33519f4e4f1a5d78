// Floor set-ups the end-to-end files share, made on the (paused) simulator before the console reads it.
import type { SimulatorControl } from '../../../main/simulator/control';

type SimAgent = ReturnType<SimulatorControl['state']>['agents'][number];
type SimQueue = ReturnType<SimulatorControl['state']>['queues'][number];

/**
 * A caller of the first queue answered by a free agent of that queue, so scoping to that queue has a call
 * to keep. Also the agents that were free before it (for a second call, a transfer target).
 */
export function answerQueueCaller(control: SimulatorControl): { callId: string; queue: SimQueue; answering: SimAgent; free: SimAgent[] } {
  const queue = control.state().queues[0]!;
  const free = control.state().agents.filter((a) => a.loggedIn && a.status === 'available' && a.callId === null);
  const answering = free.find((a) => a.queueIds.includes(queue.id));
  if (!answering) throw new Error(`no free agent in queue ${queue.name} to answer its caller`);
  const { callId } = control.addCaller({ queueId: queue.id });
  control.answerCaller(callId, { agentId: answering.id });
  return { callId, queue, answering, free };
}
