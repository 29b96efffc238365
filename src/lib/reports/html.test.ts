import { describe, expect, it } from 'vitest';
import { renderReportDocument } from './html';
import { buildReport } from './report';
import { seededWeekInput } from './seeded-week';

describe('report HTML', () => {
  it('escapes every text that comes from data (a sensor name with markup)', () => {
    const input = seededWeekInput();
    const evil = '<script>alert(1)</script> "Simpang" & co';
    input.catalog = { ...input.catalog, sensors: input.catalog.sensors.map((s) => (s.id === 'traffic-sempaja-s' ? { ...s, name: evil } : s)) };
    input.events = input.events.map((e) => (e.alert.sensorId === 'traffic-sempaja-s' ? { ...e, alert: { ...e.alert, sensorName: evil } } : e));
    const html = renderReportDocument(buildReport(input, 'en'), 'https://pantau.example');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &quot;Simpang&quot; &amp; co');
  });

  it('has the title, absolute links, the per-hour chart with a bar per alert hour and a ranking chart per kind', () => {
    const html = renderReportDocument(buildReport(seededWeekInput(), 'id'), 'https://pantau.example');
    expect(html).toContain('<title>Laporan situasi mingguan · 23 November 2026 – 29 November 2026</title>');
    expect(html).toContain('href="https://pantau.example/sensors/traffic-lembuswana-n"');
    const perHour = /data-testid="chart-per-hour"[^]*?<\/svg>/.exec(html)![0];
    // 15 alerts in 15 distinct hours of the week: 15 bars.
    expect(perHour.match(/<rect /g)).toHaveLength(15);
    for (const kind of ['traffic', 'flood', 'air']) expect(html).toContain(`data-testid="chart-ranking-${kind}"`);
  });
});
