import { json } from '@sveltejs/kit';
import { version } from '$app/environment';
import type { RequestHandler } from './$types';

/** The running build's version: wall displays reload themselves when it changes (a new release). */
export const GET: RequestHandler = () => json({ version }, { headers: { 'cache-control': 'no-store' } });
