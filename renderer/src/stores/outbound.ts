// The outbound queues main keeps (issue 19), as it sends them whole on 'outbound:changed', and the actions on
// them. Loads, their progress and the counts live in main; this store only shows and asks.
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import type { BridgeResult, RequestOf } from '../../../common/contract';
import type { AppError } from '../../../common/domain';
import type { OutboundFamily, OutboundQueueAction, OutboundQueueInfo } from '../../../common/outbound';
import { getBridge } from '../bridge';

export const useOutboundStore = defineStore('outbound', () => {
  const bridge = getBridge();
  const queues = shallowRef<OutboundQueueInfo[]>([]);
  const error = shallowRef<AppError | null>(null);

  const off = bridge.onOutbound((state) => {
    queues.value = state.queues;
  });
  onScopeDispose(off);

  async function load(): Promise<void> {
    const r = await bridge.getOutbound();
    if (r.ok) {
      queues.value = r.data.queues;
      error.value = null;
    } else error.value = r.error;
  }

  const ref = (q: { family: OutboundFamily; queueCode: string }) => ({ family: q.family, queueCode: q.queueCode });
  return {
    queues,
    error,
    load,
    preview: (request: RequestOf<'outbound:preview'>) => bridge.previewOutboundList(request),
    send: (request: RequestOf<'outbound:load'>) => bridge.loadOutboundList(request),
    cancel: (q: OutboundQueueInfo) => bridge.cancelOutboundLoad(ref(q)),
    resume: (q: OutboundQueueInfo) => bridge.resumeOutboundLoad(ref(q)),
    act: (q: OutboundQueueInfo, action: OutboundQueueAction): Promise<BridgeResult<unknown>> => bridge.actOnOutboundQueue({ ...ref(q), action }),
    importDnc: (q: { family: OutboundFamily; queueCode: string }, text: string) => bridge.importDoNotCall({ ...ref(q), text }),
    clearDnc: (q: { family: OutboundFamily; queueCode: string }) => bridge.clearDoNotCall(ref(q)),
    forget: (q: OutboundQueueInfo) => bridge.forgetOutboundQueue(ref(q)),
  };
});
