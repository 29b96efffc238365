import { describe, expect, it } from 'vitest';
import { MAX_COMPARE_SENSORS } from '$lib/components/compare-series';
import { load } from './+page';

/** Runs the page's load for `?ids=…`; returns the histories it asked for and what it handed the page. */
async function loadFor(ids: string): Promise<{ asked: string[]; histories: Record<string, unknown> }> {
  const asked: string[] = [];
  const fetch = async (input: RequestInfo | URL) => {
    const path = new URL(String(input), 'http://pantau.test').pathname;
    asked.push(decodeURIComponent(path.split('/')[3]));
    return new Response(JSON.stringify({ fields: {} }), { status: 200 });
  };
  const url = new URL(`http://pantau.test/sensors/compare?hours=24&ids=${encodeURIComponent(ids)}`);
  const data = (await load({ fetch, url } as unknown as Parameters<typeof load>[0])) as { histories: Record<string, unknown> };
  return { asked: asked.sort(), histories: data.histories };
}

describe('compare page load', () => {
  it('asks for the history of ids shaped like a sensor id only, each once', async () => {
    const { asked, histories } = await loadFor('f1,../admin,F2,,f1, f3 ,a b,<x>');
    expect(asked).toEqual(['f1', 'f3']);
    expect(Object.keys(histories).sort()).toEqual(['f1', 'f3']);
  });

  it('asks for nothing when more sensors are chosen than the chart takes', async () => {
    const ids = Array.from({ length: MAX_COMPARE_SENSORS + 1 }, (_, i) => `f${i}`);
    expect((await loadFor(ids.join(','))).asked).toEqual([]);
    expect((await loadFor(ids.slice(1).join(','))).asked).toHaveLength(MAX_COMPARE_SENSORS);
  });
});
