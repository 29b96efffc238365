import { describe, it, expect } from 'vitest';
import { createNotifier } from './app';
import { parseNotifyConfig } from './config';
import type { SendRequest } from './worker';
import { makeAlertEvent } from './test-support';
import { webhookName } from '../../src/lib/core/redact-url';

const secret = 'app-test-secret-0123456';
const hooks = [
  { url: 'https://responders.test/hook', secret, minSeverity: 'critical' },
  { url: 'https://engineers.test/hook', secret, categories: ['maintenance'] }
];

describe('notifier core', () => {
  it('routes each event to the webhooks that want it and counts junk', async () => {
    const config = parseNotifyConfig({ PANTAU_WEBHOOKS: 'x', NOTIFY_JOURNAL_DIR: 'off' }, () => JSON.stringify(hooks));
    const sent: string[] = [];
    const send: SendRequest = async (url) => {
      sent.push(url);
      return { status: 200 };
    };
    const logs: string[] = [];
    const notifier = createNotifier(config, send, (m) => logs.push(m));
    notifier.handle(JSON.stringify(makeAlertEvent({ severity: 'critical', at: 1 })));
    notifier.handle(JSON.stringify(makeAlertEvent({ severity: 'warning', at: 2 })));
    notifier.handle(JSON.stringify(makeAlertEvent({ severity: 'info', category: 'maintenance', at: 3 })));
    expect(notifier.handle('{"not":"an event"}')).toBeNull();
    await notifier.idle();
    expect(sent).toEqual(['https://responders.test/hook', 'https://engineers.test/hook']);
    const stats = notifier.stats();
    expect(stats).toMatchObject({ received: 4, invalid: 1 });
    expect(stats.webhooks[webhookName('https://responders.test/hook')].delivered).toBe(1);
    expect(logs.some((l) => l.includes('not alert events'))).toBe(true);
    expect(await notifier.close()).toBe(0);
  });

  it('keeps a webhook token in its path or query out of the stats (logged, published as status) and the logs', async () => {
    const token = 'XXXXsecretTOKEN42';
    const urls = [`https://hooks.slack.com/services/T000/B000/${token}`, `https://receiver.test/hook?key=${token}`];
    const config = parseNotifyConfig({ PANTAU_WEBHOOKS: 'x', NOTIFY_JOURNAL_DIR: 'off', NOTIFY_RETRY_BASE_MS: '1', NOTIFY_RETRY_CAP_MS: '5' }, () => JSON.stringify(urls.map((url) => ({ url, secret }))));
    const sent: string[] = [];
    let tries = 0;
    const send: SendRequest = async (url) => {
      sent.push(url);
      // one network failure (logged as a retry), then a refusal (logged as given up)
      if (tries++ < 2) throw new Error('connect ECONNREFUSED');
      return { status: 404 };
    };
    const logs: string[] = [];
    const notifier = createNotifier(config, send, (m) => logs.push(m));
    notifier.handle(JSON.stringify(makeAlertEvent({ severity: 'critical', at: 1 })));
    await notifier.idle();
    expect(sent).toEqual(expect.arrayContaining(urls));
    expect(logs.some((l) => l.includes('retrying')) && logs.some((l) => l.includes('gave up'))).toBe(true);
    const stats = JSON.stringify(notifier.stats());
    for (const text of [stats, ...logs]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('T000');
    }
    expect(Object.keys(notifier.stats().webhooks)).toEqual(urls.map(webhookName));
    await notifier.close();
  });
});
