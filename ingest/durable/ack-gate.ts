import type { Writable } from 'node:stream';

/** How long to wait before trying again when the journal refused a turn's lines. */
const RETRY_MS = 1000;

export interface AckGate {
  /** Called for each incoming message: PUBACKs written from now on wait for the next release. */
  hold(): void;
  /** Makes the turn durable, then lets the held PUBACKs out (one writev); retries while it cannot. */
  release(): void;
}

/**
 * Group commit for MQTT acknowledgements. MQTT.js writes a PUBACK as soon as a message's handler
 * calls back, and reads the next packet only after that; deferring the callback would handle one
 * message per event-loop turn. Instead the connection's socket is corked on the turn's first
 * message: handlers call back at once, their PUBACKs collect in the socket's buffer, and at the end
 * of the turn (setImmediate, after the socket's data is handled; or batchMs later) the sink appends every line of
 * the turn to the journal in one write and only then is the socket uncorked. A crash before that
 * loses only unacknowledged messages, which the broker delivers again.
 *
 * While the journal refuses writes the socket stays corked: no PUBACK, no ping; the broker drops the
 * connection after its keep-alive and redelivers to the persistent session, which is what should happen.
 */
export function createAckGate(o: { stream(): Writable | undefined; beforeAck(): boolean; batchMs?: number; log(message: string): void }): AckGate {
  const corked = new Set<Writable>();
  let scheduled = false;
  let refused = false;

  function hold(): void {
    const stream = o.stream();
    if (!stream || corked.has(stream)) return;
    stream.cork();
    corked.add(stream);
    if (!scheduled) {
      scheduled = true;
      // A few ms gather the messages of several socket reads into one journal write and one writev.
      if (o.batchMs) setTimeout(release, o.batchMs);
      else setImmediate(release);
    }
  }

  function release(): void {
    if (!o.beforeAck()) {
      if (!refused) o.log(`ACK_WITHHELD: the journal refused this turn's lines; PUBACKs wait (retrying every ${RETRY_MS} ms)`);
      refused = true;
      setTimeout(release, RETRY_MS);
      return;
    }
    if (refused) o.log('journal accepts lines again; PUBACKs released');
    refused = false;
    scheduled = false;
    for (const stream of corked) stream.uncork();
    corked.clear();
  }

  return { hold, release };
}
