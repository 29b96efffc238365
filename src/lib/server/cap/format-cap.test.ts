import { describe, it, expect } from 'vitest';
import type { Alert } from '../../core/alert';
import { capMsgType, formatCapAlert, formatCapIdentifier, formatCapTime } from './format-cap';
import { capDocumentPath, formatCapFeed } from './format-atom';
import { parseCapConfig } from './config';

const sender = { sender: 'pantau@samarinda.go.id', senderName: 'Pantau Samarinda' };
const T0 = Date.parse('2026-11-28T13:45:30.250Z');

function makeAlert(over: Partial<Alert> = {}): Alert {
  return {
    id: `flood-gunung-lingai:flood_level:${T0}`, sensorId: 'flood-gunung-lingai', sensorName: 'Pos TMA Gunung Lingai', kind: 'flood',
    district: 'Sungai Pinang', rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
    title: { id: 'Siaga 1 · Gunung Lingai 285 cm', en: 'Level 1 · Gunung Lingai 285 cm' },
    explanation: { id: 'Air 285 cm', en: 'Water 285 cm' }, action: { id: 'Siapkan evakuasi', en: 'Prepare evacuation' },
    value: 285, state: 'raised', raisedAt: T0, updatedAt: T0, comments: [], ...over
  };
}

/** Text of every `<name>` element, in document order. */
function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
}

describe('CAP mapping', () => {
  it('writes times in WITA (+08:00), whole seconds', () => {
    expect(formatCapTime(T0)).toBe('2026-11-28T21:45:30+08:00');
    expect(formatCapTime(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01-01T00:00:00+08:00');
  });

  it('a new alert is msgType Alert with the alert id as identifier and no references', () => {
    const xml = formatCapAlert(makeAlert(), sender, { lat: -0.456, lon: 117.173 });
    expect(all(xml, 'identifier')).toEqual([`flood-gunung-lingai:flood_level:${T0}`]);
    expect(all(xml, 'msgType')).toEqual(['Alert']);
    expect(all(xml, 'status')).toEqual(['Actual']);
    expect(all(xml, 'scope')).toEqual(['Public']);
    expect(all(xml, 'sent')).toEqual(['2026-11-28T21:45:30+08:00']);
    expect(xml).not.toContain('<references>');
  });

  it('one info per language with category, urgency, severity, certainty and the area circle', () => {
    const xml = formatCapAlert(makeAlert(), sender, { lat: -0.456, lon: 117.173 });
    expect(all(xml, 'language')).toEqual(['id-ID', 'en-US']);
    expect(all(xml, 'category')).toEqual(['Met', 'Met']);
    expect(all(xml, 'event')).toEqual(['Banjir', 'Flood']);
    expect(all(xml, 'urgency')).toEqual(['Immediate', 'Immediate']);
    expect(all(xml, 'severity')).toEqual(['Severe', 'Severe']);
    expect(all(xml, 'certainty')).toEqual(['Observed', 'Observed']);
    expect(all(xml, 'headline')).toEqual(['Siaga 1 · Gunung Lingai 285 cm', 'Level 1 · Gunung Lingai 285 cm']);
    expect(all(xml, 'instruction')).toEqual(['Siapkan evakuasi', 'Prepare evacuation']);
    expect(all(xml, 'areaDesc')).toEqual(['Sungai Pinang, Samarinda', 'Sungai Pinang, Samarinda']);
    expect(all(xml, 'circle')).toEqual(['-0.456,117.173 0.5', '-0.456,117.173 0.5']);
  });

  it('says what the value measures: its field when not the rule\'s usual one, and in words with its unit per language', () => {
    const flood = formatCapAlert(makeAlert(), sender, undefined);
    expect(all(flood, 'valueName')).toEqual(['pantau:rule', 'pantau:sensor', 'pantau:value', 'pantau:valueText', 'pantau:rule', 'pantau:sensor', 'pantau:value', 'pantau:valueText']);
    expect(all(flood, 'value').filter((v) => v.includes('cm'))).toEqual(['Tinggi muka air 285 cm', 'Water level 285 cm']);
    const jam = formatCapAlert(makeAlert({ kind: 'traffic', rule: 'congestion', value: 45, valueField: 'occupancy', normal: undefined }), sender, undefined);
    const names = all(jam, 'valueName');
    const values = all(jam, 'value');
    expect(values[names.indexOf('pantau:valueField')]).toBe('occupancy');
    expect(values[names.indexOf('pantau:valueText')]).toBe('Okupansi 45 %');
    expect(values[names.lastIndexOf('pantau:valueText')]).toBe('Occupancy 45 %');
  });

  it('maps kinds to CAP categories and severities to urgency/severity', () => {
    const air = formatCapAlert(makeAlert({ kind: 'air', rule: 'air_quality', severity: 'warning' }), sender, undefined);
    expect(all(air, 'category')[0]).toBe('Env');
    expect([all(air, 'urgency')[0], all(air, 'severity')[0]]).toEqual(['Expected', 'Moderate']);
    expect(air).not.toContain('<circle>');
    const traffic = formatCapAlert(makeAlert({ kind: 'traffic', rule: 'congestion', severity: 'info' }), sender, undefined);
    expect(all(traffic, 'category')[0]).toBe('Transport');
    expect([all(traffic, 'urgency')[0], all(traffic, 'severity')[0]]).toEqual(['Future', 'Minor']);
    const forecast = formatCapAlert(makeAlert({ rule: 'upstream_warning' }), sender, undefined);
    expect(all(forecast, 'certainty')[0]).toBe('Likely');
  });

  it('a changed alert is an Update, a resolved one a Cancel; both reference the first message', () => {
    const updated = makeAlert({ state: 'acknowledged', updatedAt: T0 + 60_000 });
    expect(capMsgType(updated)).toBe('Update');
    const resolved = makeAlert({ state: 'resolved', updatedAt: T0 + 120_000, resolvedAt: T0 + 120_000 });
    const xml = formatCapAlert(resolved, sender, undefined);
    expect(all(xml, 'msgType')).toEqual(['Cancel']);
    expect(all(xml, 'identifier')).toEqual([`flood-gunung-lingai:flood_level:${T0}.${T0 + 120_000}`]);
    expect(all(xml, 'references')).toEqual([`pantau@samarinda.go.id,flood-gunung-lingai:flood_level:${T0},2026-11-28T21:45:30+08:00`]);
    expect(all(xml, 'urgency')).toEqual(['Past', 'Past']);
    expect(all(xml, 'responseType')).toEqual(['AllClear', 'AllClear']);
  });

  it('an alert merged into another is withdrawn in its favour: a Cancel of its own first message only, naming the one in force, no AllClear', () => {
    const into = `flood-gunung-lingai:flood_level:${T0 - 3_600_000}`;
    const merged = makeAlert({ state: 'resolved', updatedAt: T0 + 120_000, resolvedAt: T0 + 120_000, mergedInto: into });
    const xml = formatCapAlert(merged, sender, undefined);
    expect(all(xml, 'msgType')).toEqual(['Cancel']);
    // CAP 1.2 §3.2.1: a Cancel cancels every message in <references>; the alert in force must not be among them
    expect(all(xml, 'references')).toEqual([`pantau@samarinda.go.id,flood-gunung-lingai:flood_level:${T0},2026-11-28T21:45:30+08:00`]);
    expect(all(xml, 'references')[0]).not.toContain(into);
    const names = all(xml, 'valueName');
    expect(all(xml, 'value')[names.indexOf('pantau:mergedInto')]).toBe(into);
    // the flood goes on: no all-clear, no "Ended", the instruction names the alert in force
    expect(all(xml, 'responseType')).toEqual(['Prepare', 'Prepare']);
    expect(all(xml, 'urgency')).toEqual(['Immediate', 'Immediate']);
    expect(all(xml, 'headline')).toEqual(['Digabung: Siaga 1 · Gunung Lingai 285 cm', 'Merged: Level 1 · Gunung Lingai 285 cm']);
    expect(all(xml, 'instruction')[1]).toContain(`superseded by alert ${into}`);
    expect(formatCapFeed([merged], sender, 'http://x', T0)).toContain('<title xml:lang="id">Digabung: Siaga 1');
    // a plain resolved alert names no alert in force
    expect(formatCapAlert({ ...merged, mergedInto: undefined }, sender, undefined)).not.toContain('pantau:mergedInto');
  });

  it('escapes every text and keeps identifiers free of CAP-reserved characters', () => {
    const xml = formatCapAlert(makeAlert({ title: { id: '<script>&', en: 'a"b\'c' }, district: 'X & Y' }), sender, undefined);
    expect(all(xml, 'headline')).toEqual(['&lt;script&gt;&amp;', 'a&quot;b&apos;c']);
    expect(all(xml, 'areaDesc')[0]).toBe('X &amp; Y, Samarinda');
    expect(formatCapIdentifier('a b,c<d&e')).toBe('a_b_c_d_e');
  });
});

describe('Atom index', () => {
  it('lists each alert with a link to its CAP document', () => {
    const a = makeAlert();
    const xml = formatCapFeed([a], sender, 'http://127.0.0.1:3000', T0);
    expect(capDocumentPath(a.id)).toBe(`/api/cap/flood-gunung-lingai%3Aflood_level%3A${T0}.xml`);
    expect(xml).toContain(`<link rel="alternate" type="application/cap+xml" href="http://127.0.0.1:3000${capDocumentPath(a.id)}"/>`);
    expect(all(xml, 'updated')).toEqual(['2026-11-28T13:45:30Z', '2026-11-28T13:45:30Z']);
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });
});

describe('CAP config', () => {
  it('defaults, and refuses a sender CAP cannot carry', () => {
    expect(parseCapConfig({})).toEqual({ sender: 'pantau@samarinda.go.id', senderName: 'Pantau Samarinda', publicUrl: '' });
    expect(parseCapConfig({ PANTAU_PUBLIC_URL: 'https://pantau.example/' }).publicUrl).toBe('https://pantau.example');
    expect(() => parseCapConfig({ PANTAU_CAP_SENDER: 'a,b' })).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_CAP_SENDER' }));
    expect(() => parseCapConfig({ PANTAU_PUBLIC_URL: 'javascript:x' })).toThrow(expect.objectContaining({ code: 'CONFIG_PANTAU_PUBLIC_URL' }));
  });
});
