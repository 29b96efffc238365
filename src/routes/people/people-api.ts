/**
 * The people page's one way to the back end: JSON to /api/people and /api/teams, answers as values.
 * A refusal carries the server's reasons (`errors`), shown as they are.
 */
export type ApiResult = { ok: true; [key: string]: unknown } | { ok: false; errors: string[] };

async function send(method: string, path: string, body?: unknown): Promise<ApiResult> {
  try {
    const res = await fetch(`/api${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.ok) return { ...json, ok: true };
    return { ok: false, errors: (json.errors as string[]) ?? [String(json.message ?? res.status)] };
  } catch (err) {
    return { ok: false, errors: [(err as Error).message] };
  }
}

const seg = encodeURIComponent;

export const peopleApi = {
  createPerson: (person: Record<string, unknown>) => send('POST', '/people', { person }),
  editPerson: (id: string, changes: Record<string, unknown>, revision: number) => send('PATCH', `/people/${seg(id)}`, { changes, revision }),
  deletePerson: (id: string, reason: string) => send('DELETE', `/people/${seg(id)}`, { reason }),
  addChannel: (id: string, channel: Record<string, unknown>) => send('POST', `/people/${seg(id)}/channels`, { channel }),
  setChannel: (id: string, channelId: number, changes: { enabled?: boolean; rank?: number }) => send('PATCH', `/people/${seg(id)}/channels/${channelId}`, changes),
  removeChannel: (id: string, channelId: number, reason: string) => send('DELETE', `/people/${seg(id)}/channels/${channelId}`, { reason }),
  testChannel: (id: string, channelId: number) => send('POST', `/people/${seg(id)}/channels/${channelId}/test`, {}),
  testResult: (id: string, channelId: number, requestId: string) => send('GET', `/people/${seg(id)}/channels/${channelId}/test?request=${seg(requestId)}`),
  addSubscription: (id: string, subscription: Record<string, unknown>) => send('POST', `/people/${seg(id)}/subscriptions`, { subscription }),
  removeSubscription: (id: string, subId: number, reason: string) => send('DELETE', `/people/${seg(id)}/subscriptions/${subId}`, { reason }),
  createTeam: (team: Record<string, unknown>) => send('POST', '/teams', { team }),
  editTeam: (id: string, changes: Record<string, unknown>, revision: number) => send('PATCH', `/teams/${seg(id)}`, { changes, revision }),
  deleteTeam: (id: string, reason: string) => send('DELETE', `/teams/${seg(id)}`, { reason }),
  addShift: (teamId: string, shift: Record<string, unknown>) => send('POST', `/teams/${seg(teamId)}/shifts`, { shift }),
  removeShift: (teamId: string, shiftId: number, reason: string) => send('DELETE', `/teams/${seg(teamId)}/shifts/${shiftId}`, { reason })
};
