import { error, redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { may } from '$lib/server/auth/roles';
import { auditQuery, parseAuditRow, type AuditEntry } from '$lib/server/auth/audit';
import { getServerContext } from '$lib/server/context';
import { auditSource, seriesRows } from '$lib/server/influx';

const SHOWN_ENTRIES = 500;

/** Admins only; newest first. InfluxDB being down is shown on the page, not a 500. */
export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.role === 'anonymous' || locals.role === 'kiosk') redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
  if (!may(locals.role, 'audit')) error(403, 'forbidden');
  let entries: AuditEntry[] = [];
  let unavailable = false;
  try {
    const { influx } = getServerContext();
    const series = await influx.query(auditQuery(SHOWN_ENTRIES, auditSource(influx)));
    entries = series.flatMap((s) => seriesRows(s).map(parseAuditRow));
  } catch {
    unavailable = true;
  }
  return { entries, unavailable };
};
