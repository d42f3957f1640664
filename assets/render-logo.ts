/**
 * Draws the piece logo (an original mark: a black downward triangle with a yellow keyhole on a
 * yellow tile) as SVG, and rasterises the same shapes to a 256x256 PNG with node:zlib.
 * Run: npx tsx assets/render-logo.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const SIZE = 256;
const YELLOW: Rgba = [255, 216, 20, 255];
const BLACK: Rgba = [0, 0, 0, 255];
type Rgba = [number, number, number, number];

const TILE_RADIUS = 40;
const TRIANGLE: Array<[number, number]> = [[44, 62], [212, 62], [128, 214]];
const KEYHOLE_CIRCLE = { cx: 128, cy: 108, r: 19 };
const KEYHOLE_STEM: Array<[number, number]> = [[120, 112], [136, 112], [142, 160], [114, 160]];

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">
  <rect width="${SIZE}" height="${SIZE}" rx="${TILE_RADIUS}" fill="#FFD814"/>
  <polygon points="${TRIANGLE.map((p) => p.join(',')).join(' ')}" fill="#000"/>
  <circle cx="${KEYHOLE_CIRCLE.cx}" cy="${KEYHOLE_CIRCLE.cy}" r="${KEYHOLE_CIRCLE.r}" fill="#FFD814"/>
  <polygon points="${KEYHOLE_STEM.map((p) => p.join(',')).join(' ')}" fill="#FFD814"/>
</svg>
`;

function insidePolygon(x: number, y: number, poly: Array<[number, number]>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideRoundedTile(x: number, y: number): boolean {
  const cx = Math.min(Math.max(x, TILE_RADIUS), SIZE - TILE_RADIUS);
  const cy = Math.min(Math.max(y, TILE_RADIUS), SIZE - TILE_RADIUS);
  return (x - cx) ** 2 + (y - cy) ** 2 <= TILE_RADIUS ** 2;
}

/** The colour of one point, painting shapes in the SVG's order. */
function colourAt(x: number, y: number): Rgba | null {
  if (!insideRoundedTile(x, y)) return null;
  const inKeyhole =
    (x - KEYHOLE_CIRCLE.cx) ** 2 + (y - KEYHOLE_CIRCLE.cy) ** 2 <= KEYHOLE_CIRCLE.r ** 2 || insidePolygon(x, y, KEYHOLE_STEM);
  if (inKeyhole) return YELLOW;
  return insidePolygon(x, y, TRIANGLE) ? BLACK : YELLOW;
}

/** 4x4 supersampling for smooth edges; premultiplied averaging, then straight alpha. */
function rasterise(): Buffer {
  const SAMPLES = 4;
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0 (None)
    for (let x = 0; x < SIZE; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const c = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
          if (!c) continue;
          r += c[0]; g += c[1]; b += c[2]; a += 255;
        }
      }
      const n = SAMPLES * SAMPLES;
      const coverage = a / 255;
      const o = 1 + x * 4;
      row[o] = coverage ? Math.round(r / coverage) : 0;
      row[o + 1] = coverage ? Math.round(g / coverage) : 0;
      row[o + 2] = coverage ? Math.round(b / coverage) : 0;
      row[o + 3] = Math.round(a / n);
    }
    rows.push(row);
  }
  return Buffer.concat(rows);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(raw: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

writeFileSync(join(__dirname, 'logo.svg'), svg);
writeFileSync(join(__dirname, 'logo.png'), encodePng(rasterise()));
console.log('wrote assets/logo.svg and assets/logo.png');
