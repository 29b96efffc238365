import { describe, expect, it } from 'vitest';
import { computeFacts } from './facts';
import { links } from './links';
import { periodAlertFilter, periodAlerts } from './period-alerts';
import { buildReport } from './report';
import { isLink } from './sentence';
import { dayStart, seededWeekInput, WEEK } from './seeded-week';

/** The page behind a report's alert numbers lists exactly the alerts each number counts. */
const input = seededWeekInput();
const facts = computeFacts(input);
const districts = input.catalog.districts.map((d) => d.name);
const rowsFor = (href: string) => {
  const url = new URL(href, 'http://x');
  expect(url.pathname).toBe(`/reports/week/${WEEK.key}/alerts`);
  return periodAlerts(input, periodAlertFilter(url.searchParams, districts));
};

describe('alerts of a report period', () => {
  it('lists as many alerts as each linked number of the report says', () => {
    // Every such link of the report, in both languages, asks for a filter the page understands (none dropped).
    let seen = 0;
    for (const lang of ['id', 'en'] as const) {
      for (const part of buildReport(input, lang).sections.flatMap((x) => x.sentences.flat())) {
        if (!isLink(part) || !part.href.includes('/alerts') || part.href.startsWith('/alerts')) continue;
        const url = new URL(part.href, 'http://x');
        expect(Object.keys(periodAlertFilter(url.searchParams, districts)).sort(), part.href).toEqual([...url.searchParams.keys()].sort());
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(20);
    expect(rowsFor(links.periodAlerts(WEEK))).toHaveLength(facts.alerts.emergency);
    for (const k of facts.alerts.byKind) expect(rowsFor(links.periodAlerts(WEEK, { kind: k.kind }))).toHaveLength(k.count);
    for (const d of facts.alerts.byDistrict) expect(rowsFor(links.periodAlerts(WEEK, { district: d.district }))).toHaveLength(d.count);
    for (const l of facts.alerts.byLevel) expect(rowsFor(links.periodAlerts(WEEK, { rule: l.rule, level: l.level }))).toHaveLength(l.count);
    expect(rowsFor(links.periodAlerts(WEEK, { category: 'maintenance' })).map((r) => r.sensorId)).toEqual(['traffic-sempaja-s']);
    expect(facts.alerts.maintenance).toBe(1);
    for (const r of facts.response.bySeverity) expect(rowsFor(links.periodAlerts(WEEK, { severity: r.severity }))).toHaveLength(r.count);
    for (const k of facts.ranking) for (const d of k.districts) expect(rowsFor(links.periodAlerts(WEEK, { kind: k.kind, district: d.district }))).toHaveLength(d.count);
  });

  it('has the rows of the seeded week: raised in the period, oldest first, with their response', () => {
    const rows = periodAlerts(input, { kind: 'flood' });
    expect(rows.map((r) => [r.sensorId, r.raisedAt])).toEqual([
      ['flood-gunung-lingai', dayStart(8) + 120 * 60_000], ['flood-kp3', dayStart(9) + 240 * 60_000],
      ['flood-gunung-lingai', dayStart(10) + 180 * 60_000], ['flood-gunung-lingai', dayStart(12) + 60 * 60_000]
    ]);
    expect(rows[1]).toMatchObject({ acknowledgedAt: null, severity: 'warning', level: 1, escalated: false });
    expect(rows[3]).toMatchObject({ severity: 'critical', level: 2, escalated: true, durationMin: 420 });
  });

  it('leaves out an alert merged into another: one condition, one emergency, not a second one "resolved" in minutes', () => {
    const kept = input.events.find((e) => e.type === 'raised' && e.alert.sensorId === 'flood-gunung-lingai' && e.alert.raisedAt === dayStart(12) + 60 * 60_000)!.alert;
    const at = kept.raisedAt + 30 * 60_000;
    const fresh = { ...kept, id: `${kept.sensorId}:${kept.rule}:${at}`, raisedAt: at, updatedAt: at, state: 'raised' as const, comments: [] };
    const closed = { ...fresh, state: 'resolved' as const, resolvedAt: at + 120_000, resolvedBy: 'pantau', updatedAt: at + 120_000, mergedInto: kept.id };
    const withMerged = { ...input, events: [...input.events, { type: 'raised' as const, at, by: 'ingest', alert: fresh }, { type: 'resolved' as const, at: at + 120_000, by: 'pantau', alert: closed }] };
    expect(periodAlerts(withMerged, { kind: 'flood' })).toEqual(periodAlerts(input, { kind: 'flood' }));
    expect(computeFacts(withMerged).alerts).toEqual(facts.alerts);
    // without mergedInto the same alert is an emergency of its own: the test can tell
    const plain = { ...input, events: [...input.events, { type: 'raised' as const, at, by: 'ingest', alert: fresh }, { type: 'resolved' as const, at: at + 120_000, by: 'pantau', alert: { ...closed, mergedInto: undefined } }] };
    expect(periodAlerts(plain, { kind: 'flood' })).toHaveLength(5);
  });

  it('drops filter values it does not know instead of showing nothing', () => {
    expect(periodAlertFilter(new URLSearchParams('kind=boats&district=Atlantis&severity=huge&rule=congestion'), districts)).toEqual({});
    expect(periodAlertFilter(new URLSearchParams('kind=air&district=Sungai%20Pinang&rule=congestion&level=3'), districts))
      .toEqual({ kind: 'air', district: 'Sungai Pinang', rule: 'congestion', level: 3 });
  });
});
