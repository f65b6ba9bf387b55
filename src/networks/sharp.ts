import type sharpModule from 'sharp';

let loading: Promise<typeof sharpModule> | null = null;

/** sharp (libvips) costs about 16 MiB of memory once loaded: it is loaded when the first image comes, not at start. */
export function loadSharp(): Promise<typeof sharpModule> {
  loading ??= import('sharp').then((m) => m.default);
  return loading;
}
