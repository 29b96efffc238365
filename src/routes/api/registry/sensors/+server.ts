import type { RequestHandler } from './$types';
import { finish, guard, readBody, refuse, reply } from '$lib/server/registry/http';

/** Every registered sensor, decommissioned ones included, with the registry version. */
export const GET: RequestHandler = async (event) => {
  const g = await guard(event, 'list');
  if (!g.ok) return g.response;
  const [sensors, version] = await Promise.all([g.registry.store.list(), g.registry.store.version()]);
  return reply({ version, sensors });
};

/** `{ sensor: {id, kind, name, district, lat, lon, intervalS, flood?, traffic?, downstream?, note?}, reason }` */
export const POST: RequestHandler = async (event) => {
  const g = await guard(event, 'create');
  if (!g.ok) return g.response;
  const b = await readBody(event.request);
  if (!b.ok) return b.response;
  const sensor = b.body.sensor;
  if (!sensor || typeof sensor !== 'object' || Array.isArray(sensor)) return refuse(400, ['sensor must be an object'], 'INVALID');
  const id = String((sensor as Record<string, unknown>).id ?? '').slice(0, 64);
  return finish(g, 'create', id, b.reason, await g.registry.store.create(g.actor, sensor as Record<string, unknown>, b.reason), 201);
};
