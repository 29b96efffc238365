/**
 * What keeps an unattended wall current for days: a new release reloads it, a registry edit reloads its
 * catalog (catalog-fetch.ts). Pure decisions here; the root layout wires them to the browser.
 */

/** Where app.html's boot watchdog counts its reloads in this tab; the root layout clears it once started. */
export const BOOT_TRIES_KEY = 'pantau.boot.tries';

/** While the server's catalog stays ahead of the page's after a refresh (another instance behind), asked again after this. */
export const CATALOG_RETRY_MS = 30_000;
/** After failed refreshes (server away, a proxy's 502) the wait doubles from CATALOG_RETRY_MS up to this. */
export const CATALOG_RETRY_MAX_MS = 10 * 60_000;

/** How often a wall that waits for someone to finish checks again before reloading for a new release. */
export const RELOAD_IDLE_CHECK_MS = 5_000;
/**
 * A wall reloads for a new release after this long even with a field focused or a dialog open: a search
 * box someone clicked into and walked away from must not hold an unattended wall on the old build for good.
 */
export const RELOAD_MAX_WAIT_MS = 15 * 60_000;

/**
 * The pages left running on a screen nobody tends: the overview wall (`/`) and the kiosk (`/wall/…`).
 * Only these reload by themselves; elsewhere a person may be typing, and the next navigation reloads.
 */
export function isWallPath(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith('/wall/');
}

/** Whether someone is in the middle of something a reload would lose: an open dialog, or a field being typed in. */
export function personBusy(doc: Pick<Document, 'querySelector' | 'activeElement'>): boolean {
  if (doc.querySelector('dialog[open], [aria-modal="true"]')) return true;
  const el = doc.activeElement as HTMLElement | null;
  return !!el && (el.matches('input, textarea, select') || el.isContentEditable);
}

/** Whether a wall that learnt of a new release `waitedMs` ago reloads now. */
export function mayReloadForRelease(busy: boolean, waitedMs: number): boolean {
  return !busy || waitedMs >= RELOAD_MAX_WAIT_MS;
}

export interface CatalogAsk {
  version: number;
  at: number;
  /** Refreshes of this version that failed in a row (no answer, not a catalog). */
  failures: number;
}

/** How long after asking for a version the page asks again: CATALOG_RETRY_MS, doubled per failure in a row, bounded. */
export function catalogRetryMs(failures: number): number {
  return Math.min(CATALOG_RETRY_MS * 2 ** Math.max(0, failures - 1), CATALOG_RETRY_MAX_MS);
}

/**
 * Whether the page should reload its catalog: the live status names a newer registry version than the
 * one the page shows, and that version was not asked for in the last catalogRetryMs (a refresh
 * served by an instance that has not seen the edit yet, or one that failed, is retried, but not on every status).
 */
export function shouldRefreshCatalog(loaded: number | null | undefined, live: number | null | undefined, asked: CatalogAsk | null, now: number): boolean {
  if (loaded == null || live == null || live <= loaded) return false;
  return !asked || asked.version !== live || now - asked.at >= catalogRetryMs(asked.failures);
}
