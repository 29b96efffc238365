/**
 * Before an unattended wall reloads itself, it asks whether the server would serve the page again:
 * reloading while a proxy answers 502 (or the network is away) lands on an error page that has none of
 * our scripts, so nothing would ever bring the wall back. Every self-reload goes through here.
 * (app.html's boot watchdog does the same inline: it runs before any module.)
 */

/** Whether `href` answers with a page: a 200-range HTML response (a proxy's 502 page or a network error does not). */
export async function serverServesPage(href: string, fetchFn: typeof fetch = fetch): Promise<boolean> {
  try {
    const res = await fetchFn(href, { cache: 'no-store', credentials: 'same-origin' });
    return res.ok && (res.headers.get('content-type') ?? '').includes('text/html');
  } catch {
    return false;
  }
}

export type PageProbe = () => Promise<boolean>;

/** The probe of the page the browser shows now. */
export const probeThisPage: PageProbe = () => serverServesPage(location.href);

/**
 * Reloads when the probe says the page would come back; otherwise does nothing (the caller keeps
 * trying in the page and asks again later). Resolves to whether it reloaded.
 */
export async function reloadIfServerAnswers(probe: PageProbe = probeThisPage, reload: () => void = () => location.reload()): Promise<boolean> {
  if (!(await probe())) return false;
  reload();
  return true;
}
