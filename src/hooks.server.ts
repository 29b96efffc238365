import type { Handle, HandleServerError } from '@sveltejs/kit';
import { DEFAULT_USER } from '$lib/server/identity';

/** Authentication comes in a later issue; until then every request acts as the default user. */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.user = DEFAULT_USER;
  return resolve(event);
};

/** Unexpected errors are logged with an id and never shown in detail to the browser. */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  const id = Math.random().toString(36).slice(2, 10);
  if (status !== 404) console.error(`[web] error ${id} on ${event.request.method} ${event.url.pathname}:`, error);
  return { message: status === 404 ? message : `Internal error (${id})` };
};
