import { describe, expect, it } from 'vitest';
import { parseReportConfig } from './config';
import { createPdfRenderer, PDF_WAITING_MAX } from './pdf';
import { buildHourlyQuery, parseHourlySeries, planHourlyQueries, ROLLUP_LAG_MS, SLICE_MS } from './queries';

const HOUR = 3_600_000;

describe('report config', () => {
  it('has defaults and refuses bad values by variable', () => {
    const c = parseReportConfig({});
    expect(c.shifts).toEqual([420, 900, 1380]);
    expect(c.lang).toBe('id');
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => parseReportConfig({ REPORT_SHIFTS: '7am' })).toThrow(expect.objectContaining({ code: 'CONFIG_REPORT_SHIFTS' }));
    expect(() => parseReportConfig({ REPORT_WEBHOOK_URLS: 'http://x.example/h', REPORT_WEBHOOK_SECRET: 'short' })).toThrow(expect.objectContaining({ code: 'CONFIG_REPORT_WEBHOOK_SECRET' }));
    expect(() => parseReportConfig({ REPORT_WEBHOOK_URLS: 'ftp://x' })).toThrow(expect.objectContaining({ code: 'CONFIG_REPORT_WEBHOOK_URLS' }));
    // an entry missing its scheme is still a Slack token: the error names the entry, not its text
    expect(() => parseReportConfig({ REPORT_WEBHOOK_URLS: 'hooks.slack.com/services/T000/B000/XXXXsecret' })).toThrow(
      expect.objectContaining({ code: 'CONFIG_REPORT_WEBHOOK_URLS', message: expect.not.stringContaining('XXXXsecret') })
    );
    expect(parseReportConfig({ CHROMIUM_PATH: '/opt/chromium' }).chromiumPath).toBe('/opt/chromium');
  });
});

describe('hourly queries', () => {
  it('read the rollup up to two hours before now, raw after, one day per query', () => {
    const now = 100 * 24 * HOUR + 30 * 60_000;
    const qs = planHourlyQueries('air', now - 2 * SLICE_MS, now, now, true);
    const split = Math.floor((now - ROLLUP_LAG_MS) / HOUR) * HOUR;
    expect(qs.filter((q) => q.includes('"rollup_1h"."air"'))).toHaveLength(2);
    expect(qs.at(-1)).toBe(buildHourlyQuery('air', split, now, false));
    expect(planHourlyQueries('air', now - SLICE_MS, now, now, false).every((q) => !q.includes('rollup'))).toBe(true);
  });

  it('parse either form, the largest field count being the readings of the hour', () => {
    const rows = parseHourlySeries('flood', [{ name: 'flood', tags: { sensor: 'g1' }, columns: ['time', 'count_water_level', 'count_rainfall', 'mean_water_level', 'max_water_level'], values: [[0, 6, 5, 210.5, 220], [HOUR, 0, 0, null, null]] }]);
    expect(rows).toEqual([{ sensorId: 'g1', hour: 0, count: 6, mean: { water_level: 210.5 }, max: { water_level: 220 } }]);
  });
});

describe('PDF renderer bounds', () => {
  it('prints one at a time, tells the rest they wait too long, and caches finished periods', async () => {
    let running = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const print = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((r) => release.push(r));
      running--;
      return Buffer.from('%PDF-1.4');
    };
    const r = createPdfRenderer({ chromiumPath: '', timeoutMs: 1000, print });
    const html = async () => '<p>x</p>';
    const jobs = Array.from({ length: PDF_WAITING_MAX + 1 }, (_, i) => r.render(`k${i}`, html, true));
    const refused = await r.render('k-extra', html, true);
    expect(refused).toEqual({ ok: false, reason: 'busy' });
    for (let i = 0; i < jobs.length; i++) {
      await new Promise((t) => setTimeout(t, 5));
      release.shift()?.();
    }
    const done = await Promise.all(jobs);
    expect(done.every((d) => d.ok && !d.cached)).toBe(true);
    expect(most).toBe(1);
    const again = await r.render('k0', html, true);
    expect(again).toMatchObject({ ok: true, cached: true });
    expect(r.stats()).toEqual({ renders: 3, cacheHits: 1, busy: 1 });
  });
});
