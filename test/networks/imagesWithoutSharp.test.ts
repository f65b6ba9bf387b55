import { describe, expect, it, vi } from 'vitest';
import { fitImage } from '../../src/networks/images.js';

// sharp is loaded with the first image: a server where its native part cannot load must say so, not crash a publication.
vi.mock('sharp', () => ({
  get default(): never {
    throw new Error('Could not load the "sharp" module using the linux-x64 runtime');
  },
}));

describe('images when sharp cannot load', () => {
  it('refuses the image with the reason, once per attempt, without throwing', async () => {
    const media = { data: Buffer.from('not decoded anyway'), mimeType: 'image/png', altText: 'Un gendarme' };
    const limits = { maxImages: 4, maxAlt: 1000, maxBytes: { 'image/png': 5_000_000, 'image/jpeg': 5_000_000 } };
    for (let attempt = 0; attempt < 2; attempt++) {
      const fitted = await fitImage(media, limits);
      expect(fitted.ok).toBe(false);
      expect(fitted.ok ? '' : fitted.reason).toMatch(/^images cannot be processed on this server: sharp did not load \(.*linux-x64/);
    }
  });
});
