import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '../core/people';
import { ALERT_ACTIONS } from '../server/alert-actions';
import { auditActionText, auditRoleText } from './audit-labels';

const ROUTES = fileURLToPath(new URL('../../routes', import.meta.url));
const PREFIX_OF_HTTP: Record<string, string> = { "server/people/http'": 'people', "server/registry/http'": 'registry' };

/**
 * The action codes the people and registry API routes audit: the action named to guard, invalid, finish or audit in a
 * route that takes them from server/people/http.ts (stored as `people:…`) or server/registry/http.ts (`registry:…`).
 */
function routeActions(): string[] {
  const out = new Set<string>();
  for (const file of readdirSync(ROUTES, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const text = readFileSync(join(ROUTES, file), 'utf8');
    const prefix = Object.entries(PREFIX_OF_HTTP).find(([from]) => text.includes(from))?.[1];
    if (!prefix) continue;
    for (const m of text.matchAll(/\b(?:guard|invalid|finish|audit)\((?:event|g|g\.actor), '([a-z-]+)'/g)) out.add(`${prefix}:${m[1]}`);
  }
  return [...out].sort();
}

/** Every status a delivery is audited with (`delivery:<status>`, ingest/notify/people/records.ts); tsc checks it is all of them. */
const DELIVERY: Record<DeliveryStatus, true> = { sent: true, failed: true, fallback: true, held: true, given_up: true, quiet: true, unknown: true, uncovered: true };

describe('audit log labels', () => {
  it('name roles, the system included, in the reader language', () => {
    expect(auditRoleText('admin', 'id')).toBe('admin');
    expect(auditRoleText('engineer', 'id')).toBe('teknisi');
    expect(auditRoleText('system', 'id')).toBe('sistem');
    expect(auditRoleText('system', 'en')).toBe('system');
  });
  it('say action codes as short words, and show a code without words as the code', () => {
    expect(auditActionText('delivery:uncovered', 'id')).toBe('tanpa tim piket');
    expect(auditActionText('delivery:uncovered', 'en')).toBe('no team on call');
    expect(auditActionText('login', 'id')).toBe('masuk');
    // the alert's actions as its buttons name them (Tangani, Tugaskan, Catatan, Selesaikan), not other words for them
    expect(['acknowledge', 'assign', 'comment', 'resolve'].map((a) => auditActionText(`alert:${a}`, 'id'))).toEqual([
      'tangani peringatan', 'tugaskan peringatan', 'catatan peringatan', 'selesaikan peringatan'
    ]);
    // as the registry page says it (Nonaktifkan, status Dinonaktifkan)
    expect(auditActionText('registry:decommission', 'id')).toBe('sensor dinonaktifkan');
    // a shift as the people page (Tambah giliran) and the API's refusals (giliran jaga) name it, not the whole rota
    expect(auditActionText('people:shift-add', 'id')).toBe('giliran jaga ditambah');
    expect(auditActionText('people:team-rename', 'en')).toBe('people:team-rename');
    // not a lookup of any message: "action." + "login" is, "action.toString" is not
    expect(auditActionText('toString', 'en')).toBe('toString');
  });

  it('has words for every action code the code base audits (an API read refused to a non-admin included)', () => {
    const routes = routeActions();
    // the scan found the routes: a rename of http.ts or of its functions would otherwise leave nothing to check
    expect(routes).toEqual(expect.arrayContaining(['people:get', 'people:team-list', 'registry:list', 'registry:import']));
    const written = [
      ...routes,
      'login',
      'logout',
      ...[...ALERT_ACTIONS, 'unknown'].map((a) => `alert:${a}`),
      ...['viewed', 'accepted', 'refused'].map((a) => `ack-link:${a}`),
      ...Object.keys(DELIVERY).map((s) => `delivery:${s}`),
      ...['subscribe', 'unsubscribe'].map((a) => `push:${a}`),
      'people:self-test',
      'people:channel-test',
      'people:channel-disabled'
    ];
    expect(written.filter((code) => auditActionText(code, 'id') === code || auditActionText(code, 'en') === code)).toEqual([]);
  });
});
