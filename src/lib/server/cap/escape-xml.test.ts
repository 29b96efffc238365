import { describe, it, expect } from 'vitest';
import { escapeXml } from './escape-xml';

describe('escapeXml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
  });

  it('escapes & first-class: entities in the input are not trusted', () => {
    expect(escapeXml('&amp; &#60;')).toBe('&amp;amp; &amp;#60;');
  });

  it('replaces characters XML 1.0 cannot carry, keeps tab and LF, keeps CR as a reference', () => {
    expect(escapeXml('a\u0000b\u0007c\u000Bd\u001Fe\uFFFEf')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf');
    expect(escapeXml('line1\nline2\tx\ry')).toBe('line1\nline2\tx&#13;y');
  });

  it('keeps valid astral characters, replaces lone surrogates', () => {
    expect(escapeXml('banjir 🌊')).toBe('banjir 🌊');
    expect(escapeXml('a\uD83Cb')).toBe('a\uFFFDb');
    expect(escapeXml('a\uDF0Ab')).toBe('a\uFFFDb');
  });

  it('leaves ordinary Indonesian text and units alone', () => {
    expect(escapeXml('Siaga 2 · Gunung Lingai 245 cm, PM2.5 55 µg/m³')).toBe('Siaga 2 · Gunung Lingai 245 cm, PM2.5 55 µg/m³');
  });
});
