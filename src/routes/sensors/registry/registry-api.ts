/**
 * The registry page's one way to the back end: JSON to /api/registry, answers as values.
 * A refusal carries the server's reasons (`errors`) so the page shows them as they are.
 */
import type { RegisteredSensor, SensorChange } from '$lib/core/registry';

export type ApiResult<T> = ({ ok: true } & T) | { ok: false; errors: string[]; rows?: { label: string; errors: string[] }[] };

async function send<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  try {
    const res = await fetch(`/api/registry${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.ok) return { ok: true, ...json } as ApiResult<T>;
    return { ok: false, errors: (json.errors as string[]) ?? [String(json.message ?? res.status)], rows: json.rows as never };
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
}

export const registryApi = {
  history: (id: string) => send<{ sensor: RegisteredSensor; history: SensorChange[] }>('GET', `/sensors/${encodeURIComponent(id)}`),
  edit: (id: string, changes: Record<string, unknown>, reason: string, revision: number) =>
    send<{ sensor: RegisteredSensor }>('PATCH', `/sensors/${encodeURIComponent(id)}`, { changes, reason, revision }),
  decommission: (id: string, reason: string, revision: number) => send<{ sensor: RegisteredSensor }>('POST', `/sensors/${encodeURIComponent(id)}/decommission`, { reason, revision }),
  import: (format: 'csv' | 'geojson', content: string, reason: string) => send<{ created: string[]; updated: string[] }>('POST', '/import', { format, content, reason })
};
