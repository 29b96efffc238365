import { describe, expect, it } from 'vitest';
import { ifNoneMatchHits, parseIfNoneMatch } from './conditional';

const ETAG = '"abc-123"';

describe('ifNoneMatchHits (RFC 9110 weak comparison)', () => {
  it('matches the tag itself, its weak form, and a weak ETag of ours against a strong ask', () => {
    expect(ifNoneMatchHits(ETAG, ETAG)).toBe(true);
    expect(ifNoneMatchHits('W/"abc-123"', ETAG)).toBe(true);
    expect(ifNoneMatchHits(ETAG, 'W/"abc-123"')).toBe(true);
  });

  it('matches anywhere in a list, with or without spaces, and `*` alone', () => {
    expect(ifNoneMatchHits('"a", "abc-123"', ETAG)).toBe(true);
    expect(ifNoneMatchHits('"a",W/"abc-123" ,"b"', ETAG)).toBe(true);
    expect(ifNoneMatchHits(' * ', ETAG)).toBe(true);
  });

  it('does not match other tags, a tag without quotes, a lower-case w/, or nothing', () => {
    expect(ifNoneMatchHits('"a", "b"', ETAG)).toBe(false);
    expect(ifNoneMatchHits('abc-123', ETAG)).toBe(false);
    expect(ifNoneMatchHits('w/"abc-123"', ETAG)).toBe(false);
    expect(ifNoneMatchHits('"abc-1234"', ETAG)).toBe(false);
    expect(ifNoneMatchHits('', ETAG)).toBe(false);
    expect(ifNoneMatchHits(null, ETAG)).toBe(false);
    expect(ifNoneMatchHits(undefined, ETAG)).toBe(false);
  });

  it('keeps a comma inside a quoted tag (etagc allows it) instead of splitting there', () => {
    expect(parseIfNoneMatch('"x,y", W/"z"')).toEqual(['"x,y"', '"z"']);
    expect(ifNoneMatchHits('"x,y"', '"x,y"')).toBe(true);
    expect(ifNoneMatchHits('"x,y"', '"x"')).toBe(false);
    expect(parseIfNoneMatch('*')).toBeNull();
  });

  it('reads a huge header only so far', () => {
    const far = `${'"pad", '.repeat(5_000)}${ETAG}`;
    expect(ifNoneMatchHits(far, ETAG)).toBe(false);
  });
});

describe('parseIfNoneMatch', () => {
  it('skips what is not an entity tag and keeps the rest of the list', () => {
    expect(parseIfNoneMatch('abc, "a"b, "c", "unclosed')).toEqual(['"c"']);
    expect(parseIfNoneMatch('W/"a",\t"b" ')).toEqual(['"a"', '"b"']);
  });
});
