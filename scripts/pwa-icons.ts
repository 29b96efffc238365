/**
 * Draws the responder app's icons (static/icons/*.png): Pantau's ◉ mark, light blue on the control
 * room's navy, anti-aliased by 4×4 supersampling, written as plain RGBA PNGs through zlib. No image
 * library and no download: `node --import tsx scripts/pwa-icons.ts` rewrites them (they are committed).
 *
 * `any` icons are a rounded square with transparent corners; `maskable` ones fill the square and keep
 * the mark inside the central 80 % circle that every launcher's mask leaves visible.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const NAVY: Rgba = [10, 17, 32, 255];
const ACCENT: Rgba = [127, 182, 255, 255];
const SAMPLES = 4;

interface Shape {
  /** Everything in units of the icon's side: 0.5 is the centre. */
  ringRadius: number;
  ringWidth: number;
  dotRadius: number;
  /** Corner radius of the background square; 0 fills the square (maskable). */
  cornerRadius: number;
}

const ANY: Shape = { ringRadius: 0.3, ringWidth: 0.075, dotRadius: 0.13, cornerRadius: 0.18 };
const MASKABLE: Shape = { ringRadius: 0.24, ringWidth: 0.06, dotRadius: 0.105, cornerRadius: 0 };

function insideRoundedSquare(x: number, y: number, r: number): boolean {
  if (r === 0) return true;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The colour at one point of the unit square. */
function colourAt(x: number, y: number, s: Shape): Rgba | null {
  if (!insideRoundedSquare(x, y, s.cornerRadius)) return null;
  const d = Math.hypot(x - 0.5, y - 0.5);
  if (d <= s.dotRadius || Math.abs(d - s.ringRadius) <= s.ringWidth / 2) return ACCENT;
  return NAVY;
}

function drawPixels(size: number, s: Shape): Buffer {
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, s);
          if (!c) continue;
          // Premultiplied sums, so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i++) sum[i] += c[i] * (c[3] / 255);
          sum[3] += c[3];
        }
      }
      const n = SAMPLES * SAMPLES;
      const alpha = sum[3] / n;
      const o = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) out[o + i] = alpha > 0 ? Math.round((sum[i] / n) * (255 / alpha)) : 0;
      out[o + 3] = Math.round(alpha);
    }
  }
  return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An 8-bit RGBA PNG: each row prefixed by filter type 0, the whole deflated into one IDAT. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export const ICONS = [
  { file: 'icon-192.png', size: 192, shape: ANY },
  { file: 'icon-512.png', size: 512, shape: ANY },
  { file: 'maskable-192.png', size: 192, shape: MASKABLE },
  { file: 'maskable-512.png', size: 512, shape: MASKABLE }
] as const;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = path.resolve('static/icons');
  mkdirSync(dir, { recursive: true });
  for (const icon of ICONS) {
    writeFileSync(path.join(dir, icon.file), encodePng(icon.size, drawPixels(icon.size, icon.shape)));
    console.log(`static/icons/${icon.file} (${icon.size}×${icon.size})`);
  }
}
