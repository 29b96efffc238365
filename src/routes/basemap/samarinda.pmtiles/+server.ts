import { error, type RequestHandler } from '@sveltejs/kit';
import { loadWebConfig } from '$lib/server/config';
import { answerFile } from '$lib/server/file-response';

/**
 * The PMTiles basemap of PANTAU_BASEMAP=pmtiles:<file>, served by the command center itself so the map
 * needs no tile server. The pmtiles protocol reads it by HTTP ranges: header and root directory first,
 * then one range per tile. The ETag (size and mtime) makes browsers and the reader notice a rebuilt file.
 */
export const GET: RequestHandler = async ({ request }) => {
  const file = loadWebConfig().basemap.pmtilesFile;
  if (!file) error(404, 'no PMTiles basemap configured');
  const h = request.headers;
  const answer = await answerFile(file, { range: h.get('range'), ifNoneMatch: h.get('if-none-match'), ifRange: h.get('if-range') }, 'application/vnd.pmtiles');
  if (!answer) error(404, 'PMTiles basemap file not found');
  return answer;
};
