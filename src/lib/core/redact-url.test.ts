import { describe, expect, it } from 'vitest';
import { redactUrl, webhookName } from './redact-url';

describe('redactUrl', () => {
  it('hides the password, keeps the user, host and path', () => {
    expect(redactUrl('mqtt://pantau-ingest:S3cret@broker:1883')).toBe('mqtt://pantau-ingest:***@broker:1883');
    expect(redactUrl('redis://:s3cret@host:6379/0')).toBe('redis://:***@host:6379/0');
    expect(redactUrl('http://u:p%40ss@influx:8086')).toBe('http://u:***@influx:8086');
    expect(redactUrl('mqtt://only-user@broker:1883')).toBe('mqtt://only-user@broker:1883');
    expect(redactUrl('mqtt://broker:1883/path@x')).toBe('mqtt://broker:1883/path@x');
  });

  it('takes the user info up to the last @ of the host part, as mqtt.js (url.parse) and URL read it', () => {
    // mqtt.js logs in as "ops@example.org" with password "S3cret", and with password "abc@def".
    expect(redactUrl('mqtt://ops@example.org:S3cret@broker:1883')).toBe('mqtt://ops@example.org:***@broker:1883');
    expect(redactUrl('mqtt://ingest:abc@def@broker:1883')).toBe('mqtt://ingest:***@broker:1883');
    // mqtt.js splits user and password at the last ':', URL at the first: everything after the first is hidden.
    expect(redactUrl('mqtt://ingest:abc:def@broker')).toBe('mqtt://ingest:***@broker');
  });
});

describe('webhookName', () => {
  it('shows the origin and a plain first segment, never a token in the path or query', () => {
    const slack = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
    expect(webhookName(slack)).toMatch(/^https:\/\/hooks\.slack\.com\/services\/… #[0-9a-f]{8}$/);
    const discord = webhookName('https://discord.com/api/webhooks/123456/tok-abc');
    expect(discord).toMatch(/^https:\/\/discord\.com\/api\/… #[0-9a-f]{8}$/);
    // a first segment that may be the token itself (webhook.site/<uuid>) is hidden too
    expect(webhookName('https://webhook.site/0b7c6e2a-1111-4222-8333-944445555666')).toMatch(/^https:\/\/webhook\.site\/… #[0-9a-f]{8}$/);
    expect(webhookName('https://example.org/hook?token=s3cret')).toMatch(/^https:\/\/example\.org\/… #[0-9a-f]{8}$/);
    // a plain word that ends the path is the receiver itself: an ntfy topic (letters only) is its password
    expect(webhookName('https://ntfy.sh/pantau-alerts-bpbd')).toMatch(/^https:\/\/ntfy\.sh\/… #[0-9a-f]{8}$/);
    expect(webhookName('https://example.org/SecretTokenAbcDef/')).toMatch(/^https:\/\/example\.org\/… #[0-9a-f]{8}$/);
    expect(webhookName('https://u:pw@example.org/')).toMatch(/^https:\/\/example\.org #[0-9a-f]{8}$/);
    for (const url of [slack, 'https://example.org/hook?token=s3cret', 'https://u:pw@example.org/', 'https://ntfy.sh/pantau-alerts-bpbd']) {
      const name = webhookName(url);
      for (const secret of ['XXXXSECRETXXXX', 'T000', 's3cret', 'pw', 'alerts']) expect(name).not.toContain(secret);
    }
  });

  it('tells two webhooks on one host apart, and names one the same each time', () => {
    const a = webhookName('https://hooks.slack.com/services/T000/B000/AAAA');
    const b = webhookName('https://hooks.slack.com/services/T000/B000/BBBB');
    expect(a).not.toBe(b);
    expect(webhookName('https://hooks.slack.com/services/T000/B000/AAAA')).toBe(a);
    expect(webhookName('not a url')).toMatch(/^\(not a URL\) #[0-9a-f]{8}$/);
    expect(webhookName('hooks:T000/B000/secret')).toMatch(/^\(not a URL\) #[0-9a-f]{8}$/);
  });
});
