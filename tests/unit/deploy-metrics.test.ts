/**
 * The Grafana dashboard and the Prometheus rules in deploy/ name only metrics the code registers:
 * a renamed metric would otherwise leave a silent alert (absent data never fires) and an empty panel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createIngestMetrics, startingStats } from '../../ingest/metrics';
import { createNotifyMetrics, createPeopleMetrics } from '../../ingest/notify/metrics';
import { parseWebhooks } from '../../ingest/notify/webhooks';
import { addProcessMetrics } from '../../src/lib/metrics/observed';
import { createWebMetrics } from '../../src/lib/server/metrics';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
/** Series Prometheus makes itself for every target. */
const PROMETHEUS_SERIES = new Set(['up']);
/** Our metrics and prom-client's process/runtime ones; PromQL functions and labels never start so. */
const METRIC_NAME = /\b(?:pantau|process|nodejs)_[a-z0-9_]+\b|\bup\b(?=\{)/g;

/** Every series name the three processes expose (a histogram as its _bucket, _sum and _count). */
function registeredNames(): { all: Set<string>; ours: string[] } {
  const registry = new Registry();
  const sink = { pendingLines: 0, pendingBytes: 0, journalBytes: 0, storedLines: 0, droppedLines: 0, failures: 0, connected: true };
  createIngestMetrics(registry, { stats: () => startingStats(sink), journalMaxBytes: 1024, lagSeconds: () => 0 });
  const webhooks = parseWebhooks(JSON.stringify([{ url: 'https://hooks.example.org/x', secret: 'a-secret-of-16-chars-or-more' }]));
  createNotifyMetrics(registry, webhooks, () => ({ received: 0, invalid: 0, webhooks: {} }));
  createPeopleMetrics(registry, () => ({
    events: 0, messages: 0, unreachable: 0, nobodyOnCall: 0, deliveries: {}, digests: 0, held: 0, criticalPassed: 0,
    escalation: { open: 0, steps: { backup: 0, lead: 0 }, stopped: 0, evicted: 0 }, pool: { running: 0, queued: 0, dropped: 0 },
    directoryVersion: 0, people: 0, pendingEvents: 0, records: { queued: 0, written: 0, dropped: 0 }
  }));
  createWebMetrics(registry, { stats: () => ({ clients: 0, readingBatches: 0, skippedDeliveries: 0, droppedMessages: 0, alertEvents: 0 }), status: () => ({ mqtt: true, influx: true, lastReadingAt: 0 }) });
  const ours = registry.getMetricsAsArray().map((m) => m.name);
  addProcessMetrics(registry);
  const all = new Set<string>(PROMETHEUS_SERIES);
  for (const m of registry.getMetricsAsArray() as unknown as { name: string; type: string }[]) {
    all.add(m.name);
    if (m.type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) all.add(m.name + suffix);
  }
  return { all, ours };
}

/** The `expr:` of each rule, by alert name (the rules file keeps each expression on one line). */
function ruleExpressions(): Map<string, string> {
  const rules = new Map<string, string>();
  let alert = '';
  for (const line of read('deploy/prometheus/pantau-alerts.yml').split('\n')) {
    const a = /^\s*- alert: (\S+)\s*$/.exec(line);
    if (a) alert = a[1];
    const e = /^\s*expr: (.+)$/.exec(line);
    if (e) rules.set(alert, e[1]);
  }
  return rules;
}

function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(read('deploy/grafana/pantau-dashboard.json')) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}

const { all, ours } = registeredNames();
const namesIn = (expr: string) => [...expr.matchAll(METRIC_NAME)].map((m) => m[0]);

describe('deploy/ metrics references', () => {
  it('the alert rules cover ingest down, rejections, journal lag, write latency and delivery failures', () => {
    const rules = ruleExpressions();
    for (const name of ['PantauIngestDown', 'PantauIngestRejectionRatioHigh', 'PantauIngestJournalLagGrowing', 'PantauIngestWriteLatencyHigh', 'PantauWebhookDeliveryFailing']) {
      expect(rules.has(name), name).toBe(true);
    }
    expect(rules.get('PantauIngestWriteLatencyHigh')).toContain('histogram_quantile(0.99');
  });

  it.each([...ruleExpressions()])('rule %s names only registered metrics', (_alert, expr) => {
    const names = namesIn(expr);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(all.has(name), name).toBe(true);
  });

  it('every dashboard query names only registered metrics', () => {
    const exprs = dashboardExpressions();
    expect(exprs.length).toBeGreaterThan(20);
    for (const expr of exprs) {
      expect(namesIn(expr).length, expr).toBeGreaterThan(0);
      for (const name of namesIn(expr)) expect(all.has(name), `${name} in ${expr}`).toBe(true);
    }
  });

  it('every Pantau metric is on the dashboard', () => {
    const shown = new Set(dashboardExpressions().flatMap(namesIn).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    expect(ours.length).toBeGreaterThan(20);
    for (const name of ours) expect(shown.has(name), name).toBe(true);
  });

  it('the jobs the rules watch are the jobs the example scrape configuration defines', () => {
    const jobs = new Set([...read('deploy/prometheus/prometheus.example.yml').matchAll(/job_name: (\S+)/g)].map((m) => m[1]));
    const watched = [...ruleExpressions().values()].flatMap((e) => [...e.matchAll(/job="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(watched)).toEqual(jobs);
  });
});
