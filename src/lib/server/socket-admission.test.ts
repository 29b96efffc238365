import { describe, expect, it } from 'vitest';
import { createPendingSessions } from './socket-admission';

describe('createPendingSessions', () => {
  it('counts per address, frees a slot once per session, and forgets an address with nothing open', () => {
    const pending = createPendingSessions(2);
    const [a, b, c] = [{}, {}, {}];
    pending.opened(a, '192.0.2.1');
    pending.opened(a, '192.0.2.1'); // the same session twice counts once
    pending.opened(b, '192.0.2.1');
    expect(pending.allows('192.0.2.1')).toBe(false);
    expect(pending.allows('192.0.2.2')).toBe(true);
    pending.settled(a);
    pending.settled(a); // joined, then closed: one slot back, not two
    pending.opened(c, '192.0.2.1');
    expect(pending.allows('192.0.2.1')).toBe(false);
    pending.settled(b);
    pending.settled(c);
    expect(pending.size()).toBe(0);
    expect(pending.allows('192.0.2.1')).toBe(true);
  });
});
