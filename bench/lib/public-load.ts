/**
 * Child process for bench:public: GET `path` on `url` at `rate` requests/s for `seconds`, open loop
 * (requests start on schedule whether or not earlier ones answered, so a slow server shows as
 * latency, not as a politely lower rate), over keep-alive connections. Each request names one of
 * `addresses` residents in X-Real-IP (the server trusts it via ADDRESS_HEADER), so the per-address
 * limit works as it would for a crowd. Prints one JSON line of results.
 *
 *   node --import tsx bench/lib/public-load.ts <url> <path> <rate> <seconds> <addresses>
 */
import http from 'node:http';

const [url, pathArg, rateArg, secondsArg, addressesArg] = process.argv.slice(2);
const rate = Number(rateArg);
const seconds = Number(secondsArg);
const addresses = Number(addressesArg);
const { hostname, port } = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
/** Requests of one timer tick: timers fire every few ms, not every 1/rate s. */
const TICK_MS = 5;

const latencies: number[] = [];
const statuses: Record<string, number> = {};
let bytes = 0;
let inFlight = 0;
let sent = 0;

function one(i: number): void {
  const t0 = performance.now();
  inFlight++;
  const req = http.get({ hostname, port, path: pathArg, agent, headers: { 'x-real-ip': `10.${(i % addresses) >> 8 & 255}.${i % addresses & 255}.7` } }, (res) => {
    res.on('data', (chunk: Buffer) => (bytes += chunk.length));
    res.on('end', () => {
      inFlight--;
      latencies.push(performance.now() - t0);
      statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
    });
  });
  req.on('error', () => {
    inFlight--;
    statuses.error = (statuses.error ?? 0) + 1;
  });
}

async function main(): Promise<void> {
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (sent < due) one(sent++);
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  const elapsed = (performance.now() - start) / 1000;
  // Answers still on their way are waited for (at most 10 s): they count with their real latency.
  const deadline = performance.now() + 10_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  latencies.sort((a, b) => a - b);
  const pick = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN);
  const answered = latencies.length;
  console.log(JSON.stringify({ sent, answered, elapsed, perS: answered / elapsed, statuses, bytes, p50: pick(50), p90: pick(90), p99: pick(99), max: latencies.at(-1) ?? NaN, unanswered: inFlight }));
  agent.destroy();
}

main().catch((err) => {
  console.error(`public-load: ${(err as Error).message}`);
  process.exit(1);
});
