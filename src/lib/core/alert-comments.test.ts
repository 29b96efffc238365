import { describe, it, expect } from 'vitest';
import type { Alert, AlertEvent } from './alert';
import { ACTION_REFUSALS, applyAlertAction, mergeAlertCopies, MAX_COMMENT_CHARS } from './alert-lifecycle';
import { MAX_COMMENT_BYTES, MAX_COMMENTS } from './alert-comments';
import { errorText } from '../i18n/error-text';

const base: Alert = {
  id: 'flood-a:flood_level:1', sensorId: 'flood-a', sensorName: 'A', kind: 'flood', district: 'Sungai Pinang',
  rule: 'flood_level', category: 'emergency', severity: 'critical', level: 3,
  title: { id: 't', en: 't' }, explanation: { id: 'e', en: 'e' }, action: { id: 'a', en: 'a' },
  value: 300, state: 'raised', raisedAt: 1, updatedAt: 1, comments: []
};

function comment(alert: Alert, text: string, at = 10): AlertEvent | { ok: false; detail: string } {
  return applyAlertAction(alert, { alertId: alert.id, action: 'comment', text }, 'x'.repeat(64), at);
}

function commented(alert: Alert, text: string, at: number): Alert {
  const made = comment(alert, text, at);
  if ('ok' in made) throw new Error(made.detail);
  return made.alert;
}

describe('comment text', () => {
  it('refuses control characters other than newline and tab, and lone surrogates, as data', () => {
    for (const bad of ['a\u0000b', 'bell\u0007', 'esc\u001b[31m', 'del\u007f', 'c1\u0085', 'cr\rlf', 'lone \ud800 high', 'lone \udc00 low']) {
      const made = comment(base, bad);
      expect('ok' in made && made.detail, JSON.stringify(bad)).toBe(ACTION_REFUSALS.controlInComment);
    }
    expect(errorText('en', ACTION_REFUSALS.controlInComment)).toMatch(/control characters/);
    expect(errorText('id', ACTION_REFUSALS.controlInComment)).toMatch(/karakter kendali/);
  });

  it('keeps newlines, tabs, emoji and non-Latin text', () => {
    const text = 'Pompa 2 mati\n\t- tim BPBD 🚒 dikirim\n中文 ✓';
    expect(commented(base, text, 10).comments.map((c) => c.text)).toEqual([text]);
  });
});

describe('comment budget', () => {
  it('keeps the newest comments within the byte budget, whatever text they hold', () => {
    let alert = base;
    // three UTF-8 bytes a character: the most any allowed character costs as stored
    for (let i = 0; i < MAX_COMMENTS; i++) alert = commented(alert, '中'.repeat(MAX_COMMENT_CHARS), 100 + i);
    const stored = alert.comments.reduce((n, c) => n + Buffer.byteLength(JSON.stringify(c.text)), 0);
    expect(stored).toBeLessThanOrEqual(MAX_COMMENT_BYTES);
    expect(alert.comments.length).toBeGreaterThan(1);
    expect(alert.comments.at(-1)?.at).toBe(100 + MAX_COMMENTS - 1);
    // the whole event stays small: before, 100 such comments made ≈ 300 kB (and ≈ 600 kB of control characters)
    const event = comment(alert, '"'.repeat(MAX_COMMENT_CHARS), 1_000);
    if ('ok' in event) throw new Error(event.detail);
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(MAX_COMMENT_BYTES + 20 * 1024);
  });

  it('still keeps at most MAX_COMMENTS short comments, the newest', () => {
    let alert = base;
    for (let i = 0; i < MAX_COMMENTS + 5; i++) alert = commented(alert, `c${i}`, i);
    expect(alert.comments).toHaveLength(MAX_COMMENTS);
    expect(alert.comments[0].text).toBe('c5');
  });

  it('bounds two copies merged by bytes as one copy is bounded', () => {
    const long = (at: number) => ({ by: 'op', at, text: 'x'.repeat(MAX_COMMENT_CHARS) });
    const perCopy = Math.floor(MAX_COMMENT_BYTES / (MAX_COMMENT_CHARS + 2));
    const held: Alert = { ...base, comments: Array.from({ length: perCopy }, (_, i) => long(i * 2)) };
    const next: Alert = { ...base, updatedAt: 5, comments: Array.from({ length: perCopy }, (_, i) => long(i * 2 + 1)) };
    const merged = mergeAlertCopies(next, held).comments;
    expect(merged).toHaveLength(perCopy);
    expect(merged.at(-1)?.at).toBe(perCopy * 2 - 1);
  });
});
