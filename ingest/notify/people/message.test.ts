import { describe, expect, it } from 'vitest';
import { renderSubject } from './message';
import { alert, channel, directory, person } from './test-fixtures';

describe('renderSubject', () => {
  it('a digest counts the alerts held beyond what it keeps', () => {
    const ani = person('ani', { language: 'en' });
    const render = renderSubject(() => directory([ani]), 60_000);
    const m = render(ani, { type: 'digest', alerts: [alert({ id: 'a' }), alert({ id: 'b' })], more: 7 }, channel(1, 'email', 0), { url: 'https://pantau.example/alerts' });
    expect(m.title).toBe('9 new alerts in 1 minute');
    expect(m.body).toContain('… and 7 more');
  });
});
