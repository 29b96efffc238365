/**
 * The phone e2e files' one set-up (phone-layout.test.ts, phone-alerts.test.ts): a web with an admin
 * and a long e-mail login, a browser at 390 × 844 signed in as the admin on /alerts, a gauge's last
 * half hour of levels, an upstream warning and a congestion alert (so /alerts has rows whose values
 * the tests read) and a team on call (so /people draws its rota). One function, so both files test
 * the same seeded product.
 */
import type { Page } from 'playwright-core';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import type { Sensor } from '../../src/lib/core/sensor';
import catalogJson from '../../src/lib/catalog/samarinda.json';
import { escapeTag } from '../../src/lib/core/line-protocol';
import { formatAlertEventLine } from '../../src/lib/server/influx';
import { readTestServices, uniqueDb } from './env';
import { createDatabase, dropDatabase, influxWrite } from './influx';
import { createTestDatabase, putOnCall, type TestDatabase } from './postgres';
import { clearRetainedCatalog } from './retained-catalog';
import { logInWithForm, startWebInBrowser, type WebInBrowser } from './web';

export const PHONE = { width: 390, height: 844 };
/** A login may be an e-mail address (up to 64 characters): the header shows it whole beside logout above 600 px. */
export const LONG_LOGIN = 'sari.wulandari@bpbd-samarinda.go.id';
export const UI_WAIT_MS = 30_000;
const t0 = Date.now();
const sensors = catalogJson.sensors as Sensor[];
export const gauge = sensors.find((s) => s.id === 'flood-gunung-lingai')!;
const road = sensors.find((s) => s.kind === 'traffic')!;

function alert(over: Partial<Alert> & Pick<Alert, 'sensorId' | 'sensorName' | 'kind' | 'district' | 'rule' | 'value'>): Alert {
  return {
    id: `${over.sensorId}:${over.rule}:${t0}`,
    category: 'emergency',
    severity: 'critical',
    level: 3,
    title: { id: `Air dari hulu: ${over.sensorName} diperkirakan Siaga 1 ≈ 10:39 WITA (10:39–…)`, en: `Water from upstream: ${over.sensorName} expected at Level 1 ≈ 10:39 WITA (10:39–…)` },
    explanation: { id: 'Prakiraan muka air naik', en: 'The river-level forecast rises' },
    action: { id: 'Siagakan tim BPBD', en: 'Put BPBD teams on standby' },
    state: 'raised',
    raisedAt: t0 - 5 * 60_000,
    updatedAt: t0 - 5 * 60_000,
    comments: [],
    ...over
  };
}

export const upstream = alert({ sensorId: gauge.id, sensorName: gauge.name, kind: 'flood', district: gauge.district, rule: 'upstream_warning', value: 51.94 });
export const congestion = alert({ sensorId: road.id, sensorName: road.name, kind: 'traffic', district: road.district, rule: 'congestion', value: 23.94, normal: 45, severity: 'warning', level: 2 });
const raised = (a: Alert): AlertEvent => ({ type: 'raised', at: a.raisedAt, by: 'ingest', alert: a });

export interface PhoneSession {
  ui: WebInBrowser;
  page: Page;
  base: string;
  /** Closes the browser and the web, drops both databases, clears the retained catalog. */
  close(): Promise<void>;
}

export async function startPhoneSession(): Promise<PhoneSession> {
  const services = readTestServices();
  const influxDb = uniqueDb('e2e_phone');
  let database: TestDatabase | undefined;
  let ui: WebInBrowser | undefined;
  const close = async () => {
    await ui?.close();
    await database?.drop();
    await dropDatabase(services.influxUrl, influxDb).catch(() => undefined);
    await clearRetainedCatalog(services.mqttUrl);
  };
  try {
    database = await createTestDatabase('e2e_phone');
    await createDatabase(services.influxUrl, influxDb);
    const levels = Array.from({ length: 30 }, (_, k) => `flood,district=${escapeTag(gauge.district)},sensor=${gauge.id} water_level=${180 + k * 2},rainfall=3 ${t0 - (30 - k) * 60_000}`);
    await influxWrite(services.influxUrl, influxDb, [...levels, formatAlertEventLine(raised(upstream)), formatAlertEventLine(raised(congestion))]);
    ui = await startWebInBrowser({ db: influxDb, users: [{ user: 'wati', role: 'admin' }, { user: LONG_LOGIN, role: 'operator' }], env: { DATABASE_URL: database.url }, browser: { viewport: PHONE } });
    const base = ui.web.url;
    // A team on call this week, so /people draws its week rota (seven day names in a row).
    await putOnCall(database.url, { id: 'wati', name: 'Wati Rahmawati', login: 'wati' });
    await logInWithForm(ui.page, base, ui.auth, 'wati', '/alerts');
    return { ui, page: ui.page, base, close };
  } catch (err) {
    // afterAll never sees a half-made set-up: what did start is stopped and dropped here.
    await close().catch(() => undefined);
    throw err;
  }
}
