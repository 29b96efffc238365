import { describe, expect, it } from 'vitest';
import { REFUSED_FULL } from '../server/socket-hub';
import { REFUSED_LOGIN, REFUSED_ORIGIN } from '../server/identity';
import { ACTION_REFUSALS, applyAlertAction, MAX_ALERT_STEPS, MAX_COMMENT_CHARS } from '../core/alert-lifecycle';
import type { Alert } from '../core/alert';
import type { AlertAction } from '../core/events';
import { translate } from './translate';
import { errorText } from './error-text';
import { ACTION_FAULT } from '../server/alert-actions';

describe('errorText', () => {
  it('says the client and server error codes in Indonesian and in English', () => {
    for (const code of ['not-connected', 'no-answer', 'forbidden', 'too many requests', REFUSED_LOGIN, REFUSED_ORIGIN, REFUSED_FULL]) {
      const id = errorText('id', code);
      const en = errorText('en', code);
      expect(id).not.toContain(code);
      expect(id).not.toBe(en);
      expect(id.length).toBeGreaterThan(3);
    }
    expect(errorText('id', 'forbidden')).toBe('Anda tidak berhak melakukan ini');
    expect(errorText('en', 'not-connected')).toBe('not connected to the server');
  });

  it('shows an unknown code as not done, neither a refusal nor a server error, and no prototype key counts as known', () => {
    expect(errorText('id', 'xhr poll error')).toBe('tidak terlaksana (xhr poll error)');
    expect(errorText('en', 'constructor')).toBe('not done (constructor)');
  });

  it('tells a server fault during an action apart from a refusal: nothing saved, try again', () => {
    expect(errorText('id', ACTION_FAULT)).toBe('kesalahan server: belum tersimpan, coba lagi');
    expect(errorText('en', ACTION_FAULT)).toBe('server error: nothing was saved, try again');
  });

  it('words every refusal of an alert action in both languages, not as sent', () => {
    const alert = { id: 'a', state: 'raised', updatedAt: 1, comments: [] } as unknown as Alert;
    const steps = Array.from({ length: MAX_ALERT_STEPS }, (_, i) => ({ id: `s${i}`, done: false, by: 'x', at: 1 }));
    const refused = (a: Alert, action: Record<string, unknown>) => {
      const r = applyAlertAction(a, { alertId: 'a', ...action } as AlertAction, 'sari', 2);
      if (!('ok' in r)) throw new Error(`accepted: ${JSON.stringify(action)}`);
      return r.detail;
    };
    const details = [
      refused(alert, { action: 'assign', assignee: 'Tim SAR (Budi)' }),
      refused(alert, { action: 'comment', text: 'x'.repeat(MAX_COMMENT_CHARS + 1) }),
      refused(alert, { action: 'comment', text: '   ' }),
      refused(alert, { action: 'comment', text: 'bel\u0007' }),
      refused(alert, { action: 'step', stepId: 'Langkah 1', done: true }),
      refused(alert, { action: 'step', stepId: 's1', done: 'ya' }),
      refused({ ...alert, steps } as Alert, { action: 'step', stepId: 'new', done: true }),
      refused(alert, { action: 'dance' }),
      refused({ ...alert, state: 'acknowledged' } as Alert, { action: 'acknowledge' }),
      refused({ ...alert, worsenedAt: 5 } as Alert, { action: 'acknowledge', version: 0 }),
      refused({ ...alert, state: 'resolved' } as Alert, { action: 'comment', text: 'x' })
    ];
    expect(new Set(details)).toEqual(new Set(Object.values(ACTION_REFUSALS)));
    for (const code of details) {
      const id = errorText('id', code);
      const en = errorText('en', code);
      expect(id).not.toContain(code);
      expect(id).not.toMatch(/ditolak|\{/);
      expect(en).not.toMatch(/^refused|\{/);
      expect(id).not.toBe(en);
    }
    expect(translate('id', 'alerts.actionFailed', { error: errorText('id', details[0]) })).toBe('Gagal: nama petugas tidak sah (1–64 huruf, angka, spasi, . _ @ -)');
    expect(errorText('en', details[1])).toBe(`comment too long (at most ${MAX_COMMENT_CHARS} characters)`);
  });
});
