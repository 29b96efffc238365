/**
 * If-None-Match as RFC 9110 §13.1.2 has it: `*`, or a list of entity tags compared weakly (§8.8.3.2: the
 * opaque tags equal, either side marked `W/` or not). A cache revalidating for several stored copies sends a
 * list, a proxy may send `*`, and a client holding a weak tag sends it back weak: each is a 304 when it names
 * what we would send. Only a GET or HEAD asks this, which is all these answers serve.
 */

/** Longer headers are read this far: a client may name a few copies, not thousands. */
const MAX_HEADER_CHARS = 8_192;

/** The opaque tag (with its quotes) of an entity tag, weak or strong; null when it is not one. */
export function opaqueTag(tag: string): string | null {
  const t = tag.startsWith('W/') ? tag.slice(2) : tag;
  return /^"[\x21\x23-\x7e\x80-\xff]*"$/.test(t) ? t : null;
}

/**
 * The opaque tags a header lists, in order; null for `*`. An element that is not an entity tag (no quotes, a
 * lower-case `w/`, text after the closing quote) is skipped up to the next comma outside quotes. A quoted tag
 * may hold commas (etagc allows them), so the list is scanned, not split on commas.
 */
export function parseIfNoneMatch(header: string): string[] | null {
  const text = header.slice(0, MAX_HEADER_CHARS);
  if (text.trim() === '*') return null;
  const tags: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ',' || text[i] === ' ' || text[i] === '\t') {
      i++;
      continue;
    }
    const start = i;
    if (text.startsWith('W/"', i)) i += 2;
    let valid = text[i] === '"';
    if (valid) {
      const close = text.indexOf('"', i + 1);
      if (close < 0) break;
      i = close + 1;
    }
    const tag = valid ? opaqueTag(text.slice(start, i)) : null;
    // What follows a tag must be the list's next comma (after optional spaces) or its end.
    while (i < text.length && text[i] !== ',') {
      if (text[i] !== ' ' && text[i] !== '\t') valid = false;
      i++;
    }
    if (valid && tag) tags.push(tag);
  }
  return tags;
}

/** True when If-None-Match names this ETag (weak comparison) or is `*`: the answer is 304 Not Modified. */
export function ifNoneMatchHits(header: string | null | undefined, etag: string): boolean {
  if (!header) return false;
  const ours = opaqueTag(etag);
  const tags = parseIfNoneMatch(header);
  if (tags === null) return true;
  return ours !== null && tags.includes(ours);
}
