import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { isAlert, isAlertEvent, parseAlertAction, parseAlertEvent, RegistryCatalogMessageSchema, SinceSeqSchema } from './wire';
import { check } from './issues';
import samarinda from '../catalog/samarinda.json';
import { makeAlertEvent } from '../../../ingest/notify/test-support';

type Loose = Record<string, unknown>;
const good = makeAlertEvent();

describe('alert events from MQTT and InfluxDB', () => {
  it('accepts an event as the ingest sends it, bytes or text, unchanged (fields added later are kept)', () => {
    expect(parseAlertEvent(Buffer.from(JSON.stringify(good)))).toEqual(good);
    const newer = { ...good, alert: { ...good.alert, forecastMin: 30 } };
    expect(parseAlertEvent(JSON.stringify(newer))).toEqual(newer);
  });

  const event = (over: Loose, alert: Loose = {}) => ({ ...good, ...over, alert: { ...good.alert, ...alert } });
  const refused: Array<[string, unknown]> = [
    ['not JSON', 'nope'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an unknown event type', event({ type: 'exploded' })],
    ['a time that is not a number', event({ at: '2026-01-01' })],
    ['no author', event({ by: undefined })],
    ['no alert', { ...good, alert: undefined }],
    ['a sensor id that could break a query', event({}, { sensorId: "x' OR 1=1" })],
    ['an alert id too long', event({}, { id: 'x'.repeat(201) })],
    ['a mergedInto that is not an id', event({}, { state: 'resolved', mergedInto: 42 })],
    ['a mergedInto too long', event({}, { state: 'resolved', mergedInto: 'x'.repeat(201) })],
    ['an unknown state', event({}, { state: 'open' })],
    ['an unknown severity', event({}, { severity: 'high' })],
    ['an unknown category', event({}, { category: 'other' })],
    ['no raise time', event({}, { raisedAt: undefined })],
    ['comments that are not a list', event({}, { comments: 'none' })],
    ['no title', event({}, { title: undefined })]
  ];

  it.each(refused)('refuses %s', (_name, value) => {
    expect(parseAlertEvent(typeof value === 'string' ? value : JSON.stringify(value))).toBeNull();
    if (typeof value !== 'string') expect(isAlertEvent(value)).toBe(false);
  });

  it('checks an alert alone (InfluxDB doc field)', () => {
    expect(isAlert(good.alert)).toBe(true);
    expect(isAlert({ ...good.alert, severity: 'high' })).toBe(false);
    // a congestion alert from a road detector with no speed: its value is an occupancy, named
    expect(isAlert({ ...good.alert, rule: 'congestion', value: 45, valueField: 'occupancy' })).toBe(true);
    expect(isAlert({ ...good.alert, state: 'resolved', mergedInto: 'flood-01:flood_level:1' })).toBe(true);
  });
});

describe('Socket.IO client → server payloads', () => {
  it('accepts an action envelope and drops anything else it carries', () => {
    expect(parseAlertAction({ alertId: 'a1', action: 'step', stepId: 'call-bpbd', done: true, by: 'someone-else' })).toEqual({ alertId: 'a1', action: 'step', stepId: 'call-bpbd', done: true });
    // Unknown action names pass the envelope: the role table answers "forbidden" and the audit records them.
    expect(parseAlertAction({ alertId: 'a1', action: 'explode' })).toEqual({ alertId: 'a1', action: 'explode' });
    expect(parseAlertAction({ alertId: 'a1', action: 'acknowledge', via: 'email' })).toEqual({ alertId: 'a1', action: 'acknowledge', via: 'email' });
  });

  const refusedActions: Array<[string, unknown]> = [
    ['nothing', undefined],
    ['a string', 'acknowledge'],
    ['no alert id', { action: 'acknowledge' }],
    ['an alert id too long', { alertId: 'x'.repeat(201), action: 'acknowledge' }],
    ['no action', { alertId: 'a1' }],
    ['a comment that is not text', { alertId: 'a1', action: 'comment', text: 5 }],
    ['an assignee that is not text', { alertId: 'a1', action: 'assign', assignee: ['sari'] }],
    ['done that is not a boolean', { alertId: 'a1', action: 'step', stepId: 's', done: 'yes' }],
    ['a way of acknowledging that is none', { alertId: 'a1', action: 'acknowledge', via: 'pigeon' }]
  ];

  it.each(refusedActions)('refuses an action with %s', (_name, value) => {
    expect(parseAlertAction(value)).toBeNull();
  });

  it.each([
    [42.9, 42],
    [0, 0],
    ['42', 0],
    [Number.NaN, 0],
    [Infinity, 0],
    [null, 0],
    [undefined, 0]
  ])('alerts:since %s → asks after %s', (seq, expected) => {
    expect(v.parse(SinceSeqSchema, seq)).toBe(expected);
  });
});

describe('the registry catalog message (MQTT, retained)', () => {
  const problems = (msg: unknown) => {
    const r = check(RegistryCatalogMessageSchema, typeof msg === 'string' ? msg : JSON.stringify(msg));
    return r.ok ? [] : r.errors;
  };

  it('accepts a version and the shipped catalog', () => {
    const r = check(RegistryCatalogMessageSchema, JSON.stringify({ version: 3, catalog: samarinda }));
    expect(r.ok && r.value.version).toBe(3);
  });

  it.each([
    ['not JSON', '{', 'is not JSON'],
    ['no version', { catalog: samarinda }, 'version is required'],
    ['a fractional version', { version: 1.5, catalog: samarinda }, 'version must be an integer ≥ 0'],
    ['a negative version', { version: -1, catalog: samarinda }, 'version must be an integer ≥ 0'],
    ['a catalog without sensors', { version: 9, catalog: { ...samarinda, sensors: [] } }, 'catalog: sensors must be a non-empty array'],
    ['falling flood thresholds', { version: 9, catalog: { ...samarinda, sensors: [{ ...samarinda.sensors.find((s) => s.flood)!, flood: { siaga3: 3, siaga2: 2, siaga1: 1 } }] } }, 'catalog.sensors[0]: flood thresholds must rise']
  ])('refuses %s, saying where', (_name, msg, expected) => {
    const found = problems(msg);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(expected), found[0]).toBe(true);
  });
});
