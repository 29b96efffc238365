import { describe, expect, it } from 'vitest';
import { createFrameGuard, PacketTooLargeError } from './mqtt-frame-guard';

/** A QoS 0 PUBLISH to topic `t` as on the wire: type byte, remaining length (MQTT's base-128 varint), topic, payload. */
function publish(payloadBytes: number): Buffer {
  const body = Buffer.concat([Buffer.from([0x00, 0x01, 0x74]), Buffer.alloc(payloadBytes, 1)]);
  const length: number[] = [];
  let n = body.length;
  do {
    length.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.concat([Buffer.from([0x30, ...length]), body]);
}
const PINGREQ = Buffer.from([0xc0, 0x00]);

/** Feeds the chunks through a guard: what came out, and the error it stopped with. */
async function run(limit: number, chunks: Buffer[]): Promise<{ out: Buffer; error?: Error }> {
  const guard = createFrameGuard(limit);
  const out: Buffer[] = [];
  guard.on('data', (c: Buffer) => out.push(c));
  const error = await new Promise<Error | undefined>((resolve) => {
    guard.once('error', resolve);
    guard.once('end', () => resolve(undefined));
    for (const c of chunks) guard.write(c);
    guard.end();
  });
  return { out: Buffer.concat(out), error };
}

describe('createFrameGuard', () => {
  it('passes packets up to the limit unchanged, however the bytes are cut into chunks', async () => {
    const stream = Buffer.concat([publish(10), publish(200), publish(20_000), PINGREQ]);
    const limit = publish(20_000).length;
    for (const size of [1, 2, 3, 7, 1000, stream.length]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
      const { out, error } = await run(limit, chunks);
      expect(error).toBeUndefined();
      expect(out.equals(stream)).toBe(true);
    }
  });

  it('stops at the header of a packet one byte over, before its body', async () => {
    const ok = publish(100);
    const big = publish(20_000);
    // Only the big packet's header is sent: the guard must not wait for its body.
    const { out, error } = await run(big.length - 1, [ok, big.subarray(0, 4)]);
    expect(error).toBeInstanceOf(PacketTooLargeError);
    expect((error as PacketTooLargeError).announced).toBe(big.length);
    expect(out.equals(ok)).toBe(true);
  });

  it('refuses a remaining length of more than four bytes', async () => {
    const { error } = await run(1 << 30, [Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01])]);
    expect(error?.message).toBe('malformed MQTT remaining length');
  });
});
