// A valid, tiny, solid-colour PNG built by hand so images are deterministic and need no
// dependency: the pixel data goes in one uncompressed ("stored") deflate block.

/** Side of the generated square image, px. Requested `size` is not honoured (see README). */
export const PNG_SIDE_PX = 8;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function zlibStored(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + 5 + raw.length + 4);
  const view = new DataView(out.buffer);
  out[0] = 0x78;
  out[1] = 0x01;
  out[2] = 0x01; // final block, stored
  view.setUint16(3, raw.length, true);
  view.setUint16(5, ~raw.length & 0xffff, true);
  out.set(raw, 7);
  view.setUint32(7 + raw.length, adler32(raw));
  return out;
}

/** An 8×8 RGB PNG filled with `rgb` (0xRRGGBB). */
export function solidPng(rgb: number): Uint8Array<ArrayBuffer> {
  const side = PNG_SIDE_PX;
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, side);
  headerView.setUint32(4, side);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, no interlace

  const rowLength = 1 + side * 3;
  const raw = new Uint8Array(rowLength * side);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      raw.set([(rgb >>> 16) & 0xff, (rgb >>> 8) & 0xff, rgb & 0xff], y * rowLength + 1 + x * 3);
    }
  }

  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlibStored(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    png.set(part, offset);
    offset += part.length;
  }
  return png;
}
