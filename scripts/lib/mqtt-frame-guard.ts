import { Duplex, Transform } from 'node:stream';
import type { Socket } from 'node:net';

/**
 * aedes 1.2 parses with mqtt-packet, which buffers a packet whole (up to the 256 MB its length field allows),
 * before anything can judge it, and neither takes a size limit (aedes issue #831; the maximumPacketSize of
 * aedes' MQTT 5 work is only in a 2.0 beta). This reads just the fixed header of each packet as the bytes
 * pass (one type byte, one to four bytes of remaining length), and ends the connection as soon as a header
 * announces a packet larger than the limit, before its body is sent: as Mosquitto's max_packet_size (whole
 * packet, fixed header included). The bytes reach aedes unchanged; bodies are skipped by count, not scanned.
 */
/** Why the guard ended a connection (anything else it meets is the connection being torn down anyway). */
export class FrameRefusedError extends Error {}

export class PacketTooLargeError extends FrameRefusedError {
  constructor(readonly announced: number, readonly limit: number) {
    super(`MQTT packet of ${announced} bytes announced, more than ${limit}`);
  }
}

/** A pass-through that errors with PacketTooLargeError (or on a malformed length) instead of passing such a packet on. */
export function createFrameGuard(maxPacketBytes: number): Transform {
  let bodyLeft = 0;
  let headerBytes = 0;
  let remaining = 0;
  let multiplier = 1;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let i = 0;
      while (i < chunk.length) {
        if (bodyLeft > 0) {
          const n = Math.min(bodyLeft, chunk.length - i);
          bodyLeft -= n;
          i += n;
          continue;
        }
        const byte = chunk[i++];
        headerBytes++;
        if (headerBytes === 1) continue; // the packet type and flags: aedes judges those
        remaining += (byte & 0x7f) * multiplier;
        multiplier *= 128;
        if (byte & 0x80) {
          if (headerBytes === 5) return done(new FrameRefusedError('malformed MQTT remaining length'));
          continue;
        }
        const total = headerBytes + remaining;
        if (total > maxPacketBytes) return done(new PacketTooLargeError(total, maxPacketBytes));
        bodyLeft = remaining;
        headerBytes = 0;
        remaining = 0;
        multiplier = 1;
      }
      done(null, chunk);
    }
  });
}

/**
 * The socket as aedes should see it: reads through the guard, writes straight to the socket. A refused packet
 * ends the connection at once (the socket is destroyed; aedes sees the error and forgets the client).
 */
export function guardSocket(socket: Socket, maxPacketBytes: number, onRefused: (err: Error) => void): Duplex {
  const guard = createFrameGuard(maxPacketBytes);
  guard.once('error', (err) => {
    if (err instanceof FrameRefusedError) onRefused(err);
    socket.destroy();
  });
  socket.pipe(guard);
  return Duplex.from({ readable: guard, writable: socket });
}
