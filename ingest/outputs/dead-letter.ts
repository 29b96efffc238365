import type { RejectCode } from '../../src/lib/core/errors';

/** What goes to the dead-letter topic: the reason and enough of the payload to diagnose it, never all of it. */
export interface DeadLetter {
  code: RejectCode;
  detail: string;
  topic: string;
  sensorId?: string;
  receivedAt: number;
  bytes: number;
  /** First bytes of the payload, base64: bounded, and safe whatever the payload contained. */
  payloadHead: string;
}

const HEAD_BYTES = 256;

export function makeDeadLetter(code: RejectCode, detail: string, topic: string, payload: Uint8Array, receivedAt: number, sensorId?: string): DeadLetter {
  return {
    code,
    detail,
    topic: topic.slice(0, 256),
    sensorId,
    receivedAt,
    bytes: payload.byteLength,
    payloadHead: Buffer.from(payload.subarray(0, HEAD_BYTES)).toString('base64')
  };
}

/** Counts of refused messages by reason. */
export function createRejectCounter() {
  const counts = new Map<RejectCode, number>();
  return {
    add(code: RejectCode) {
      counts.set(code, (counts.get(code) ?? 0) + 1);
    },
    total(): number {
      let n = 0;
      for (const v of counts.values()) n += v;
      return n;
    },
    byCode(): Record<string, number> {
      return Object.fromEntries(counts);
    }
  };
}
