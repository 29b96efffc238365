import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/alert';
import { applyAlertAction } from '../../core/alert-lifecycle';
import { ACK_TOKEN_TTL_MS, signAckToken } from '../../notify/ack-token';
import type { AuditEntry } from '../auth/audit';
import { testAlert } from '../alert-fixtures';
import { performAction } from '../alert-actions';
import type { AckLinkStore } from './link-store';
import { keptAlertOf } from './merged';
import { createAckService } from './service';

/**
 * A link for an alert merged into another (raised twice for one condition across an ingest restart): it acknowledges
 * the alert the condition goes on in, whose chain is still paging; it refused with "closed" before.
 */
const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = 1_000_000;
const KEPT = 's1:flood_level:1';
const MERGED = 's1:flood_level:500000';
const kept: Alert = { ...testAlert(KEPT, 400_000), severity: 'critical', level: 2 };
const merged: Alert = { ...testAlert(MERGED, 600_000, 'resolved'), raisedAt: 500_000, severity: 'critical', level: 2, resolvedBy: 'pantau', mergedInto: KEPT };

function bed(held: Alert[]) {
  const alerts = new Map(held.map((a) => [a.id, a]));
  let claimed = 0;
  const act = async (action: Parameters<typeof applyAlertAction>[1], user: string) => {
    const e = applyAlertAction(alerts.get(action.alertId)!, action, user, NOW);
    if ('ok' in e) return { ok: false as const, error: e.detail };
    alerts.set(e.alert.id, e.alert);
    return { ok: true as const, event: e };
  };
  const audit: AuditEntry[] = [];
  const hub = { alert: (id: string) => alerts.get(id), actAs: (who: Parameters<typeof performAction>[0], action: unknown, o?: { byLink?: boolean }) => performAction(who, action, act, (e) => audit.push(e), o) };
  const store: AckLinkStore = { person: async (id) => ({ id, name: 'Sari', active: true }), usedAt: async () => null, claim: async () => (claimed++, true), release: async () => undefined };
  const svc = createAckService({ secret: SECRET, store, hub, roleOf: () => undefined, audit: (e) => audit.push(e), now: () => NOW });
  // the primary's page for the merged alert, at the version it was sent about
  const link = signAckToken(SECRET, { alertId: MERGED, personId: 'sari', exp: NOW + ACK_TOKEN_TTL_MS, jti: 'webpush.m1', version: 0 });
  return { svc, link, alerts, audit, claimed: () => claimed };
}

describe('an acknowledge link for an alert merged into another', () => {
  it('acknowledges the alert it was merged into, as the same person, and the audit names both', async () => {
    const b = bed([kept, merged]);
    expect(await b.svc.inspect(b.link, '10.0.1.1')).toMatchObject({ status: 'confirm', alert: { id: KEPT, state: 'raised' }, mergedFrom: MERGED });
    // was: closed ("merged into alert …: acknowledge it in the console"), and the kept alert's chain paged on
    expect(await b.svc.accept(b.link, '10.0.1.1')).toMatchObject({ status: 'done', alert: { id: KEPT, state: 'acknowledged', acknowledgedBy: 'person:sari' }, mergedFrom: MERGED });
    expect(b.alerts.get(KEPT)).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'person:sari', acknowledgedVia: 'webpush' });
    expect(b.alerts.get(MERGED)).toEqual(merged);
    expect(b.claimed()).toBe(1);
    const accepted = b.audit.find((e) => e.action === 'ack-link:accepted');
    expect(accepted).toMatchObject({ ok: true, user: 'person:sari', target: KEPT });
    expect(accepted?.detail).toContain(MERGED);
  });

  it('says who acknowledged the kept alert already, and that the link was for the merged one', async () => {
    const acked = applyAlertAction(kept, { alertId: KEPT, action: 'acknowledge', version: 0 }, 'operator1', NOW - 1_000);
    if ('ok' in acked) throw new Error(acked.detail);
    const b = bed([acked.alert, merged]);
    expect(await b.svc.accept(b.link, '10.0.1.2')).toMatchObject({ status: 'closed', alert: { id: KEPT, acknowledgedBy: 'operator1' }, mergedFrom: MERGED });
    expect(b.claimed()).toBe(0);
  });

  it('is stale when the kept alert states a worse condition than the person was told, and stays unused', async () => {
    const b = bed([{ ...kept, level: 3, worsenedAt: NOW - 5_000 }, merged]);
    expect(await b.svc.accept(b.link, '10.0.1.3')).toMatchObject({ status: 'stale', alert: { id: KEPT, state: 'raised' }, worsenedAt: NOW - 5_000, mergedFrom: MERGED });
    expect([b.claimed(), b.alerts.get(KEPT)?.state]).toEqual([0, 'raised']);
    // the fold itself may set the kept alert's worsenedAt when it carries the condition over: not worse than told, not stale
    const carried = bed([{ ...kept, worsenedAt: NOW - 5_000 }, merged]);
    expect((await carried.svc.accept(carried.link, '10.0.1.3')).status).toBe('done');
  });

  it('is not stale when only the kept alert was escalated by time: the same water, the primary answered', async () => {
    // the older kept alert escalated by time (warning → critical), the newer merged one not yet: was refused as stale
    const b = bed([{ ...kept, severity: 'critical', level: 1, escalated: true }, { ...merged, severity: 'warning', level: 1 }]);
    expect(await b.svc.accept(b.link, '10.0.1.5')).toMatchObject({ status: 'done', alert: { id: KEPT, state: 'acknowledged' }, mergedFrom: MERGED });
    // a worse level is still stale, escalated or not
    const worse = bed([{ ...kept, severity: 'critical', level: 2, escalated: true }, { ...merged, severity: 'warning', level: 1 }]);
    expect((await worse.svc.accept(worse.link, '10.0.1.5')).status).toBe('stale');
    // a critical condition on the kept alert, the merged one told only its escalated warning: stale
    const graver = bed([{ ...kept, severity: 'critical', level: 1 }, { ...merged, severity: 'critical', level: 1, escalated: true }]);
    expect((await graver.svc.accept(graver.link, '10.0.1.5')).status).toBe('stale');
  });

  it('follows mergedInto only to an alert of the same sensor and rule', async () => {
    const other: Alert = { ...testAlert('s2:rate_of_rise:1', 400_000), sensorId: 's2', rule: 'rate_of_rise', severity: 'critical', level: 2 };
    const crafted: Alert = { ...merged, mergedInto: other.id };
    const b = bed([other, crafted]);
    // was: done, acknowledging another sensor's alert and stopping its chain
    expect((await b.svc.accept(b.link, '10.0.1.6')).status).toBe('closed');
    expect([b.claimed(), b.alerts.get(other.id)?.state]).toEqual([0, 'raised']);
    expect(keptAlertOf({ ...merged, mergedInto: other.id }, (id) => b.alerts.get(id))).toBeUndefined();
    expect(keptAlertOf({ ...merged, rule: 'rate_of_rise' }, () => kept)).toBeUndefined();
  });

  it('without the kept alert held, says where the condition goes on (as before) and acts on nothing', async () => {
    const b = bed([merged]);
    expect(await b.svc.accept(b.link, '10.0.1.4')).toEqual({ status: 'closed', alert: expect.objectContaining({ id: MERGED, mergedInto: KEPT }) });
    expect(b.claimed()).toBe(0);
  });

  it('follows a bounded chain of merges and never a loop', () => {
    const held = new Map<string, Alert>([[KEPT, kept], [MERGED, merged]]);
    expect(keptAlertOf(merged, (id) => held.get(id))?.id).toBe(KEPT);
    expect(keptAlertOf(kept, (id) => held.get(id))).toBeUndefined();
    const a: Alert = { ...merged, id: 'a', mergedInto: 'b' };
    const loop = new Map<string, Alert>([['a', a], ['b', { ...merged, id: 'b', mergedInto: 'a' }]]);
    expect(keptAlertOf(a, (id) => loop.get(id))).toBeUndefined();
  });
});
