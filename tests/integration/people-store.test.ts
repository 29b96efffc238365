/**
 * The people directory on the real PostgreSQL of `npm test`: every change bumps the version in its
 * own transaction (a refused one bumps nothing), revisions refuse stale edits, the notifier's
 * snapshot holds exactly active people, teams and recent shifts, and the demo seed fills only an
 * empty directory.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCall } from '../../src/lib/notify/rota';
import { parseChannel, parsePerson, parseShift, parseSubscription, parseTeam } from '../../src/lib/schemas/people';
import { DEMO_USERS } from '../../src/lib/server/auth/demo-users';
import { seedDemoPeople } from '../../src/lib/server/people/demo-seed';
import { directoryVersion, loadDirectory } from '../../src/lib/server/people/directory';
import { createPeopleStore, type PeopleStore } from '../../src/lib/server/people/store';
import { migrate, readMigrations } from '../../src/lib/server/registry/migrate';
import { createTestDatabase, openTestPool, type TestDatabase } from '../helpers/postgres';

const admin = { user: 'admin', role: 'admin' };
const HOUR = 3_600_000;
let db: TestDatabase;
let pool: pg.Pool;
let store: PeopleStore;

function value<T>(checked: { ok: true; value: T } | { ok: false; errors: string[] }): T {
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  return checked.value;
}

beforeAll(async () => {
  db = await createTestDatabase('people_store');
  pool = openTestPool(db.url, 4);
  await migrate(pool, await readMigrations());
  store = createPeopleStore(pool);
}, 60_000);

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

describe('people store', () => {
  it('bumps the directory version with every change, and not with a refused one', async () => {
    const v0 = await directoryVersion(pool);
    const created = await store.createPerson(admin, value(parsePerson({ id: 'rina', name: 'Rina Marlina', user: 'rina', quietHours: { startMin: 1320, endMin: 360 } })));
    expect(created).toMatchObject({ ok: true, version: v0 + 1, value: { id: 'rina', revision: 1, updatedBy: 'admin', quietHours: { startMin: 1320, endMin: 360 } } });
    expect(await store.createPerson(admin, value(parsePerson({ id: 'rina', name: 'Another' })))).toMatchObject({ ok: false, status: 409 });
    expect(await store.createPerson(admin, value(parsePerson({ id: 'rina2', name: 'Same login', user: 'rina' })))).toEqual({
      ok: false,
      status: 409,
      errors: ['this login is linked to another person already']
    });
    expect(await directoryVersion(pool)).toBe(v0 + 1);
    const email = await store.addChannel(admin, 'rina', value(parseChannel({ kind: 'email', address: 'rina@bpbd.example.invalid', rank: 1 })));
    const wa = await store.addChannel(admin, 'rina', value(parseChannel({ kind: 'whatsapp', address: '6281255501234', rank: 0 })));
    expect(email.ok && wa.ok).toBe(true);
    expect(await store.addChannel(admin, 'nobody', value(parseChannel({ kind: 'email', address: 'x@example.invalid' })))).toMatchObject({ ok: false, status: 404 });
    expect((await store.getPerson('rina'))!.channels.map((c) => c.kind)).toEqual(['whatsapp', 'email']);
    expect(await directoryVersion(pool)).toBe(v0 + 3);
  });

  it('refuses an edit made from a stale revision', async () => {
    const first = await store.updatePerson(admin, 'rina', value(parsePerson({ id: 'rina', name: 'Rina M.', user: 'rina' })), 1);
    expect(first).toMatchObject({ ok: true, value: { name: 'Rina M.', revision: 2 } });
    const stale = await store.updatePerson(admin, 'rina', value(parsePerson({ id: 'rina', name: 'Rina Old' })), 1);
    expect(stale).toMatchObject({ ok: false, status: 409, errors: [expect.stringContaining('changed meanwhile')] });
    expect((await store.getPerson('rina'))!.name).toBe('Rina M.');
  });

  it('gives the notifier one snapshot: active people only, channels by rank, teams, shifts of the last day on', async () => {
    const now = Date.now();
    await store.createPerson(admin, value(parsePerson({ id: 'tono', name: 'Tono', active: false })));
    await store.createPerson(admin, value(parsePerson({ id: 'lia', name: 'Lia' })));
    await store.addSubscription(admin, 'rina', value(parseSubscription({ kinds: ['flood'], minSeverity: 'critical' })));
    const team = await store.createTeam(admin, value(parseTeam({ id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: ['flood'], leadPersonId: 'lia', backupAfterMin: 5, leadAfterMin: 15 })));
    expect(team).toMatchObject({ ok: true, value: { leadPersonId: 'lia', backupAfterMin: 5 } });
    expect(await store.createTeam(admin, value(parseTeam({ id: 'x', name: { id: 'X', en: 'X' }, leadPersonId: 'ghost' })))).toMatchObject({ ok: false, status: 400 });
    const old = await store.addShift(admin, 'bpbd', value(parseShift({ personId: 'rina', role: 'primary', start: now - 30 * HOUR, end: now - 26 * HOUR })));
    const current = await store.addShift(admin, 'bpbd', value(parseShift({ personId: 'rina', role: 'primary', start: now - HOUR, end: now + 7 * HOUR })));
    const cover = await store.addShift(admin, 'bpbd', value(parseShift({ personId: 'lia', role: 'primary', start: now - 0.5 * HOUR, end: now + HOUR })));
    await store.addShift(admin, 'bpbd', value(parseShift({ personId: 'lia', role: 'backup', start: now - HOUR, end: now + 7 * HOUR })));
    expect(old.ok && current.ok && cover.ok).toBe(true);
    expect(await store.addShift(admin, 'bpbd', value(parseShift({ personId: 'ghost', role: 'primary', start: now, end: now + HOUR })))).toMatchObject({ ok: false, status: 400 });

    const d = await loadDirectory(pool);
    expect(d.version).toBe(await directoryVersion(pool));
    expect(d.people.map((p) => p.id).sort()).toEqual(['lia', 'rina']);
    const rina = d.people.find((p) => p.id === 'rina')!;
    expect(rina).not.toHaveProperty('revision');
    expect(rina.channels.map((c) => [c.kind, c.address])).toEqual([['whatsapp', '6281255501234'], ['email', 'rina@bpbd.example.invalid']]);
    expect(rina.subscriptions).toEqual([{ id: expect.any(Number), districts: [], kinds: ['flood'], categories: ['emergency'], minSeverity: 'critical' }]);
    expect(d.teams).toEqual([{ id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: ['flood'], districts: [], leadPersonId: 'lia', backupAfterMin: 5, leadAfterMin: 15 }]);
    expect(d.shifts).toHaveLength(3); // the one that ended 26 hours ago is history
    // The latest-starting primary wins the overlap; after it ends, rina again.
    expect(onCall(d, 'bpbd', now)).toMatchObject({ primary: { id: 'lia' }, backup: { id: 'lia' }, lead: { id: 'lia' } });
    expect(onCall(d, 'bpbd', now + 2 * HOUR).primary?.id).toBe('rina');
  });

  it('deletes a person with their channels and shifts; their team keeps no lead', async () => {
    const before = await directoryVersion(pool);
    expect(await store.deletePerson(admin, 'lia')).toMatchObject({ ok: true, version: before + 1 });
    expect(await store.deletePerson(admin, 'lia')).toMatchObject({ ok: false, status: 404 });
    const d = await store.read({ shiftsFrom: 0 });
    expect(d.people.map((p) => p.id).sort()).toEqual(['rina', 'tono']);
    expect(d.shifts.every((s) => s.personId === 'rina')).toBe(true);
    expect(d.teams[0].leadPersonId).toBeUndefined();
    expect(await store.removeShift(admin, 'bpbd', d.shifts[0].id)).toMatchObject({ ok: true });
    expect(await store.removeShift(admin, 'bpbd', d.shifts[0].id)).toMatchObject({ ok: false, status: 404 });
  });

  it('seeds the demo directory only on the demo users, and only into an empty directory', async () => {
    const demoUsers = new Map(DEMO_USERS.map((u) => [u.user, { role: u.role }]));
    expect(await seedDemoPeople(pool, demoUsers)).toBe(false); // rina is there
    const fresh = await createTestDatabase('people_seed');
    const freshPool = openTestPool(fresh.url, 2);
    try {
      await migrate(freshPool, await readMigrations());
      expect(await seedDemoPeople(freshPool, new Map([['wati', { role: 'admin' as const }]]))).toBe(false);
      expect(await directoryVersion(freshPool)).toBe(0);
      expect(await seedDemoPeople(freshPool, demoUsers)).toBe(true);
      const d = await loadDirectory(freshPool);
      expect(d.version).toBe(1);
      expect(d.teams.map((t) => t.id)).toEqual(['bpbd', 'dishub', 'dlh', 'pupr']);
      expect(d.people.find((p) => p.user === 'sari')).toMatchObject({ name: 'Sari Wulandari', channels: [{ kind: 'email', address: 'sari@bpbd.example.invalid' }] });
      for (const t of d.teams) expect(onCall(d, t.id, Date.now())).toMatchObject({ primary: expect.any(Object), backup: expect.any(Object), lead: expect.any(Object) });
      expect(await seedDemoPeople(freshPool, demoUsers)).toBe(false);
    } finally {
      await freshPool.end();
      await fresh.drop();
    }
  });
});
