import { describe, expect, it } from 'vitest';
import { ACTION_FAULT, performAction } from './alert-actions';

describe('performAction', () => {
  it('answers a fault while acting (InfluxDB away) with the try-again code, and keeps the fault in the audit', async () => {
    const audit: { ok: boolean; detail: string }[] = [];
    const failing = async () => {
      throw new Error('storing the alert event failed: connect ECONNREFUSED 127.0.0.1:8086');
    };
    const result = await performAction({ user: 'sari', role: 'responder' }, { action: 'acknowledge', alertId: 'a1' }, failing, (e) => void audit.push(e));
    // was: the fault's own English text, shown to the responder as a refusal
    expect(result).toEqual({ ok: false, error: ACTION_FAULT });
    expect(audit).toEqual([expect.objectContaining({ ok: false, detail: expect.stringContaining('ECONNREFUSED') })]);
  });
});
