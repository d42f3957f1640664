/**
 * The `barcode` of a generated TOTP key: Vault 1.8 draws the key URL as a QR code (error correction
 * M, github.com/boombuler/barcode), scales it by a whole factor into a `size` x `size` square centred
 * on white, and PNG-encodes it as 16-bit grayscale (Go's image/png for a Gray16 image). The QR
 * matrix comes from qrcode-generator; the PNG is written here.
 */
import { crc32, deflateSync } from 'node:zlib';
import qrcode from 'qrcode-generator';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A 16-bit grayscale PNG of `size` x `size` pixels, dark where `dark(x, y)`. */
function grayPng(size: number, dark: (x: number, y: number) => boolean): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 16; // bit depth
  ihdr[9] = 0; // grayscale
  const rowBytes = 1 + size * 2;
  const raw = Buffer.alloc(rowBytes * size, 0xff);
  for (let y = 0; y < size; y++) {
    raw[y * rowBytes] = 0; // filter: none
    for (let x = 0; x < size; x++) if (dark(x, y)) raw.writeUInt16BE(0, y * rowBytes + 1 + x * 2);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** The PNG of `text` as a QR code in a `size` square, or the error boombuler gives when it does not fit. */
export function qrPng(text: string, size: number): Buffer | { error: string } {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const modules = qr.getModuleCount();
  const factor = Math.floor(size / modules);
  if (factor <= 0) return { error: `can not scale barcode to an image smaller than ${modules}x${modules}` };
  const offset = Math.floor((size - modules * factor) / 2);
  return grayPng(size, (x, y) => {
    if (x < offset || y < offset) return false;
    const mx = Math.floor((x - offset) / factor);
    const my = Math.floor((y - offset) / factor);
    return mx < modules && my < modules && qr.isDark(my, mx);
  });
}
