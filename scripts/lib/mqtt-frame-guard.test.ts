import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/lib/core/random';
import { createFrameGuard, FrameRefusedError, PacketTooLargeError } from './mqtt-frame-guard';

/**
 * A packet as on the wire: type byte, remaining length (base-128, low group first), then `remaining` bytes of
 * `fill` (0xff by default, so that a guard misreading where a header starts meets continuation bytes and refuses).
 */
function packet(type: number, remaining: number, fill = 0xff): Buffer {
  const length: number[] = [];
  let n = remaining;
  do {
    length.push((n % 128) | (n >= 128 ? 0x80 : 0));
    n = Math.floor(n / 128);
  } while (n > 0);
  return Buffer.concat([Buffer.from([type, ...length]), Buffer.alloc(remaining, fill)]);
}
/** A QoS 0 PUBLISH of `payloadBytes` (its 3 bytes of topic `t` counted in the body as 1s too: the guard reads no body). */
const publish = (payloadBytes: number) => packet(0x30, payloadBytes + 3, 1);
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

/**
 * The guard sits on every byte the embedded broker reads, and TCP cuts those bytes anywhere: a header split
 * over reads, several packets in one read, a 4-byte remaining length. Seeded random cuts of a stream of
 * valid packets must come out byte for byte; a refused header must stop the stream however it is cut.
 */

/** Remaining lengths at each edge of the 1-, 2-, 3- and 4-byte encodings, and 0 (PINGREQ, DISCONNECT). */
const EDGES = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152];

function validStream(random: () => number): Buffer {
  const parts: Buffer[] = EDGES.map((r, i) => packet(0x30 | (i & 0x0f), r));
  for (let i = 0; i < 40; i++) parts.push(packet(0x30, Math.floor(random() * 300)), Buffer.from([0xc0, 0x00]));
  // Shuffled, so the big packets meet the small ones at varied offsets.
  for (let i = parts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [parts[i], parts[j]] = [parts[j], parts[i]];
  }
  return Buffer.concat(parts);
}

/** Cuts at random points: mostly a few bytes (headers split), sometimes large reads. */
function cut(stream: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < stream.length; ) {
    const size = random() < 0.7 ? 1 + Math.floor(random() * 6) : 1 + Math.floor(random() * 300_000);
    chunks.push(stream.subarray(i, i + size));
    i += size;
  }
  return chunks;
}

describe('createFrameGuard under random chunking (seeded)', () => {
  it('passes a stream of valid packets unchanged and in order, however it is cut', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = createRandom(seed);
      const stream = validStream(random);
      // The largest packet exactly: 1 type byte, 4 length bytes, 2_097_152 body bytes.
      const { out, error } = await run(2_097_152 + 5, cut(stream, random));
      expect(error, `seed ${seed}`).toBeUndefined();
      expect(out.equals(stream), `seed ${seed}`).toBe(true);
    }
  });

  it('stops at an oversize header or a fifth length byte wherever the cut falls, passing only bytes before it', async () => {
    const refusals = [
      { tail: packet(0x30, 2_097_152).subarray(0, 5), message: /^MQTT packet of 2097157 bytes announced/ },
      { tail: Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x01]), message: /^malformed MQTT remaining length$/ }
    ];
    for (let seed = 1; seed <= 12; seed++) {
      const random = createRandom(seed);
      const prefix = Buffer.concat(Array.from({ length: 20 }, () => packet(0x30, Math.floor(random() * 200))));
      for (const { tail, message } of refusals) {
        const { out, error } = await run(2_097_152, cut(Buffer.concat([prefix, tail]), random));
        expect(error, `seed ${seed}`).toBeInstanceOf(FrameRefusedError);
        expect(error?.message, `seed ${seed}`).toMatch(message);
        // Never a byte of the refused packet; what passed is a prefix of the packets before it.
        expect(out.length, `seed ${seed}`).toBeLessThanOrEqual(prefix.length);
        expect(out.equals(prefix.subarray(0, out.length)), `seed ${seed}`).toBe(true);
      }
    }
  });
});
