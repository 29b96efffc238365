import { describe, expect, it } from 'vitest';
import { sensorTopic } from '../../src/lib/core/topic';
import catalog from '../../src/lib/catalog/samarinda.json';
import { readTestServices } from '../helpers/env';
import { influxQuery } from '../helpers/influx';
import { waitFor } from '../helpers/wait';
import { useIngestWithDeadLetters } from './ingest-fixture';
import { mosquittoPub } from './mqtt-tools';

const services = readTestServices();
const { db, deadLetters, ingest } = useIngestWithDeadLetters('fiware');

const gauge = catalog.sensors.find((s) => s.kind === 'flood')!;
const road = catalog.sensors.find((s) => s.kind === 'traffic')!;

describe('ingest: FIWARE entities via mosquitto_pub → InfluxDB', () => {
  it('stores an NGSI-v2 and an NGSI-LD entity, and dead-letters a bad one with its reason', async () => {
    const t0 = Math.floor((Date.now() - 60_000) / 1000) * 1000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const v2 = {
      id: `TrafficFlowObserved-${road.id}`,
      type: 'TrafficFlowObserved',
      dateObserved: { type: 'DateTime', value: `${iso(t0 - 300_000)}/${iso(t0)}` },
      intensity: { type: 'Number', value: 100 },
      averageVehicleSpeed: { type: 'Number', value: 41.5, metadata: { unitCode: { value: 'KMH' } } },
      occupancy: { type: 'Number', value: 0.25 },
      address: { type: 'StructuredValue', value: { addressLocality: 'Samarinda' } }
    };
    const ld = {
      id: `urn:ngsi-ld:WaterObserved:${gauge.id}`,
      type: 'WaterObserved',
      dateObserved: { type: 'Property', value: { '@type': 'DateTime', '@value': iso(t0 + 1000) } },
      height: { type: 'Property', value: 2.125, unitCode: 'MTR' },
      refDevice: { type: 'Relationship', object: `urn:ngsi-ld:Device:${gauge.id}` },
      '@context': ['https://uri.etsi.org/ngsi-ld/v1/ngsi-ld-core-context.jsonld']
    };
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('traffic', road.id), JSON.stringify(v2))).code).toBe(0);
    expect((await mosquittoPub(services.mqttUrl, sensorTopic('flood', gauge.id), JSON.stringify(ld))).code).toBe(0);
    const bad: [string, unknown, string][] = [
      [sensorTopic('flood', gauge.id), { ...ld, height: { type: 'Property', value: 2, unitCode: 'FOT' } }, 'bad_unit'],
      [sensorTopic('flood', gauge.id), v2, 'kind_mismatch']
    ];
    for (const [t, m] of bad) expect((await mosquittoPub(services.mqttUrl, t, JSON.stringify(m))).code).toBe(0);

    const traffic = await waitFor('the NGSI-v2 traffic reading', async () => {
      const r = await influxQuery(services.influxUrl, db, 'SELECT * FROM traffic');
      // the whole point: InfluxDB 1.x applies a line's fields one by one, a query meanwhile sees part of it
      return r.length && ['flow', 'speed', 'occupancy'].every((f) => r[0][f] !== null && r[0][f] !== undefined) ? r : null;
    });
    // 100 vehicles in 5 minutes = 1200 veh/h; occupancy 0.25 = 25 %.
    expect(traffic[0]).toMatchObject({ time: t0, sensor: road.id, district: road.district, flow: 1200, speed: 41.5, occupancy: 25 });
    const flood = await waitFor('the NGSI-LD flood reading', async () => {
      const r = await influxQuery(services.influxUrl, db, 'SELECT * FROM flood');
      return r.length ? r : null;
    });
    expect(flood[0]).toMatchObject({ time: t0 + 1000, sensor: gauge.id, district: gauge.district, water_level: 212.5 });
    await waitFor('the dead letters', () => deadLetters.length >= bad.length);
    expect(deadLetters.map((d) => d.code).sort()).toEqual(bad.map((b) => b[2]).sort());
    expect(ingest().isRunning()).toBe(true);
  });
});
