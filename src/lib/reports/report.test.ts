import { describe, expect, it } from 'vitest';
import { buildReport } from './report';
import { isLink, plainText } from './sentence';
import { seededWeekInput } from './seeded-week';

/** The sentences of the seeded week: templates over facts, in both languages, numbers always linked. */
const input = seededWeekInput();

describe('report sentences', () => {
  it('states the recommendation of the issue in English and Indonesian', () => {
    const en = buildReport(input, 'en');
    const id = buildReport(input, 'id');
    const rec = (r: typeof en) => r.sections.find((s) => s.key === 'recommendations')!.sentences.map(plainText);
    expect(rec(en)).toContain('Simpang Lembuswana (pendekat utara) was Jammed on 8 of the last 10 weekdays between 16:30 and 17:30: consider signal retiming or an officer.');
    expect(rec(id)[0]).toBe('Simpang Lembuswana (pendekat utara) mencapai Macet pada 8 dari 10 hari kerja terakhir antara 16:30 dan 17:30: pertimbangkan pengaturan ulang waktu lampu lalu lintas atau penempatan petugas.');
    expect(rec(en)).toHaveLength(4);
    expect(en.title).toBe('Weekly situation report · 23 November 2026 – 29 November 2026');
    expect(id.title).toBe('Laporan situasi mingguan · 23 November 2026 – 29 November 2026');
  });

  it('names the levels in English as the English UI does (Level 3, Jammed, Unhealthy), not in Indonesian', () => {
    const quiet = { ...input, forecasts: [], openAlerts: [] };
    const text = [buildReport(input, 'en'), buildReport(quiet, 'en')].flatMap((r) => r.sections.flatMap((s) => s.sentences.map(plainText))).join('\n');
    expect(text).toContain('reached Level 3 or worse on');
    expect(text).toContain('No gauge is expected to reach a higher flood level.');
    expect(text).toContain('was Unhealthy on');
    expect(text.match(/\b(Siaga|Macet|Padat|Waspada|Awas|Tidak Sehat)\b.*/g)).toBeNull();
  });

  it('links every number to a page', () => {
    const en = buildReport(input, 'en');
    for (const section of en.sections) {
      for (const sentence of section.sentences) {
        for (const part of sentence) {
          if (isLink(part)) expect(part.href).toMatch(/^\/(sensors|alerts|districts|replay|reports)/);
          // A digit in plain words is a number without a link, unless it is part of a label (Siaga 3, 120-minute target, 3/6, a sensor name).
          else expect(input.catalog.sensors.reduce((t, x) => t.replaceAll(x.name, ''), part).replace(/Siaga \d|Level \d|level \d|\d+-minute|target \d+ menit|\(\d+\/\d+\)|of the last \d+|dari \d+ hari|dari 7 hari|of the last 7|PM2\.5|, \d+ (never acknowledged|tidak ditangani)|^\d+\. |[+−±]\d+|\d+:\d+/g, '')).not.toMatch(/\d/);
        }
      }
    }
  });

  it('says the first facts in words', () => {
    const en = buildReport(input, 'en');
    const what = en.sections[0].sentences.map(plainText);
    expect(what[0]).toBe('There were 15 emergency alerts: 7 traffic, 4 air and 4 flood; and 1 sensor maintenance alerts.');
    expect(what[1]).toBe('By district: Samarinda Ulu 7, Sungai Pinang 7 and Samarinda Ilir 1.');
    const response = en.sections.find((s) => s.key === 'response')!.sentences.map(plainText);
    expect(response).toContain('Escalation notices: to backup responders on 2 alerts (Budi) and to team leads on 1 alert (Rina).');
    expect(buildReport(input, 'id').sections.find((s) => s.key === 'response')!.sentences.map(plainText))
      .toContain('Notifikasi eskalasi: ke petugas cadangan untuk 2 peringatan (Budi) dan ke ketua tim untuk 1 peringatan (Rina).');
    const change = en.sections.find((s) => s.key === 'change')!.sentences.map(plainText);
    expect(change[0]).toBe('All emergency alerts: 15 (previous period 8, +7; same period last week 8, +7).');
  });
});

describe('a quiet shift', () => {
  it('says so in every section instead of failing on empty data', () => {
    const shift = { kind: 'shift' as const, start: input.period.start + 7 * 3_600_000, end: input.period.start + 15 * 3_600_000, key: '2026-11-23T07:00' };
    const quiet = { ...input, period: shift, events: [], hourly: [], trafficSlots: [], escalations: [], forecasts: [], openAlerts: [], maintenance: [] };
    const en = buildReport(quiet, 'en');
    expect(en.title).toBe('Shift situation report · 23 November 2026, 07:00–15:00 WITA');
    expect(en.facts.alerts.perHour).toHaveLength(8);
    const text = (key: string) => en.sections.find((s) => s.key === key)!.sentences.map(plainText);
    expect(text('alerts')[0]).toBe('There were 0 emergency alerts; and 0 sensor maintenance alerts.');
    expect(text('ranking')).toEqual(['No district had an emergency alert.']);
    expect(text('quality')[0]).toBe('Data completeness over all sensors: 0.0 %.');
    // Every sensor sent nothing: each gets a maintenance visit recommended.
    expect(en.facts.recommendations.map((r) => r.rule)).toEqual(Array(6).fill('maintenance-visit'));
  });

  it('a worst episode\'s sentence names no silent update at an unchanged level, and keeps one that changes it', () => {
    // a forecast warning retells its time every 30 min (alert-refresh.ts): each an `updated` at the same level
    const worst = buildReport(input, 'id').facts.alerts.worst;
    const target = worst[worst.length - 1].alert;
    const raised = input.events.find((e) => e.alert.id === target.id && e.type === 'raised')!;
    const updated = (min: number, level: number) => ({ type: 'updated' as const, at: raised.at + min * 60_000, by: 'ingest', alert: { ...raised.alert, level, updatedAt: raised.at + min * 60_000 } });
    const refreshes = Array.from({ length: 14 }, (_, i) => updated(i + 1, raised.alert.level));
    const sentence = (extra: typeof refreshes) => {
      const report = buildReport({ ...input, events: [...input.events, ...extra].sort((a, b) => a.at - b.at) }, 'id');
      return report.sections.find((s) => s.key === 'alerts')!.sentences.map(plainText).find((t) => t.includes(target.sensorName))!;
    };
    expect(sentence(refreshes).match(/berubah/g)).toBeNull();
    expect(sentence([...refreshes, updated(20, raised.alert.level + 1)]).match(/berubah/g)).toHaveLength(1);
  });
});
