import sharp from 'sharp';

/** A real image of `width` × `height` (networks and sharp refuse bytes that are not one), noisy so it does not compress to nothing. */
export async function testImage(format: 'png' | 'jpeg', width = 32, height = 24, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let x = seed;
  for (let i = 0; i < raw.length; i++) raw[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}
