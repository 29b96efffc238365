import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/lib/core/people';
import { parseDeliveryRecord } from '../../../src/lib/schemas/wire';
import { deliveryDetail, recordLines } from './records';
import { createUncoveredLog } from './uncovered';
import { alert, directory, event, person } from './test-fixtures';

const team = { id: 'bpbd', name: { id: 'BPBD', en: 'BPBD' }, kinds: [], districts: ['Samarinda Ulu'], backupAfterMin: 10, leadAfterMin: 20 };
const dir = directory([person('ani')], { teams: [team] });

describe('critical emergencies no team covers', () => {
  it('are logged once per alert with the kind and district, and counted', () => {
    const logs: string[] = [];
    const u = createUncoveredLog((m) => logs.push(m));
    const a = alert({ district: 'Sungai Pinang' });
    u.note(dir, event('raised', a));
    u.note(dir, event('escalated', { ...a, escalated: true, updatedAt: 2_000 }, 2_000));
    expect(u.count()).toBe(1);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain('"gl-01:flood_level:1000"');
    expect(logs[0]).toContain('kind "flood", district "Sungai Pinang"');
  });

  it('leave alone what a team covers, what does not page and what is over', () => {
    const logs: string[] = [];
    const u = createUncoveredLog((m) => logs.push(m));
    u.note(dir, event('raised', alert({ district: 'Samarinda Ulu' })));
    u.note(dir, event('raised', alert({ id: 'w', severity: 'warning' })));
    u.note(dir, event('raised', alert({ id: 'm', category: 'maintenance' })));
    u.note(dir, event('resolved', alert({ id: 'r', state: 'resolved' })));
    expect([u.count(), logs]).toEqual([0, []]);
  });

  it('quote what the payload says: a newline in a district forges no log line', () => {
    const logs: string[] = [];
    createUncoveredLog((m) => logs.push(m)).note(dir, event('raised', alert({ district: 'X\nfake line' })));
    expect(logs[0]).not.toContain('\n');
  });

  it('are recorded on the alert once, as covered by no team: no person, a record the web accepts, a failure in the audit log', () => {
    const records: DeliveryRecord[] = [];
    const u = createUncoveredLog(() => undefined, { record: (r) => records.push(r), now: () => 5_000 });
    const a = alert({ district: 'Sungai Pinang' });
    u.note(dir, event('raised', a));
    u.note(dir, event('escalated', { ...a, escalated: true, updatedAt: 2_000 }, 2_000));
    u.note(dir, event('raised', alert({ id: 'covered', district: 'Samarinda Ulu' })));
    expect(records).toEqual([
      { at: 5_000, alertIds: [a.id], personId: '', personName: '', reason: 'oncall', channel: 'webpush', status: 'uncovered', attempt: 0, error: 'covered by no team (kind "flood", district "Sungai Pinang"): nobody on call is paged' }
    ]);
    expect(parseDeliveryRecord(JSON.stringify(records[0]))).toEqual(records[0]);
    expect(deliveryDetail(records[0])).toBe('covered by no team (kind "flood", district "Sungai Pinang"): nobody on call is paged');
    expect(recordLines(records[0], 5_000).at(-1)).toContain('delivery:uncovered');
  });
});

describe('critical emergencies no team covers, after a restart', () => {
  it('an alert recorded before the stop (its record read back) is not logged, recorded or counted again; another still is', () => {
    const records: DeliveryRecord[] = [];
    const logs: string[] = [];
    const a = alert({ district: 'Sungai Pinang' });
    const reminder = event('escalated', { ...a, escalated: true, updatedAt: 2_000 }, 2_000);
    // Without what was read back, the restarted process records it a second time.
    createUncoveredLog(() => undefined, { record: (r) => records.push(r) }).note(dir, reminder);
    expect(records).toHaveLength(1);
    records.length = 0;
    const restarted = createUncoveredLog((m) => logs.push(m), { record: (r) => records.push(r) });
    restarted.known(a.id);
    restarted.note(dir, reminder);
    restarted.note(dir, event('raised', alert({ id: 'other', district: 'Sungai Pinang' })));
    expect([records.map((r) => r.alertIds[0]), logs.length, restarted.count()]).toEqual([['other'], 1, 1]);
  });
});
