import { describe, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../core/people';
import { createDeliveryStore } from './store';

const record = (at: number, alertIds: string[], personId = 'sari'): DeliveryRecord => ({
  at, alertIds, personId, personName: personId, reason: 'oncall', channel: 'email', status: 'sent', attempt: 1
});

describe('delivery store', () => {
  it('files a record under each alert it names, once per alert, in time order', () => {
    const s = createDeliveryStore();
    expect(s.add(record(20, ['a1', 'a2', 'a1']))).toEqual(['a1', 'a2']);
    s.add(record(10, ['a1'], 'budi'));
    expect(s.get('a1').map((r) => r.at)).toEqual([10, 20]);
    expect(s.get('a2')).toHaveLength(1);
    expect(s.get('nope')).toEqual([]);
    expect(s.size()).toBe(3);
  });

  it('keeps at most perAlert records of an alert, dropping the oldest', () => {
    const s = createDeliveryStore(3, 10);
    for (let i = 1; i <= 5; i++) s.add(record(i, ['a1']));
    expect(s.get('a1').map((r) => r.at)).toEqual([3, 4, 5]);
    expect(s.size()).toBe(3);
  });

  it('keeps at most maxAlerts alerts, dropping the one least recently delivered to', () => {
    const s = createDeliveryStore(5, 2);
    s.add(record(1, ['a1']));
    s.add(record(2, ['a2']));
    s.add(record(3, ['a1'])); // a1 is now the most recent
    s.add(record(4, ['a3']));
    expect(s.alertCount()).toBe(2);
    expect(s.get('a2')).toEqual([]);
    expect(s.get('a1')).toHaveLength(2);
    expect(s.size()).toBe(3);
  });

  it('stays bounded in all under a flood of alerts', () => {
    const s = createDeliveryStore(4, 100);
    for (let i = 0; i < 10_000; i++) s.add(record(i, [`a${Math.floor(i / 20)}`]));
    expect(s.alertCount()).toBe(100);
    expect(s.size()).toBe(400);
  });

  it('hands out copies: a caller cannot change what is held', () => {
    const s = createDeliveryStore();
    s.add(record(1, ['a1']));
    s.get('a1').push(record(2, ['a1']));
    expect(s.get('a1')).toHaveLength(1);
  });
});
