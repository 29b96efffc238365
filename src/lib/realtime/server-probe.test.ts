import { describe, expect, it, vi } from 'vitest';
import { reloadIfServerAnswers, serverServesPage } from './server-probe';

const html = (status: number, type = 'text/html; charset=utf-8') => new Response('<!doctype html>', { status, headers: { 'content-type': type } });

describe('serverServesPage', () => {
  it('is true only for an HTML page that came back fine', async () => {
    expect(await serverServesPage('/', async () => html(200))).toBe(true);
    expect(await serverServesPage('/', async () => html(502))).toBe(false);
    expect(await serverServesPage('/', async () => html(503))).toBe(false);
    expect(await serverServesPage('/', async () => html(200, 'application/json'))).toBe(false);
    expect(await serverServesPage('/', async () => Promise.reject(new TypeError('Failed to fetch')))).toBe(false);
  });

  it('asks past every cache', async () => {
    const fetchFn = vi.fn(async () => html(200));
    await serverServesPage('https://wall.example/wall/kiosk?rotate=20', fetchFn);
    expect(fetchFn).toHaveBeenCalledWith('https://wall.example/wall/kiosk?rotate=20', { cache: 'no-store', credentials: 'same-origin' });
  });
});

describe('reloadIfServerAnswers', () => {
  it('reloads only when the probe says the page would come back', async () => {
    const reload = vi.fn();
    expect(await reloadIfServerAnswers(async () => false, reload)).toBe(false);
    expect(reload).not.toHaveBeenCalled();
    expect(await reloadIfServerAnswers(async () => true, reload)).toBe(true);
    expect(reload).toHaveBeenCalledOnce();
  });
});
