import { describe, expect, it } from 'vitest';
import { parseNotifyConfig } from '../config';

const SECRET = 'a'.repeat(40);
const base = { DATABASE_URL: 'postgres://p:q@127.0.0.1:5432/pantau', PANTAU_PUBLIC_URL: 'https://pantau.example.org/', PANTAU_ACK_SECRET: SECRET };
const noFile = () => {
  throw new Error('no file');
};

describe('notifier config: people delivery', () => {
  it('is on with DATABASE_URL, which makes PANTAU_WEBHOOKS optional', () => {
    const c = parseNotifyConfig(base, noFile);
    expect(c.webhooks).toEqual([]);
    expect(c.people).toMatchObject({ publicUrl: 'https://pantau.example.org', ackSecret: SECRET, minuteMs: 60_000, digest: { maxPerWindow: 3, windowMs: 60_000 } });
    expect(Object.isFrozen(c.people)).toBe(true);
    expect(parseNotifyConfig({ PANTAU_WEBHOOKS: '/w.json' }, () => '[]').people).toBeNull();
  });

  it('refuses a missing or short secret, a bad public URL and a test minute out of range, never quoting the secret', () => {
    const refused = (env: Record<string, string>) => {
      try {
        parseNotifyConfig({ ...base, ...env }, noFile);
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error('accepted');
    };
    expect(refused({ PANTAU_ACK_SECRET: '' }).code).toBe('CONFIG_PANTAU_ACK_SECRET');
    const short = refused({ PANTAU_ACK_SECRET: 'tooshort-secret' });
    expect(short.code).toBe('CONFIG_PANTAU_ACK_SECRET');
    expect(short.message).not.toContain('tooshort-secret');
    expect(refused({ PANTAU_PUBLIC_URL: 'ftp://x' }).code).toBe('CONFIG_PANTAU_PUBLIC_URL');
    expect(refused({ NOTIFY_TEST_MINUTE_MS: '10' }).code).toBe('CONFIG_NOTIFY_TEST_MINUTE_MS');
  });

  it('refuses a share group: each instance would keep its own chains and miss the acknowledgements the others get', () => {
    let error: { code?: string; message?: string } = {};
    try {
      parseNotifyConfig({ ...base, NOTIFY_SHARE_GROUP: 'g1' }, noFile);
    } catch (err) {
      error = err as typeof error;
    }
    expect(error.code).toBe('CONFIG_NOTIFY_SHARE_GROUP');
    expect(error.message).toMatch(/NOTIFY_SHARE_GROUP cannot be used with DATABASE_URL/);
  });
});
