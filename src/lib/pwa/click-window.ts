/**
 * Which open window a notification click uses. Only the responder app's own window may be moved:
 * the same origin also runs the wall, the kiosk and the console, and a click on a phone's
 * notification must never navigate a control room screen away. Pure: the worker passes the URLs.
 */
import { APP_PATH } from './notification';

export type ClickWindow = { focus: number } | { navigate: number } | 'open';

function isAppPath(pathname: string): boolean {
  return pathname === APP_PATH || pathname.startsWith(`${APP_PATH}/`);
}

/** `urls`: the open windows' addresses, in the worker's order; `target`: where the click goes. */
export function chooseClickWindow(urls: readonly string[], target: string): ClickWindow {
  const exact = urls.indexOf(target);
  if (exact >= 0) return { focus: exact };
  const origin = new URL(target).origin;
  const app = urls.findIndex((u) => {
    const url = new URL(u);
    return url.origin === origin && isAppPath(url.pathname);
  });
  return app >= 0 ? { navigate: app } : 'open';
}
