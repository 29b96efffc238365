/**
 * Child process for bench:live: `count` Socket.IO clients against `url`. The first `measure` are real
 * socket.io-client clients that parse every `readings` batch and record now − reading.ts; the others
 * speak Engine.IO v4 over a raw WebSocket (answer pings, count bytes, parse nothing), so 200 connected
 * clients cost the server what they cost it while this machine's cores stay for the server.
 * SIGUSR1: start recording; SIGUSR2: print one JSON line of results and exit.
 *
 *   node --import tsx bench/lib/live-clients.ts <url> <count> <measure>
 */
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
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

function connectRaw(): Promise<void> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  return new Promise((resolve, reject) => {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const text = isBinary ? '' : data.toString('utf8', 0, Math.min(data.length, 2));
      if (text === '2') return ws.send('3'); // Engine.IO ping → pong
      if (text[0] === '0') return ws.send('40'); // open → connect to namespace "/"
      if (text === '40') return resolve();
      if (text === '44') return reject(new Error(data.toString()));
      if (recording) {
        rawBytes += data.length;
        rawMessages++;
      }
    });
    ws.once('error', reject);
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
