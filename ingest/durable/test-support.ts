import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseInfluxConfig } from '../../src/lib/core/influx-config';
import { openDurableLog } from './index';

/** A scripted answer of the stand-in /write: a status, and a body (InfluxDB's error JSON) if not the default. */
export type WriteAnswer = number | { status: number; body?: string };
export interface WriteRequest {
  url: string;
  lines: string[];
  status: number;
}

/** A stand-in for InfluxDB's /write on loopback: the scripted answers in turn, then 204; every request recorded. */
export async function startWriteServer(answers: readonly WriteAnswer[]): Promise<{ url: string; requests: WriteRequest[]; server: Server }> {
  const requests: WriteRequest[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const scripted = answers[requests.length] ?? 204;
      const answer = typeof scripted === 'number' ? { status: scripted } : scripted;
      requests.push({ url: req.url ?? '', lines: body.split('\n').filter(Boolean), status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body ?? (answer.status === 204 ? '' : '{"error":"scripted"}'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

/**
 * A real durable log (journal in a temporary dir, small batches) shipping to a loopback /write that
 * answers 204: for tests of what reaches the store. Closed and removed by the `cleanups` given.
 */
export async function loopbackDurableLog(cleanups: (() => unknown)[]) {
  const influx = await startWriteServer([]);
  const dir = mkdtempSync(path.join(tmpdir(), 'pantau-loopback-'));
  const { log: sink } = openDurableLog({
    journal: { dir, segmentMaxBytes: 1 << 20, fsync: false },
    influx: parseInfluxConfig({ INFLUX_URL: influx.url, INFLUX_DB: 'test' }),
    batchSize: 100,
    flushIntervalMs: 10,
    maxJournalBytes: 1 << 20,
    retryMaxMs: 50,
    districtOf: () => 'Samarinda Ulu'
  });
  cleanups.push(() => new Promise((r) => influx.server.close(r)), () => rmSync(dir, { recursive: true, force: true }), () => sink.close(1000));
  return { sink, influx };
}
