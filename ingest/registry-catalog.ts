/**
 * The sensor registry's catalog for the ingest, which reads no database: the command center publishes
 * it as a retained MQTT message `{version, catalog}` (src/lib/server/registry/publish.ts). With
 * INGEST_CATALOG_SOURCE=registry the ingest starts from it (the catalog file when none arrives in
 * time or it breaks the schema), and keeps listening: a newer version goes to `onNewer`, which
 * applies it to the running ingest (catalog-live.ts).
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import type { Catalog } from '../src/lib/core/sensor';
import { TOPICS } from '../src/lib/core/topic';
import { check } from '../src/lib/schemas/issues';
import { RegistryCatalogMessageSchema } from '../src/lib/schemas/wire';

/** How long the start waits for the retained catalog: it arrives right after the subscription, or never. */
export const REGISTRY_CATALOG_WAIT_MS = 3_000;

export interface RegistryCatalogOptions {
  url: string;
  username: string;
  password: string;
  protocolVersion: 4 | 5;
  log: (message: string) => void;
  /** Each later version newer than every one seen before (after `first` settled, with a catalog or none in time). */
  onNewer?: (message: { version: number; catalog: Catalog }) => void;
}

export interface RegistryCatalogWatch {
  /** The first valid catalog received, or null when none came within waitMs. */
  first: Promise<{ version: number; catalog: Catalog } | null>;
  /** The highest version seen so far (-1 before any). */
  latestVersion(): number;
  close(): Promise<void>;
}

/** Parses a registry message; null (logged) when it is not one or its catalog breaks the schema. */
export function parseRegistryMessage(payload: Buffer | string, log: (m: string) => void): { version: number; catalog: Catalog } | null {
  const checked = check(RegistryCatalogMessageSchema, payload.toString(), { max: 5 });
  if (checked.ok) return checked.value;
  log(`registry catalog message ignored: ${checked.errors.join('; ').slice(0, 300)}`);
  return null;
}

export function watchRegistryCatalog(opts: RegistryCatalogOptions, waitMs = REGISTRY_CATALOG_WAIT_MS): RegistryCatalogWatch {
  const client = mqtt.connect(opts.url, {
    clientId: `pantau-ingest-registry-${randomBytes(4).toString('hex')}`,
    username: opts.username || undefined,
    password: opts.password || undefined,
    protocolVersion: opts.protocolVersion,
    clean: true,
    reconnectPeriod: 2_000,
    connectTimeout: 10_000
  });
  let latest = -1;
  let settled = false;
  let resolveFirst: (v: { version: number; catalog: Catalog } | null) => void = () => {};
  const first = new Promise<{ version: number; catalog: Catalog } | null>((resolve) => (resolveFirst = resolve));
  function settle(v: { version: number; catalog: Catalog } | null): void {
    settled = true;
    resolveFirst(v);
  }
  const timer = setTimeout(() => settle(null), waitMs);
  client.on('connect', () => client.subscribe(TOPICS.registryCatalog, { qos: 1 }));
  client.on('error', (err) => opts.log(`registry catalog MQTT: ${err.message}`));
  client.on('message', (_topic, payload) => {
    const parsed = parseRegistryMessage(payload, (m) => opts.log(latest >= 0 ? `${m}; keeping v${latest}` : m));
    if (!parsed || parsed.version <= latest) {
      // The same version comes from every command center; an older one is a stale publisher, worth a line.
      if (parsed && parsed.version < latest) opts.log(`registry catalog v${parsed.version} ignored: v${latest} is newer`);
      return;
    }
    latest = parsed.version;
    if (settled) return opts.onNewer?.(parsed);
    clearTimeout(timer);
    settle(parsed);
  });
  return {
    first,
    latestVersion: () => latest,
    async close() {
      clearTimeout(timer);
      settle(null);
      await client.endAsync();
    }
  };
}
