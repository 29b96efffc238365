import { describe, expect, it } from 'vitest';
import type { Alert, AlertEvent } from '../../src/lib/core/alert';
import { pushPayload } from './channels/webpush';
import { DIGEST_LISTED, reasonLine, renderAlertMessage, renderDigest, type RenderContext } from './render';

// 2026-12-06 06:02 UTC = 14:02 WITA.
const AT = Date.UTC(2026, 11, 6, 6, 2, 0);

function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'gunung-lingai:flood_level:1796536920000',
    sensorId: 'gunung-lingai',
    sensorName: 'Pos TMA Gunung Lingai',
    kind: 'flood',
    district: 'Sungai Pinang',
    rule: 'flood_level',
    category: 'emergency',
    severity: 'critical',
    level: 2,
    title: { id: 'Siaga 2 · Sungai Karang Mumus — Siaga 2 ≥ 215 cm', en: 'Alert level 2 · Karang Mumus river ≥ 215 cm' },
    explanation: { id: 'Muka air 221 cm, di atas batas Siaga 2 (215 cm).', en: 'Water at 221 cm, above the level 2 mark (215 cm).' },
    action: { id: 'Siapkan evakuasi warga bantaran.', en: 'Prepare to evacuate riverbank residents.' },
    value: 221,
    state: 'raised',
    raisedAt: AT,
    updatedAt: AT,
    comments: [],
    ...over
  };
}

function event(type: AlertEvent['type'], a: Alert = alert(), by = 'ingest'): AlertEvent {
  return { type, at: AT, by, alert: a };
}

const CTX: RenderContext = {
  personId: 'sari',
  language: 'id',
  reason: 'oncall',
  team: { id: 'BPBD', en: 'BPBD' },
  url: 'https://pantau.example/alerts/x',
  ackUrl: 'https://pantau.example/ack/tok.sig'
};

describe('renderAlertMessage', () => {
  it('speaks Indonesian: title, explanation, action, WITA time, district, the on-call reason and both links', () => {
    const m = renderAlertMessage(event('raised'), CTX);
    expect(m.title).toBe('Siaga 2 · Sungai Karang Mumus — Siaga 2 ≥ 215 cm');
    expect(m.body).toContain('Muka air 221 cm');
    expect(m.body).toContain('Siapkan evakuasi warga bantaran.');
    expect(m.body).toMatch(/6 Des 2026, 14[.:]02 WITA/);
    expect(m.body).toContain('Kecamatan: Sungai Pinang');
    expect(m.body).toContain('Anda menerima ini sebagai petugas piket BPBD.');
    expect(m.body).toContain('Lihat: https://pantau.example/alerts/x');
    expect(m.body).toContain('Tangani (saya yang menangani): https://pantau.example/ack/tok.sig');
    expect(m).toMatchObject({ personId: 'sari', severity: 'critical', alertIds: [alert().id], tag: alert().id, ackUrl: CTX.ackUrl });
    expect(m.summary).not.toContain('https://');
  });

  it('speaks English with the same facts', () => {
    const m = renderAlertMessage(event('raised'), { ...CTX, language: 'en' });
    expect(m.title).toBe('Alert level 2 · Karang Mumus river ≥ 215 cm');
    expect(m.body).toContain('6 Dec 2026, 14:02 WITA');
    expect(m.body).toContain("You receive this as BPBD's on-call responder.");
    expect(m.body).toContain("Acknowledge (I'm on it): https://pantau.example/ack/tok.sig");
  });

  it('says why a backup and a lead are called, with the minutes waited', () => {
    expect(renderAlertMessage(event('raised'), { ...CTX, reason: 'backup', waitedMin: 5 }).body).toContain(
      'Anda menerima ini sebagai petugas cadangan BPBD: petugas piket belum menanganinya dalam 5 menit.'
    );
    expect(reasonLine({ language: 'en', reason: 'lead', team: { id: 'BPBD', en: 'BPBD' }, waitedMin: 15 })).toBe(
      "You receive this as BPBD's team lead: nobody has acknowledged within 15 minutes."
    );
    expect(reasonLine({ language: 'id', reason: 'subscription' })).toBe('Anda menerima ini karena langganan peringatan Anda.');
  });

  it('says a long wait in hours and days, not thousands of minutes (a chain paged after a long outage)', () => {
    const waited = (language: 'id' | 'en', waitedMin: number) => reasonLine({ language, reason: 'backup', team: { id: 'BPBD', en: 'BPBD' }, waitedMin });
    expect(waited('id', 4320)).toBe('Anda menerima ini sebagai petugas cadangan BPBD: petugas piket belum menanganinya dalam 3 hari.');
    expect(waited('en', 4320)).toBe("You receive this as BPBD's backup responder: the on-call responder has not acknowledged within 3 days.");
    expect(waited('id', 60)).toContain('dalam 1 jam.');
    expect(waited('en', 60)).toContain('within 1 hour.');
    expect(waited('id', 90)).toContain('dalam 1 jam 30 menit.');
    expect(waited('en', 150)).toContain('within 2 hours 30 minutes.');
    expect(waited('en', 59)).toContain('within 59 minutes.');
    expect(waited('en', 1440 + 61)).toContain('within 1 day 1 hour.');
    expect(waited('id', 2 * 1440 + 5 * 60 + 59)).toContain('dalam 2 hari 5 jam.');
    expect(reasonLine({ language: 'en', reason: 'lead', waitedMin: 3 * 1440 })).toBe("You receive this as the team's team lead: nobody has acknowledged within 3 days.");
  });

  it('drops the acknowledge link once the alert is acknowledged or resolved, and says by whom', () => {
    const acked = renderAlertMessage(event('acknowledged', alert({ state: 'acknowledged', acknowledgedBy: 'budi' }), 'budi'), CTX);
    expect(acked.ackUrl).toBeUndefined();
    expect(acked.body).not.toContain('/ack/');
    expect(acked.title).toBe('Ditangani: Siaga 2 · Sungai Karang Mumus — Siaga 2 ≥ 215 cm');
    expect(acked.body).toContain('Ditangani oleh budi.');
    const resolved = renderAlertMessage(event('resolved', alert({ state: 'resolved', resolvedBy: 'sari' }), 'sari'), { ...CTX, language: 'en' });
    expect(resolved.ackUrl).toBeUndefined();
    expect(resolved.title.startsWith('Resolved: ')).toBe(true);
    expect(resolved.body).toContain('Resolved by sari.');
  });

  it('marks escalations in the title', () => {
    expect(renderAlertMessage(event('escalated'), CTX).title.startsWith('Meningkat: ')).toBe(true);
  });
});

describe('renderDigest', () => {
  const alerts = [
    alert({ id: 'a', severity: 'info', title: { id: 'Arus lambat A', en: 'Slow traffic A' }, raisedAt: AT - 90_000 }),
    alert({ id: 'b', severity: 'warning', title: { id: 'Kualitas udara B', en: 'Air quality B' }, raisedAt: AT - 60_000 }),
    alert({ id: 'c', severity: 'info', title: { id: 'Arus lambat C', en: 'Slow traffic C' }, raisedAt: AT - 30_000 }),
    alert({ id: 'd', severity: 'warning', title: { id: 'Kualitas udara D', en: 'Air quality D' }, raisedAt: AT }),
    alert({ id: 'e', severity: 'info', title: { id: 'Arus lambat E', en: 'Slow traffic E' }, raisedAt: AT - 10_000 })
  ];
  const ctx = { personId: 'sari', language: 'id' as const, url: 'https://pantau.example/alerts', windowMs: 90_000 };

  it('counts and spans in the title, lists worst first, newest first, with WITA times and no acknowledge link', () => {
    const m = renderDigest(alerts, ctx);
    expect(m.title).toBe('5 peringatan baru dalam 2 menit');
    expect(m.alertIds).toEqual(['d', 'b', 'e', 'c', 'a']);
    expect(m.severity).toBe('warning');
    expect(m.ackUrl).toBeUndefined();
    expect(m.body.split('\n')[0]).toMatch(/^• 14[.:]02 Kualitas udara D \(Sungai Pinang\)$/);
    expect(m.body).toContain('Lihat semua: https://pantau.example/alerts');
    expect(m.tag).toMatch(/^digest:sari:/);
  });

  it('each digest has its own tag (and push topic): a new one never replaces the last one unread on the phone', () => {
    const first = renderDigest(alerts, { ...ctx, at: AT });
    const next = renderDigest(alerts, { ...ctx, at: AT + 60_000 });
    expect([first.tag, next.tag]).toEqual([`digest:sari:${AT}`, `digest:sari:${AT + 60_000}`]);
    expect(JSON.parse(pushPayload(first)).tag).not.toBe(JSON.parse(pushPayload(next)).tag);
    expect(renderDigest(alerts.slice(0, 1), ctx).tag).not.toBe(renderDigest(alerts.slice(1, 2), ctx).tag);
  });

  it('English plural and singular; long lists are cut with a count', () => {
    expect(renderDigest(alerts, { ...ctx, language: 'en' }).title).toBe('5 new alerts in 2 minutes');
    expect(renderDigest(alerts.slice(0, 1), { ...ctx, language: 'en', windowMs: 0 }).title).toBe('1 new alert in 1 minute');
    const many = Array.from({ length: DIGEST_LISTED + 4 }, (_, i) => alert({ id: `x${i}`, severity: 'info', raisedAt: AT + i }));
    const m = renderDigest(many, ctx);
    expect(m.body).toContain('… dan 4 lainnya');
    expect(m.body.split('\n').filter((l) => l.startsWith('• '))).toHaveLength(DIGEST_LISTED);
  });

  it('alerts held beyond what the digest keeps are counted in the title and the "and N more" line', () => {
    const m = renderDigest(alerts, { ...ctx, language: 'en', more: 30 });
    expect(m.title).toBe('35 new alerts in 2 minutes');
    expect(m.body).toContain('… and 30 more');
    expect(m.summary).toContain('… and 32 more');
  });
});
