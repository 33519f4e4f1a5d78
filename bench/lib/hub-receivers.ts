// The hub bench's other consoles (bench/hub.ts), in a process of their own: each a NATS connection as sup-a
// with a consumer of the floor's change sets, timing tick -> received as a console's process would. Apart
// from the measuring process (one console's whole reader) so that process is not the one swamped by fifty
// consoles' bytes (27 MB/s at 10,000 agents): in a real floor every console is its own process.
//   node --import tsx bench/lib/hub-receivers.ts NATS_URL FLOOR    (spawned with an IPC channel)
//   IPC in: { add: n } -> { receivers: total }; { clear: true }; { take: true } -> { delivery: ms[] }
import { DeliverPolicy, jetstream, type ConsumerMessages } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { USERS } from '../../test/hub/nats-server';

const [url, floor] = process.argv.slice(2) as [string, string];
const connections: NatsConnection[] = [];
const receivers: ConsumerMessages[] = [];
let delivery: number[] = [];
const decoder = new TextDecoder();

async function add(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const nc = await connect({ servers: url, ...USERS['sup-a'], timeout: 30_000 });
    connections.push(nc);
    const consumer = await jetstream(nc).consumers.get(`FLOOR_${floor}`, { filter_subjects: `floor.${floor}.changes`, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    receivers.push(messages);
    void (async () => {
      for await (const m of messages) {
        if (m.headers?.get('Floorwatch-Kind') !== 'changes') continue;
        // The tick's time is the body's third field: read from its head, not the whole change set parsed.
        const head = /^\{"seq":\d+,"baseSeq":\d+,"at":(\d+)/.exec(decoder.decode(m.data.subarray(0, 80)));
        const at = head ? Number(head[1]) : (JSON.parse(decoder.decode(m.data)) as { at: number }).at;
        delivery.push(Date.now() - at);
      }
    })();
  }
}

process.on('message', (message: { add?: number; clear?: boolean; take?: boolean }) => {
  if (message.add !== undefined) {
    void add(message.add).then(() => process.send?.({ receivers: receivers.length }), (error: unknown) => {
      console.error(`hub-receivers: ${String(error)}`);
      process.exit(1);
    });
  } else if (message.clear) delivery = [];
  else if (message.take) process.send?.({ delivery });
});
process.on('SIGTERM', () => {
  for (const m of receivers) m.stop();
  void Promise.allSettled(connections.map((nc) => nc.close())).then(() => process.exit(0));
});
console.log('hub-receivers ready');
