import { describe, it, expect } from 'vitest';
import { createNotifier } from './app';
import { parseNotifyConfig } from './config';
import type { SendRequest } from './worker';
import { makeAlertEvent } from './test-support';

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
    expect(stats.webhooks['https://responders.test/hook'].delivered).toBe(1);
    expect(logs.some((l) => l.includes('not alert events'))).toBe(true);
    expect(await notifier.close()).toBe(0);
  });
});
