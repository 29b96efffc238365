import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { WebhooksFileSchema } from './webhooks';
import { check } from './issues';

const secret = 'sixteen-chars-plus';
const entry = (fields: Record<string, unknown> = {}) => ({ url: 'https://bpbd.example/hook', secret, ...fields });
const problems = (value: unknown) => {
  const r = check(WebhooksFileSchema, typeof value === 'string' ? value : JSON.stringify(value), { root: 'PANTAU_WEBHOOKS' });
  return r.ok ? [] : r.errors;
};

describe('WebhooksFileSchema', () => {
  it('accepts the example in ingest/notify/README.md and fills in defaults', () => {
    const readme = readFileSync(new URL('../../../ingest/notify/README.md', import.meta.url), 'utf8');
    const example = /## Webhook file[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1];
    expect(check(WebhooksFileSchema, example).ok).toBe(true);
    const r = check(WebhooksFileSchema, JSON.stringify([entry()]));
    expect(r.ok && r.value[0]).toMatchObject({ minSeverity: 'info', categories: ['emergency'] });
    expect(r.ok && r.value[0].events).not.toContain('stepped');
  });

  const refused: Array<[string, unknown, string]> = [
    ['text that is not JSON', 'not json', 'PANTAU_WEBHOOKS: is not JSON'],
    ['an object instead of a list', {}, 'PANTAU_WEBHOOKS: must hold a JSON array'],
    ['too many webhooks', Array.from({ length: 51 }, () => entry()), 'PANTAU_WEBHOOKS: must hold at most 50 entries'],
    ['an entry that is not an object', ['https://x/y'], 'PANTAU_WEBHOOKS[0]: must be an object'],
    ['no url', [{ secret }], 'PANTAU_WEBHOOKS[0]: url is required'],
    ['an ftp url', [entry({ url: 'ftp://x/y' })], 'PANTAU_WEBHOOKS[0]: url must be an http(s) URL'],
    ['a url that is no URL', [entry({ url: 'bpbd' })], 'PANTAU_WEBHOOKS[0]: url must be an http(s) URL'],
    ['a short secret', [entry({ secret: 'short' })], 'PANTAU_WEBHOOKS[0]: secret must be a string of at least 16 characters'],
    ['an unknown severity', [entry({ minSeverity: 'high' })], 'PANTAU_WEBHOOKS[0]: minSeverity must be one of info, warning, critical'],
    ['an unknown event type', [entry(), entry({ events: ['raised', 'exploded'] })], 'PANTAU_WEBHOOKS[1].events[1]: must list only'],
    ['stepped events', [entry({ events: ['stepped'] })], 'PANTAU_WEBHOOKS[0].events[0]: must list only'],
    ['no categories', [entry({ categories: [] })], 'PANTAU_WEBHOOKS[0]: categories must be a non-empty array'],
    ['categories as text', [entry({ categories: 'emergency' })], 'PANTAU_WEBHOOKS[0]: categories must be a non-empty array']
  ];

  it.each(refused)('refuses %s, saying where', (_name, value, expected) => {
    const found = problems(value);
    expect(found).toHaveLength(1);
    expect(found[0].startsWith(expected), found[0]).toBe(true);
  });
});
