import { describe, it, expect } from 'vitest';
import type { AlertSeverity } from '../../src/lib/core/alert';
import { createDeliveryQueue } from './queue';

const item = (severity: AlertSeverity, n: number) => ({ severity, n });

describe('delivery queue', () => {
  it('keeps order and never holds more than its bound', () => {
    const q = createDeliveryQueue<ReturnType<typeof item>>(3);
    for (let i = 0; i < 10; i++) q.push(item('warning', i));
    expect(q.size).toBe(3);
    expect([q.shift()!.n, q.shift()!.n, q.shift()!.n]).toEqual([7, 8, 9]);
    expect(q.dropped()).toEqual({ info: 0, warning: 7, critical: 0 });
  });

  it('drops the oldest info first, then warnings, keeping criticals', () => {
    const q = createDeliveryQueue<ReturnType<typeof item>>(3);
    q.push(item('critical', 1));
    q.push(item('info', 2));
    q.push(item('warning', 3));
    expect(q.push(item('info', 4))?.n).toBe(2);
    expect(q.push(item('critical', 5))?.n).toBe(4);
    expect(q.push(item('critical', 6))?.n).toBe(3);
    expect([q.shift()!.n, q.shift()!.n, q.shift()!.n]).toEqual([1, 5, 6]);
    expect(q.dropped()).toEqual({ info: 2, warning: 1, critical: 0 });
  });

  it('drops an arriving info item itself when everything queued is more severe', () => {
    const q = createDeliveryQueue<ReturnType<typeof item>>(2);
    q.push(item('critical', 1));
    q.push(item('warning', 2));
    expect(q.push(item('info', 3))?.n).toBe(3);
    expect(q.size).toBe(2);
  });

  it('refuses a nonsense bound', () => {
    expect(() => createDeliveryQueue(0)).toThrow(RangeError);
  });
});
