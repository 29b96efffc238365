import { describe, expect, it } from 'vitest';
import { auditDetail, formatAuditDetail, refusalArgs } from '../../i18n/audit-detail';
import { parseShift, parseTeam } from '../../schemas/people';
import { channelEditProblems, changesProblems, loginProblems, pathIdProblem } from './route-checks';

/** The refusal as /audit shows it in Indonesian; its English is exactly the problems as answered. */
function saidId(errors: string[]): string {
  const detail = auditDetail('refused', refusalArgs(errors));
  expect(formatAuditDetail('en', detail)).toBe(`refused: ${errors.join('; ')}`);
  return formatAuditDetail('id', detail);
}

describe("the people API's own refusals in the reader's language", () => {
  it("says a path's bad ids and a channel edit's problems in Indonesian, the English as answered before", () => {
    expect(pathIdProblem('shift', '7')).toBeNull();
    const ids = (['channel', 'shift', 'subscription'] as const).map((what) => pathIdProblem(what, 'x')!);
    expect(ids).toEqual(['channel id must be a positive integer', 'shift id must be a positive integer', 'subscription id must be a positive integer']);
    expect(saidId(ids)).toBe('ditolak: id saluran harus bilangan bulat positif; id giliran jaga harus bilangan bulat positif; id langganan harus bilangan bulat positif');
    const edit = channelEditProblems('0', 100, 'yes');
    expect(edit).toEqual(['channel id must be a positive integer', 'rank must be a whole number in [0, 99]', 'enabled must be true or false']);
    expect(saidId(edit)).toBe('ditolak: id saluran harus bilangan bulat positif; rank harus bilangan bulat dalam [0, 99]; enabled harus true atau false');
    expect(channelEditProblems('3', 2, undefined)).toEqual([]);
    expect(saidId(channelEditProblems('3', undefined, undefined))).toBe('ditolak: tidak ada yang diubah: berikan rank atau enabled');
  });

  it("says an edit's changes that are no object or name fields not editable here in Indonesian", () => {
    expect(changesProblems('person', [], ['name'])).toEqual(['changes must be an object of person fields']);
    expect(saidId(changesProblems('team', null, ['name']))).toBe('ditolak: changes harus berupa objek berisi kolom data tim');
    const unknown = changesProblems('person', { name: 'x', id: 'y', 'a b': 1 }, ['name']);
    expect(unknown).toEqual(['changes: id cannot be changed here', 'changes: a b cannot be changed here']);
    expect(saidId(unknown)).toBe('ditolak: changes: id tidak dapat diubah di sini; changes: a b tidak dapat diubah di sini');
  });

  it('words the first 50 unknown fields and counts the rest: thousands pushed the first ones out of what is remembered', () => {
    const changes = Object.fromEntries(Array.from({ length: 1_200 }, (_, i) => [`f${i}`, 1]));
    const errors = changesProblems('team', changes, ['name']);
    expect(errors).toHaveLength(51);
    expect(errors.at(-1)).toBe('… and 1150 more');
    expect(saidId(errors.slice(0, 1))).toBe('ditolak: changes: f0 tidak dapat diubah di sini');
  });

  it('says a login that is not one of this command center in Indonesian', () => {
    const users = new Set(['sari']);
    expect(loginProblems('sari', users)).toEqual([]);
    expect(loginProblems(null, users)).toEqual([]);
    const login = loginProblems('budi', users);
    expect(login).toEqual(['user: "budi" is not a login of this command center (PANTAU_USERS)']);
    expect(saidId(login)).toBe('ditolak: user: "budi" bukan login pusat komando ini (PANTAU_USERS)');
  });

  it("says a shift's and a team's schema problems under their prefix (as the routes answer them) in Indonesian", () => {
    const shift = parseShift({ personId: 'sari', role: 'boss', start: 2, end: 1 });
    if (shift.ok) throw new Error('expected a refusal');
    const team = parseTeam({ id: 'Bad Id', name: { id: 'x' } });
    if (team.ok) throw new Error('expected a refusal');
    const said = saidId([...shift.errors.map((e) => `shift: ${e}`), ...team.errors.map((e) => `team: ${e}`)]);
    expect(said).toMatch(/^ditolak: shift: role harus primary atau backup; /);
    expect(said).toContain('team: id harus 1–64 huruf kecil');
    expect(said).not.toMatch(/must|is required/);
  });
});
