import { PantauError } from '../../core/errors';
import { createKeyedBuckets, type KeyedBuckets } from '../rate-budget';
import { addressKey } from '../auth/rate-limit';
import { getServerContext } from '../context';
import { loadWebConfig } from '../config';
import { queryParts } from '../query-parts';
import type { PlainResponse } from '../public/cache';
import { buildOpenQueries, OPEN_MAX_ROWS, parseOpenRequest } from './request';
import { formatOpenCsv, formatOpenJson, licenceHeaders, toOpenRows } from './format';

/**
 * GET /api/open/readings, free of SvelteKit. Each answer is an InfluxDB query, so it is bounded three
 * ways: range and rows per request (request.ts), requests per address per minute, and queries at once
 * in all (a crowd of addresses still cannot queue work on the database behind the command center).
 */
let limiter: KeyedBuckets | undefined;
let running = 0;

function json(status: number, body: unknown, extra: Record<string, string> = {}): PlainResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...licenceHeaders(), ...extra }, body: JSON.stringify(body) };
}

export async function answerOpenReadings(params: URLSearchParams, address: string, nowMs: number): Promise<PlainResponse> {
  const config = loadWebConfig().publicData;
  limiter ??= createKeyedBuckets(config.openBurst, config.openPerMin / 60);
  // Keyed by addressKey: one IPv6 host rotating through its /64 has one budget, not 2^64.
  if (!limiter.take(addressKey(address), nowMs)) {
    return json(429, { error: `at most ${config.openPerMin} requests a minute per address`, code: 'RATE_LIMITED' }, { 'retry-after': '10' });
  }
  const { influx, sensors } = getServerContext();
  const parsed = parseOpenRequest(params, sensors, nowMs);
  if (!parsed.ok) return json(parsed.status, { error: parsed.error, code: parsed.code });
  if (running >= config.openConcurrent) return json(503, { error: 'busy, try again shortly', code: 'BUSY' }, { 'retry-after': '2' });
  running++;
  try {
    const req = parsed.request;
    const series = await queryParts(influx, buildOpenQueries(req, nowMs, influx.retention));
    const data = toOpenRows(req, series, OPEN_MAX_ROWS);
    const csv = req.format === 'csv';
    const name = `${req.sensor.id}_${req.resolution}_${new Date(req.fromMs).toISOString().slice(0, 13)}.${req.format}`;
    return {
      status: 200,
      headers: {
        'content-type': csv ? 'text/csv; charset=utf-8; header=present' : 'application/json; charset=utf-8',
        ...(csv ? { 'content-disposition': `attachment; filename="${name.replace(/[^A-Za-z0-9_.-]/g, '_')}"` } : {}),
        // A past range does not change; one reaching now does within a minute.
        'cache-control': req.toMs < nowMs - 3_600_000 ? 'public, max-age=3600' : 'public, max-age=60',
        ...licenceHeaders()
      },
      body: csv ? formatOpenCsv(req, data) : formatOpenJson(req, data)
    };
  } catch (err) {
    if (err instanceof PantauError && err.code.startsWith('INFLUX_')) return json(503, { error: 'the reading store is not available', code: err.code }, { 'retry-after': '10' });
    throw err;
  } finally {
    running--;
  }
}
