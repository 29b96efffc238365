/**
 * Child process for bench:live: `count` Socket.IO clients against `url`. The first `measure` are real
 * socket.io-client clients that parse every `readings` batch and record now − reading.ts; the others
 * speak Engine.IO v4 over a raw WebSocket on a plain TCP socket (answer pings, count bytes, parse nothing), so 200 connected
 * clients cost the server what they cost it while this machine's cores stay for the server.
 * SIGUSR1: start recording; SIGUSR2: print one JSON line of results and exit.
 *
 *   node --import tsx bench/lib/live-clients.ts <url> <count> <measure>
 */
import { io, type Socket } from 'socket.io-client';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { ServerToClientEvents } from '../../src/lib/core/events';

const [url, countArg, measureArg] = process.argv.slice(2);
const count = Number(countArg);
const measure = Number(measureArg);
const MAX_SAMPLES = 4_000_000;
const latencies = new Float64Array(MAX_SAMPLES);
let samples = 0;
let recording = false;
let batches = 0;
let rawBytes = 0;
let rawMessages = 0;
let connected = 0;

function connectMeasured(): Promise<void> {
  const socket: Socket<ServerToClientEvents> = io(url, { transports: ['websocket'], reconnection: false });
  socket.on('readings', (batch) => {
    if (!recording) return;
    batches++;
    const now = Date.now();
    for (const r of batch) if (samples < MAX_SAMPLES) latencies[samples++] = now - r.ts;
  });
  return new Promise((resolve, reject) => {
    socket.once('snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
}

/** A client-to-server WebSocket text frame (clients must mask; payloads here are a few bytes). */
function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x81;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i] ^ mask[i % 4];
  return frame;
}

/**
 * A raw client over a plain TCP socket: WebSocket handshake by hand, then only frame headers are read
 * and payloads skipped without being copied, except the first two bytes (enough to tell an Engine.IO
 * open, ping or Socket.IO connect). The `ws` library assembled and copied every 100 KB message, which
 * cost the bench's own processes about a core at 10k readings/s to 200 clients: cores the server lost.
 */
function connectRaw(): Promise<void> {
  const { hostname, port } = new URL(url);
  const sock = net.connect(Number(port), hostname);
  let response = ''; // the HTTP upgrade response, until its blank line
  let upgraded = false;
  let header: number[] = [];
  let left = 0; // payload bytes of the current frame still to skip
  let head = ''; // its first two bytes
  let dispatched = true;
  return new Promise((resolve, reject) => {
    const dispatch = (length: number) => {
      if (length === 1 && head === '2') sock.write(maskedText('3')); // Engine.IO ping → pong
      else if (head[0] === '0') sock.write(maskedText('40')); // open → connect to namespace "/"
      else if (head === '40') resolve();
      else if (head === '44') reject(new Error('connect refused'));
      else if (recording) rawMessages++;
    };
    let length = 0;
    const onFrames = (chunk: Buffer) => {
      if (recording) rawBytes += chunk.length;
      for (let i = 0; i < chunk.length; ) {
        if (left === 0) {
          header.push(chunk[i++]);
          const len7 = header.length >= 2 ? header[1] & 0x7f : -1;
          if (header.length < (len7 === 126 ? 4 : len7 === 127 ? 10 : 2)) continue;
          length = len7 === 126 ? header[2] * 256 + header[3] : len7 === 127 ? Number(Buffer.from(header.slice(2)).readBigUInt64BE()) : len7;
          left = length;
          header = [];
          head = '';
          dispatched = length === 0;
          continue;
        }
        const n = Math.min(left, chunk.length - i);
        if (head.length < 2) head += chunk.toString('latin1', i, i + Math.min(n, 2 - head.length));
        left -= n;
        i += n;
        if (!dispatched && (head.length === 2 || left === 0)) {
          dispatched = true;
          dispatch(length);
        }
      }
    };
    sock.on('data', (chunk: Buffer) => {
      if (!upgraded) {
        response += chunk.toString('latin1');
        const end = response.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (!response.startsWith('HTTP/1.1 101')) return reject(new Error(response.split('\r\n')[0]));
        upgraded = true;
        chunk = Buffer.from(response.slice(end + 4), 'latin1');
      }
      onFrames(chunk);
    });
    sock.once('error', reject);
    sock.write(
      `GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
    );
  });
}

async function main(): Promise<void> {
  const all: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    all.push((i < measure ? connectMeasured() : connectRaw()).then(() => void connected++));
    if (i % 20 === 19) await new Promise((r) => setTimeout(r, 50));
  }
  await Promise.all(all);
  console.log(`ready ${connected}`);
}

process.on('SIGUSR1', () => (recording = true));
process.on('SIGUSR2', () => {
  const sorted = Array.from(latencies.subarray(0, samples)).sort((a, b) => a - b);
  const pick = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
  console.log(JSON.stringify({ connected, samples, batches, rawBytes, rawMessages, p50: pick(50), p90: pick(90), p99: pick(99), max: sorted.at(-1) ?? NaN }));
  process.exit(0);
});
main().catch((err) => {
  console.error(`live-clients: ${(err as Error).message}`);
  process.exit(1);
});
