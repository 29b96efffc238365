import { describe, expect, it } from 'vitest';
import { testAlert, testEvent } from '../../src/lib/server/alert-fixtures';
import { formatAlertEvent, formatReading } from './influx-sink';
import { splitAlertEvents } from './split-events';

const reading = (i: number) => formatReading({ kind: 'flood', sensorId: 'fl-01', ts: 1_000 + i, values: { water_level: i } }, 'Samarinda Ulu');
const event = (id: string) => formatAlertEvent(testEvent('raised', testAlert(id, 5_000)));

describe('splitAlertEvents', () => {
  it('passes texts without alert events on untouched', () => {
    const texts = [[reading(1), reading(2)].join('\n'), reading(3)];
    const { rest, events } = splitAlertEvents(texts, 3);
    expect(rest).toEqual({ texts, count: 3 });
    expect(events).toEqual({ texts: [], count: 0 });
  });

  it('takes alert event lines out wherever they are, readings keep their order', () => {
    const texts = [[event('a'), reading(1), event('b'), reading(2)].join('\n'), event('c')];
    const { rest, events } = splitAlertEvents(texts, 5);
    expect(rest).toEqual({ texts: [[reading(1), reading(2)].join('\n')], count: 2 });
    expect(events).toEqual({ texts: [event('a'), event('b'), event('c')], count: 3 });
  });

  it('does not mistake another measurement that begins with the same letters', () => {
    const other = 'alert_events_old,sensor=x v=1 1';
    const { rest, events } = splitAlertEvents([`${reading(1)}\n${other}`], 2);
    expect(rest.texts).toEqual([`${reading(1)}\n${other}`]);
    expect(events.count).toBe(0);
  });
});
