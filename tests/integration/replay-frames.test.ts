import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { parseInfluxConfig, type InfluxConfig } from '../../src/lib/core/influx-config';
import type { ReplayPoint } from '../../src/lib/core/history';
import { indexSensors, type Sensor } from '../../src/lib/core/sensor';
import { setupInflux } from '../../src/lib/influx/setup';
import { rebuildRollups } from '../../src/lib/influx/rollups';
import { createInfluxClient, type InfluxClient } from '../../src/lib/server/influx';
import { readReplay } from '../../src/lib/server/replay';
import { writeReplayFrames } from '../../src/lib/server/replay-frames-job';
import { readTestServices, uniqueDb } from '../helpers/env';
import { dropDatabase, influxQuery, influxWrite } from '../helpers/influx';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const flood = (id: string): Sensor => ({ id, kind: 'flood', name: id, district: 'Sungai Kunjang', lat: -0.5, lon: 117.1, intervalS: 600, flood: { siaga3: 150, siaga2: 200, siaga1: 250 } });
const traffic = (id: string): Sensor => ({ id, kind: 'traffic', name: id, district: 'Samarinda Kota', lat: -0.5, lon: 117.1, intervalS: 600, traffic: { freeFlowKmh: 60, capacityVehH: 1800 } });
const air = (id: string): Sensor => ({ id, kind: 'air', name: id, district: 'Samarinda Ulu', lat: -0.5, lon: 117.1, intervalS: 600 });
const reporting = [flood('fl-a'), flood('fl-b'), flood('fl-c'), traffic('tr-a'), traffic('tr-b'), traffic('tr-c'), air('aq-a'), air('aq-b')];

/** The reporting sensors in a catalog of `size` (the rest never reported): the size is what makes a replay plan hourly or wider. */
function city(size: number): ReadonlyMap<string, Sensor> {
  const silent = Array.from({ length: size - reporting.length }, (_, i) => traffic(`tr-silent-${i}`));
  return indexSensors({ city: 'Test', districts: [], sensors: [...reporting, ...silent] });
}

/** Two days of readings every 10 minutes, crossing the Siaga levels and congestion, with gaps and fields left out. */
function readings(t0: number): string[] {
  const lines: string[] = [];
  for (let m = 0; m < 2 * 24 * 60; m += 10) {
    const t = t0 + m * 60_000;
    const wave = Math.sin(m / 190);
    reporting.forEach((s, i) => {
      if (s.id === 'fl-c' && m >= 300 && m < 900) return; // silent for 10 hours
      const tags = `${s.kind},district=${s.district.replace(/ /g, '\\ ')},sensor=${s.id}`;
      if (s.kind === 'flood') {
        const rain = m % 120 === 0 ? '' : `,rainfall=${(Math.abs(wave) * 20 + i).toFixed(1)}`;
        lines.push(`${tags} water_level=${(190 + 80 * wave + 7 * i + ((m * 13) % 17)).toFixed(1)}${rain} ${t}`);
      } else if (s.kind === 'traffic') {
        lines.push(`${tags} flow=${1200 + ((m * 7 + i * 31) % 500)},speed=${(35 + 30 * wave - i + ((m * 3) % 11)).toFixed(1)},occupancy=${20 + ((m + i) % 50)} ${t}`);
      } else {
        lines.push(`${tags} pm25=${(40 + 60 * Math.abs(wave) + i).toFixed(1)},pm10=${(80 + ((m * 5) % 40)).toFixed(1)},co=${500 + i},no2=${30 + (m % 20)},o3=${60 + (m % 30)},so2=${10 + (m % 7)} ${t}`);
      }
    });
  }
  return lines;
}

/** A client that records the queries it sends (to the real InfluxDB). */
function recording(client: InfluxClient, queries: string[], rollups = true): InfluxClient {
  return { ...client, retention: { ...client.retention!, rollups }, query: (q) => (queries.push(q), client.query(q)) };
}

describe('replay frames on real InfluxDB: the same frames as raw readings', () => {
  const services = readTestServices();
  const db = uniqueDb('replay_frames');
  const config: InfluxConfig = parseInfluxConfig({ INFLUX_URL: services.influxUrl, INFLUX_DB: db });
  const t0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY;
  let influx: InfluxClient;

  beforeAll(async () => {
    await setupInflux(config);
    await influxWrite(services.influxUrl, db, readings(t0));
    await rebuildRollups(config, t0, t0 + 2 * DAY);
    const written = await writeReplayFrames(config, t0, t0 + 2 * DAY);
    expect(written.hours).toBe(48);
    influx = createInfluxClient(config);
  }, 60_000);

  afterAll(async () => {
    await influx?.close();
    await dropDatabase(services.influxUrl, db);
  });

  it('writes every width of every kind, part 0 even for an hour nobody reported', async () => {
    const rows = await influxQuery(services.influxUrl, db, `SELECT count("n") AS "c" FROM "rollup_1h"."replay_frame" GROUP BY "width", "kind"`);
    const counts = Object.fromEntries(rows.map((r) => [`${r.kind}/${r.width}`, r.c]));
    for (const kind of ['flood', 'traffic', 'air']) {
      expect([counts[`${kind}/3600`], counts[`${kind}/10800`], counts[`${kind}/21600`], counts[`${kind}/86400`]]).toEqual([48, 16, 8, 2]);
    }
    // fl-c was silent for 10 hours from 05:00: its hourly frames from 06:00 to 14:00 leave it out.
    const silent = await influxQuery(services.influxUrl, db, `SELECT "s" FROM "rollup_1h"."replay_frame" WHERE "kind" = 'flood' AND "width" = '3600' AND time = ${t0 + 8 * HOUR}ms`);
    expect(String(silent[0].s)).toMatch(/^fl-a:[\d.]+,[\d.]*;fl-b:/);
    expect(String(silent[0].s)).not.toContain('fl-c');
  });

  for (const [label, size, span, stepS] of [
    ['a day of 2,000 sensors: hourly frames', 2000, DAY, 3600],
    ['a day of 10,000 sensors: 6-hour frames', 10_000, DAY, 21600],
    ['two days of 10,000 sensors: daily frames', 10_000, 2 * DAY, 86400]
  ] as const) {
    it(`${label}, equal to the raw replay state for state`, async () => {
      const sensors = city(size);
      const window = { from: t0, to: t0 + span - 1, stepS: 1 };
      const framedQueries: string[] = [];
      const framed = await readReplay(recording(influx, framedQueries), sensors, window);
      expect(framed.stepS).toBe(stepS);
      // Read from the frames alone: no per-sensor query.
      expect(framedQueries.some((q) => q.includes('"replay_frame"'))).toBe(true);
      expect(framedQueries.some((q) => q.includes('"sensor"'))).toBe(false);
      const raw = await readReplay(recording(influx, [], false), sensors, { ...window, stepS });
      expect(raw.stepS).toBe(stepS);
      expect(Object.keys(framed.sensors).sort()).toEqual(reporting.map((s) => s.id).sort());
      expect(framed.sensors).toEqual(raw.sensors);
      // The data crosses Siaga levels: states differ between frames, so equal states mean something.
      const severities = new Set(Object.values(raw.sensors).flatMap((points) => points.map((p) => p[1])));
      if (stepS === 3600) expect(severities.size).toBeGreaterThan(2);
    });
  }

  it('never writes over frames once raw readings have expired', async () => {
    const later = await writeReplayFrames(config, t0, t0 + 2 * DAY, t0 + 40 * DAY);
    expect(later).toEqual({ hours: 0, points: 0 });
  });

  it('reads the frames it has and the rest per sensor when the frames job has not run for it', async () => {
    const cut = t0 + DAY + 12 * HOUR;
    await influxQuery(services.influxUrl, db, `DELETE FROM "replay_frame" WHERE time >= ${cut}ms`);
    const sensors = city(2000);
    const window = { from: t0, to: t0 + 2 * DAY - 1, stepS: 1 };
    const queries: string[] = [];
    const mixed = await readReplay(recording(influx, queries), sensors, window);
    expect(mixed.stepS).toBe(10800);
    expect(queries.some((q) => q.includes('"replay_frame"'))).toBe(true);
    expect(queries.filter((q) => q.includes('"sensor"')).every((q) => q.includes(`time >= ${cut}ms`))).toBe(true);
    const raw = await readReplay(recording(influx, [], false), sensors, { ...window, stepS: 10800 });
    for (const s of reporting) {
      expect(mixed.sensors[s.id].map((p) => p[0])).toEqual(raw.sensors[s.id].map((p) => p[0]));
      // Worst values are the same from the rollup; traffic's newest value there is an hourly mean.
      const same = (p: ReplayPoint) => s.kind !== 'traffic' || p[0] < cut;
      expect(mixed.sensors[s.id].filter(same)).toEqual(raw.sensors[s.id].filter(same));
    }
  });

  it('a later run of the job (the last hours only) completes the wider frames from the stored narrower ones', async () => {
    const cut = t0 + DAY + 12 * HOUR;
    await influxQuery(services.influxUrl, db, `DELETE FROM "replay_frame" WHERE time >= ${t0 + DAY}ms`);
    await writeReplayFrames(config, t0 + DAY, cut); // the morning of day 2, as a first follow round would
    const written = await writeReplayFrames(config, cut, t0 + 2 * DAY);
    expect(written.hours).toBe(12);
    for (const [size, stepS] of [[2000, 10800], [10_000, 86400]] as const) {
      const queries: string[] = [];
      const window = { from: t0, to: t0 + 2 * DAY - 1, stepS: 1 };
      const framed = await readReplay(recording(influx, queries), city(size), window);
      expect(framed.stepS).toBe(stepS);
      expect(queries.some((q) => q.includes('"sensor"'))).toBe(false);
      expect(framed.sensors).toEqual((await readReplay(recording(influx, [], false), city(size), { ...window, stepS })).sensors);
    }
  });
});
