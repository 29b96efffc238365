import { describe, expect, it } from 'vitest';
import { CATALOG_RETRY_MAX_MS, CATALOG_RETRY_MS, catalogRetryMs, isWallPath, mayReloadForRelease, personBusy, RELOAD_MAX_WAIT_MS, shouldRefreshCatalog } from './wall-upkeep';

describe('isWallPath', () => {
  it('takes the overview wall and the kiosk, nothing else', () => {
    expect(['/', '/wall/kiosk', '/wall/kiosk/'].map(isWallPath)).toEqual([true, true, true]);
    expect(['/alerts', '/sensors/registry', '/wallx', '/publik', '/login'].map(isWallPath)).toEqual([false, false, false, false, false]);
  });
});

describe('personBusy', () => {
  const el = (tag: string, editable = false) => ({ matches: (sel: string) => sel.split(', ').includes(tag), isContentEditable: editable });
  const doc = (dialog: boolean, active: unknown) =>
    ({ querySelector: () => (dialog ? ({} as Element) : null), activeElement: active }) as unknown as Pick<Document, 'querySelector' | 'activeElement'>;

  it('is busy with a dialog open or a field focused', () => {
    expect(personBusy(doc(true, null))).toBe(true);
    expect(personBusy(doc(false, el('input')))).toBe(true);
    expect(personBusy(doc(false, el('textarea')))).toBe(true);
    expect(personBusy(doc(false, el('div', true)))).toBe(true);
  });

  it('is not busy on a button or nothing', () => {
    expect(personBusy(doc(false, el('button')))).toBe(false);
    expect(personBusy(doc(false, null))).toBe(false);
  });
});

describe('mayReloadForRelease', () => {
  it('waits while someone is busy, but not for ever', () => {
    expect(mayReloadForRelease(false, 0)).toBe(true);
    expect(mayReloadForRelease(true, RELOAD_MAX_WAIT_MS - 1)).toBe(false);
    expect(mayReloadForRelease(true, RELOAD_MAX_WAIT_MS)).toBe(true);
  });
});

describe('shouldRefreshCatalog', () => {
  it('refreshes when the live registry version is ahead of the loaded one', () => {
    expect(shouldRefreshCatalog(4, 5, null, 0)).toBe(true);
    expect(shouldRefreshCatalog(5, 5, null, 0)).toBe(false);
    // a status from an instance behind the page's: nothing newer to get
    expect(shouldRefreshCatalog(5, 4, null, 0)).toBe(false);
  });

  it('does nothing without a registry (catalog file): no versions', () => {
    expect(shouldRefreshCatalog(null, undefined, null, 0)).toBe(false);
    expect(shouldRefreshCatalog(undefined, 3, null, 0)).toBe(false);
  });

  it('asks once per version, again only after the retry time when still behind', () => {
    const asked = { version: 5, at: 1_000, failures: 0 };
    expect(shouldRefreshCatalog(4, 5, asked, 1_000 + CATALOG_RETRY_MS - 1)).toBe(false);
    expect(shouldRefreshCatalog(4, 5, asked, 1_000 + CATALOG_RETRY_MS)).toBe(true);
    expect(shouldRefreshCatalog(4, 6, asked, 1_001)).toBe(true);
  });

  it('waits longer after each failed refresh, up to a bound', () => {
    expect(catalogRetryMs(1)).toBe(CATALOG_RETRY_MS);
    expect(catalogRetryMs(2)).toBe(2 * CATALOG_RETRY_MS);
    expect(catalogRetryMs(50)).toBe(CATALOG_RETRY_MAX_MS);
    const asked = { version: 5, at: 0, failures: 3 };
    expect(shouldRefreshCatalog(4, 5, asked, 4 * CATALOG_RETRY_MS - 1)).toBe(false);
    expect(shouldRefreshCatalog(4, 5, asked, 4 * CATALOG_RETRY_MS)).toBe(true);
  });
});
