/**
 * The catalog a page draws: the root layout's load, or a newer one the layout fetched for a wall when
 * the registry changed (catalog-fetch.ts). Pages that a wall shows read it here rather than from their
 * `data`, because the layout's load is not re-run for it.
 */
import { getContext, setContext } from 'svelte';
import type { Catalog } from '../core/sensor';

const KEY = Symbol('pantau.catalog');

export interface CatalogSource {
  readonly current: Catalog;
}

export function provideCatalog(source: CatalogSource): void {
  setContext(KEY, source);
}

/** The layout's catalog; `fallback` (the page's own data) where no layout provides one (a component test). */
export function useCatalog(fallback: () => Catalog): CatalogSource {
  return getContext<CatalogSource | undefined>(KEY) ?? { get current() { return fallback(); } };
}
