import sharp from 'sharp';

/** A real image of `width` × `height` (networks and sharp refuse bytes that are not one), noisy so it does not compress to nothing. */
export async function testImage(format: 'png' | 'jpeg', width = 32, height = 24, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  // xorshift32: no short period, so a large PNG stays large.
  let x = seed | 1;
  for (let i = 0; i < raw.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x & 0xff;
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}
