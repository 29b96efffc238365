import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import path from 'node:path';
import type { Alert, AlertCategory, AlertSeverity, AlertState } from '../../src/lib/core/alert';
import type { SensorKind } from '../../src/lib/core/sensor';
import { TOPICS } from '../../src/lib/core/topic';
import { formatCapAlert } from '../../src/lib/server/cap/format-cap';
import { readTestServices, uniqueDb } from '../helpers/env';
import { createDatabase, dropDatabase } from '../helpers/influx';
import { PROJECT_ROOT } from '../helpers/processes';
import { startWeb, type TestWeb } from '../helpers/web';
import { waitFor } from '../helpers/wait';
import { findFreePort } from '../helpers/services';
import { mosquittoPub } from './mqtt-tools';

const XSD = path.join(PROJECT_ROOT, 'tests/fixtures/cap/CAP-v1.2.xsd');
const sender = { sender: 'pantau@samarinda.go.id', senderName: 'Pantau Samarinda' };

/** Runs Debian's xmllint on a document given on stdin: with `schema`, validates against it. */
function xmllint(xml: string, schema?: string): Promise<{ code: number; stderr: string }> {
  const args = ['--noout', ...(schema ? ['--schema', schema] : []), '-'];
  return new Promise((resolve) => {
    const child = execFile('xmllint', args, (err, _out, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stderr: String(stderr) }));
    child.stdin!.end(xml);
  });
}

function makeAlert(over: Partial<Alert> & { id: string }): Alert {
  const at = over.raisedAt ?? Date.now();
  return {
    sensorId: 'flood-gunung-lingai', sensorName: 'Pos TMA Gunung Lingai (Sungai Karang Mumus)', kind: 'flood', district: 'Sungai Pinang',
    rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
    title: { id: 'Siaga 1 · Gunung Lingai 290 cm', en: 'Level 1 · Gunung Lingai 290 cm' },
    explanation: { id: 'Tinggi muka air 290 cm, di atas Siaga 1 (280 cm) & naik.', en: 'Water level 290 cm, above level 1 (280 cm) & rising.' },
    action: { id: 'Siapkan evakuasi warga bantaran <RT 12>.', en: 'Prepare to evacuate riverside residents <RT 12>.' },
    value: 290, state: 'raised', raisedAt: at, updatedAt: at, comments: [], ...over
  };
}

describe('CAP documents against the CAP 1.2 schema (xmllint)', () => {
  it('every kind × severity × state validates', async () => {
    const kinds: SensorKind[] = ['flood', 'air', 'traffic'];
    const severities: AlertSeverity[] = ['info', 'warning', 'critical'];
    const states: AlertState[] = ['raised', 'acknowledged', 'resolved'];
    for (const kind of kinds) for (const severity of severities) for (const state of states) {
      const t = Date.parse('2026-11-28T10:00:00Z');
      const alert = makeAlert({ id: `s-${kind}:r:${t}`, kind, severity, state, raisedAt: t, updatedAt: state === 'raised' ? t : t + 5000, title: { id: 'x\u0001 & <y>', en: '"q"' } });
      const result = await xmllint(formatCapAlert(alert, sender, kind === 'air' ? undefined : { lat: -0.5, lon: 117.15 }), XSD);
      expect(result, `${kind}/${severity}/${state}`).toEqual({ code: 0, stderr: expect.stringContaining('validates') });
    }
  });

  it('a merged alert\'s Cancel validates and references its own first message only', async () => {
    const t = Date.parse('2026-11-28T10:00:00Z');
    const into = `s-flood:r:${t - 3_600_000}`;
    const xml = formatCapAlert(makeAlert({ id: `s-flood:r:${t}`, state: 'resolved', raisedAt: t, updatedAt: t + 5000, resolvedAt: t + 5000, mergedInto: into }), sender, { lat: -0.5, lon: 117.15 });
    expect(await xmllint(xml, XSD)).toEqual({ code: 0, stderr: expect.stringContaining('validates') });
    expect(xml).toContain('<valueName>pantau:mergedInto</valueName>');
    expect(xml.match(/<references>([^<]*)<\/references>/)?.[1]).not.toContain(into);
  });

  it('the schema refuses a wrong enumeration, a misplaced element and a Z time', async () => {
    const good = formatCapAlert(makeAlert({ id: 'a:b:1', raisedAt: Date.parse('2026-11-28T10:00:00Z') }), sender, { lat: -0.5, lon: 117.15 });
    expect((await xmllint(good, XSD)).code).toBe(0);
    const badEnum = await xmllint(good.replace('<msgType>Alert</msgType>', '<msgType>Warning</msgType>'), XSD);
    expect(badEnum.code).not.toBe(0);
    expect(badEnum.stderr).toMatch(/msgType.*enumeration/);
    const badCategory = await xmllint(good.replace('<category>Met</category>', '<category>Flood</category>'), XSD);
    expect(badCategory.stderr).toMatch(/category.*enumeration/);
    const misplaced = await xmllint(good.replace(/<scope>Public<\/scope>/, '').replace('</status>', '</status><scope>Public</scope>'), XSD);
    expect(misplaced.code).not.toBe(0);
    const zulu = await xmllint(good.replace(/<sent>[^<]+<\/sent>/, '<sent>2026-11-28T10:00:00Z</sent>'), XSD);
    expect(zulu.stderr).toMatch(/sent/);
  });
});

describe('GET /api/cap/alerts.xml and /api/cap/<id>.xml from the production server', () => {
  const services = readTestServices();
  const db = uniqueDb('cap');
  let web: TestWeb | undefined;
  let base = '';
  let maintenanceId = '';

  beforeAll(async () => {
    await createDatabase(services.influxUrl, db);
    // Feed links are absolute: adapter-node builds the request origin from ORIGIN (without it, it guesses https),
    // so the port is chosen here and handed over as it would be in a deployment.
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    web = await startWeb({ db, env: { PORT: String(port), HOST: '127.0.0.1', ORIGIN: base } });
  });

  afterAll(async () => {
    await web?.stop();
    await dropDatabase(services.influxUrl, db);
  });

  it('serves an Atom index of emergency alerts whose CAP documents validate (Alert and Cancel)', async () => {
    const t = Date.now() - 10 * 60_000;
    const raised = makeAlert({ id: `flood-gunung-lingai:flood_level:${t}`, raisedAt: t, updatedAt: t });
    const resolved = makeAlert({ id: `flood-benanga:rate_of_rise:${t}`, sensorId: 'flood-benanga', district: 'Samarinda Utara', rule: 'rate_of_rise', severity: 'warning', state: 'resolved', raisedAt: t, updatedAt: t + 60_000, resolvedAt: t + 60_000, resolvedBy: 'ingest' });
    const maintenance = makeAlert({ id: `flood-benanga:sensor_silent:${t}`, sensorId: 'flood-benanga', rule: 'sensor_silent', category: 'maintenance' as AlertCategory, severity: 'warning' });
    maintenanceId = maintenance.id;
    const events = [
      { type: 'raised', at: t, by: 'ingest', alert: raised },
      { type: 'resolved', at: t + 60_000, by: 'ingest', alert: resolved },
      { type: 'raised', at: t, by: 'ingest', alert: maintenance }
    ];
    // Published until they show up: the server may subscribe a moment after it prints its address (the hub dedupes repeats).
    const feed = await waitFor('both emergency alerts in the feed', async () => {
      for (const e of events) await mosquittoPub(services.mqttUrl, TOPICS.alertEvents, JSON.stringify(e));
      const text = await (await fetch(`${base}/api/cap/alerts.xml`)).text();
      return (text.match(/<entry>/g) ?? []).length >= 2 ? text : null;
    }, { timeoutMs: 20_000, intervalMs: 500 });

    const res = await fetch(`${base}/api/cap/alerts.xml`);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    // One rendering shared by every poller (cap/feed.ts): gzip for fetch (it accepts it), a 304 for the ETag.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toBe(feed);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await fetch(`${base}/api/cap/alerts.xml`, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    expect((await fetch(`${base}/api/cap/alerts.xml`, { headers: { 'if-none-match': `"older", W/${etag}` } })).status).toBe(304);
    expect((await xmllint(feed)).code).toBe(0);
    expect(feed.match(/<entry>/g)).toHaveLength(2);
    expect(feed).not.toContain('sensor_silent');
    const hrefs = [...feed.matchAll(/<link rel="alternate" type="application\/cap\+xml" href="([^"]+)"\/>/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(hrefs).toHaveLength(2);
    expect(hrefs.every((h) => h.startsWith(`${base}/api/cap/`))).toBe(true);

    const msgTypes: string[] = [];
    for (const href of hrefs) {
      const doc = await fetch(href);
      expect(doc.status).toBe(200);
      expect(doc.headers.get('content-type')).toMatch(/^application\/cap\+xml/);
      const xml = await doc.text();
      const check = await xmllint(xml, XSD);
      expect(check.stderr, href).toContain('validates');
      expect(check.code).toBe(0);
      msgTypes.push(/<msgType>(\w+)<\/msgType>/.exec(xml)![1]);
      if (xml.includes(raised.id)) {
        // The catalog's position of the gauge, and the escaped instruction.
        expect(xml).toContain('<circle>-0.456,117.173 0.5</circle>');
        expect(xml).toContain('<instruction>Siapkan evakuasi warga bantaran &lt;RT 12&gt;.</instruction>');
      } else {
        expect(xml).toContain(`<references>pantau@samarinda.go.id,${resolved.id},`);
      }
    }
    expect(msgTypes.sort()).toEqual(['Alert', 'Cancel']);
  });

  it('answers 404 for an alert it does not hold, and for maintenance alerts', async () => {
    expect((await fetch(`${base}/api/cap/${encodeURIComponent('flood-x:flood_level:1')}.xml`)).status).toBe(404);
    // Held by the hub (the test above published it) but never public.
    expect(maintenanceId).not.toBe('');
    await waitFor('the maintenance alert held by the hub', async () => {
      const held = (await (await fetch(`${base}/api/alerts?state=all`)).json()) as { alerts: Alert[] };
      return held.alerts.some((a) => a.id === maintenanceId);
    });
    expect((await fetch(`${base}/api/cap/${encodeURIComponent(maintenanceId)}.xml`)).status).toBe(404);
  });
});
