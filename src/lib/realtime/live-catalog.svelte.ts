/**
 * The one catalog every page of a tab draws: the root layout's load, then each newer one the registry
 * has (a sensor added, moved or renamed), fetched when the live status names a version ahead of it.
 * The layout's load is not re-run while a tab stays open, so a page reading the catalog from its
 * `data` kept the one the tab opened with until a reload. It is fetched from `/api/catalog`, never by
 * re-running that load: SvelteKit turns a failed `__data.json` into a full navigation, which leaves an
 * unattended wall on a proxy's 502 page for good (catalog-fetch.ts). Taken only when whole; on a
 * failure the tab keeps what it shows and asks again later (wall-upkeep.ts catalogRetryMs).
 */
import { getContext, setContext } from 'svelte';
import type { Catalog } from '../core/sensor';
import { newerCatalog, refreshCatalog, type VersionedCatalog } from './catalog-fetch';
import { shouldRefreshCatalog, type CatalogAsk } from './wall-upkeep';

export interface LiveCatalogOptions {
  /** For tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
  log?: (message: string) => void;
}

export class LiveCatalog {
  readonly #loaded: () => VersionedCatalog;
  #fetched = $state.raw<VersionedCatalog | null>(null);
  /** The last version asked for, when, and how many refreshes of it failed in a row (the backoff). */
  #ask: CatalogAsk | null = null;
  readonly #fetch: typeof fetch | undefined;
  readonly #log: (message: string) => void;

  /** The newer of the layout's load (read through `loaded`, so a re-run load counts) and the last fetched. */
  readonly shown: VersionedCatalog;

  constructor(loaded: () => VersionedCatalog, options: LiveCatalogOptions = {}) {
    this.#loaded = loaded;
    this.shown = $derived(newerCatalog(this.#loaded(), this.#fetched));
    this.#fetch = options.fetch;
    this.#log = options.log ?? ((m) => console.warn(m));
  }

  get current(): Catalog {
    return this.shown.catalog;
  }

  /**
   * The live status names registry version `live` at `now`: fetches the catalog when that is ahead of the
   * one shown and was not asked for lately. Resolves once the refresh settled (null: none was due); never rejects.
   */
  follow(live: number | null | undefined, now: number): Promise<void> | null {
    const shown = this.shown;
    if (live == null || !shouldRefreshCatalog(shown.version, live, this.#ask, now)) return null;
    const ask: CatalogAsk = { version: live, at: now, failures: this.#ask?.version === live ? this.#ask.failures : 0 };
    this.#ask = ask;
    return refreshCatalog(shown, ask, this.#fetch).then((r) => {
      if (r.failed) this.#log(`[catalog] refresh to version ${ask.version} failed (${r.failed}): keeping version ${shown.version}`);
      if (this.#ask === ask) this.#ask = r.ask;
      if (r.shown !== shown) this.#fetched = newerCatalog(r.shown, this.#fetched);
    });
  }
}

const KEY = Symbol('pantau.catalog');

/** Shares the tab's catalog (once, in the root layout). */
export function provideCatalog(catalog: LiveCatalog): LiveCatalog {
  return setContext(KEY, catalog);
}

/** The tab's catalog: what every page that shows sensors, districts or the city reads, instead of its `data`. */
export function useCatalog(): LiveCatalog {
  const catalog = getContext<LiveCatalog | undefined>(KEY);
  if (!catalog) throw new Error('useCatalog() outside the root layout');
  return catalog;
}
