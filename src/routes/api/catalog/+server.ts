import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { publicCatalog } from '$lib/server/api';
import { getServerContext } from '$lib/server/context';

export const GET: RequestHandler = () => json(publicCatalog(getServerContext().catalog));
