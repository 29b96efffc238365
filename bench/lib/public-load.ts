/**
 * Child process for bench:public: GET `path` on `url` at `rate` requests/s for `seconds`, open loop
 * (requests start on schedule whether or not earlier ones answered, so a slow server shows as
 * latency, not as a politely lower rate), over keep-alive connections. Each request names one of
 * `addresses` residents in X-Real-IP (the server trusts it via ADDRESS_HEADER), so the per-address
 * limit works as it would for a crowd. The first `warmup` seconds run at the rate but are not
 * recorded (connections opening, the server's JIT). Prints one JSON line of results, with this
 * process's own CPU: it shares the machine with the server it measures.
 *
 *   node --import tsx bench/lib/public-load.ts <url> <path> <rate> <seconds> <addresses> [warmup] [gzip]
 *
 * `gzip`: ask for gzip as browsers do (bytes are counted compressed; nothing is unpacked here).
 */
import http from 'node:http';

const [url, pathArg, rateArg, secondsArg, addressesArg, warmupArg = '2', gzipArg = ''] = process.argv.slice(2);
const encoding: Record<string, string> = gzipArg === 'gzip' ? { 'accept-encoding': 'gzip' } : {};
const warmupMs = Number(warmupArg) * 1000;
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

let recordFrom = Infinity;

function one(i: number): void {
  const t0 = performance.now();
  const record = t0 >= recordFrom;
  if (record) sent++;
  inFlight++;
  const req = http.get({ hostname, port, path: pathArg, agent, headers: { ...encoding, 'x-real-ip': `10.${(i % addresses) >> 8 & 255}.${i % addresses & 255}.7` } }, (res) => {
    res.on('data', (chunk: Buffer) => {
      if (record) bytes += chunk.length;
    });
    res.on('end', () => {
      inFlight--;
      if (!record) return;
      latencies.push(performance.now() - t0);
      statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
    });
  });
  req.on('error', () => {
    inFlight--;
    if (record) statuses.error = (statuses.error ?? 0) + 1;
  });
}

async function main(): Promise<void> {
  const start = performance.now();
  recordFrom = start + warmupMs;
  const end = start + warmupMs + seconds * 1000;
  let issued = 0;
  let cpu0 = process.cpuUsage();
  while (performance.now() < end) {
    if (performance.now() >= recordFrom && sent === 0) {
      cpu0 = process.cpuUsage();
      console.log('ready'); // the bench starts measuring the wall now
    }
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    while (issued < due) one(issued++);
    await new Promise((r) => setTimeout(r, TICK_MS));
  }
  const elapsed = (performance.now() - recordFrom) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cores = (cpu.user + cpu.system) / 1e6 / elapsed;
  // Answers still on their way are waited for (at most 10 s): they count with their real latency.
  const deadline = performance.now() + 10_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  latencies.sort((a, b) => a - b);
  const pick = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] : NaN);
  const answered = latencies.length;
  console.log(JSON.stringify({ sent, answered, elapsed, perS: answered / elapsed, statuses, bytes, p50: pick(50), p90: pick(90), p99: pick(99), max: latencies.at(-1) ?? NaN, unanswered: inFlight, cores }));
  agent.destroy();
}

main().catch((err) => {
  console.error(`public-load: ${(err as Error).message}`);
  process.exit(1);
});
