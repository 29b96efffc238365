/**
 * aedes's in-memory persistence with a bound on each client's message queue. Stock, it queues every
 * QoS 1 message for a persistent session that is away, without limit: an ingest down for hours grows
 * the start process by ~15 MB an hour at the demo's rate, until it runs out of memory. Mosquitto has
 * max_queued_messages for this; here the oldest queued message goes when a client's queue is full
 * (the newest readings matter most to a command center), and the drops are counted for the log.
 *
 * Everything but the outgoing queue (subscriptions, retained, wills, QoS 2 incoming) stays aedes's own
 * (aedes-persistence: the package aedes itself uses when given none, installed with it).
 */
import { Readable } from 'node:stream';
import memory from 'aedes-persistence';

/** What aedes keeps per queued message (aedes-packet), as far as the queue needs it. */
interface QueuedPacket {
  brokerId?: string;
  brokerCounter?: number;
  messageId?: number;
}

export interface QueueDrop {
  clientId: string;
  /** Messages dropped from this client's queue so far. */
  dropped: number;
}

type Callback = (err: Error | null, value?: unknown) => void;

/** aedes-packet's constructor, as aedes-persistence exports it (missing from its types). */
const Packet = (memory as unknown as { Packet: new (p: QueuedPacket) => QueuedPacket }).Packet;

/** Promise form for aedes; the callback form too, as aedes-persistence offers both. */
function settle<T>(work: () => T, cb?: Callback): Promise<T> | void {
  if (!cb) return Promise.resolve().then(work);
  try {
    const value = work();
    process.nextTick(cb, null, value);
  } catch (err) {
    process.nextTick(cb, err as Error);
  }
}

export function boundedMemoryPersistence(maxQueuedPerClient: number, onDrop: (drop: QueueDrop) => void = () => undefined) {
  if (!Number.isInteger(maxQueuedPerClient) || maxQueuedPerClient < 1) throw new RangeError(`maxQueuedPerClient must be a positive integer, not ${maxQueuedPerClient}`);
  const persistence = memory();
  const queues = new Map<string, QueuedPacket[]>();
  const dropped = new Map<string, number>();
  const queueOf = (clientId: string) => {
    let q = queues.get(clientId);
    if (!q) queues.set(clientId, (q = []));
    return q;
  };
  const enqueue = (clientId: string, packet: QueuedPacket) => {
    const q = queueOf(clientId);
    // A copy, as aedes's own persistence keeps: the sender's packet object is not the queued one.
    q.push(new Packet(packet));
    if (q.length <= maxQueuedPerClient) return;
    const excess = q.length - maxQueuedPerClient;
    q.splice(0, excess);
    const count = (dropped.get(clientId) ?? 0) + excess;
    dropped.set(clientId, count);
    onDrop({ clientId, dropped: count });
  };

  return Object.assign(persistence, {
    outgoingEnqueue: (sub: { clientId: string }, packet: QueuedPacket, cb?: Callback) => settle(() => void enqueue(sub.clientId, packet), cb),
    outgoingEnqueueCombi: (subs: { clientId: string }[], packet: QueuedPacket, cb?: Callback) => settle(() => subs.forEach((s) => enqueue(s.clientId, packet)), cb),
    outgoingUpdate: (client: { id: string }, packet: QueuedPacket, cb?: Callback) => settle(() => update(queueOf(client.id), packet), cb),
    outgoingClearMessageId: (client: { id: string }, packet: QueuedPacket, cb?: Callback) =>
      settle(() => {
        const q = queueOf(client.id);
        const i = q.findIndex((p) => p.messageId === packet.messageId);
        return i < 0 ? undefined : q.splice(i, 1)[0];
      }, cb),
    outgoingStream: (client: { id: string }) => Readable.from([...(queues.get(client.id) ?? [])])
  });
}

/**
 * Gives a queued message its packet id as it is sent (aedes's own rule). A message dropped since the
 * client's backlog was read is sent without being tracked, rather than failing (aedes would end the
 * client's connection over the error).
 */
function update(queue: QueuedPacket[], packet: QueuedPacket): void {
  for (let i = 0; i < queue.length; i++) {
    const queued = queue[i];
    if (queued.brokerId === packet.brokerId) {
      if (queued.brokerCounter === packet.brokerCounter) {
        queued.messageId = packet.messageId;
        return;
      }
    } else if (queued.messageId === packet.messageId) {
      queue[i] = packet;
      return;
    }
  }
}
