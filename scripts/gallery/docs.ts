/**
 * The README's pictures of what the cell sees (`npm run gallery -- --docs`): three crops of the gallery,
 * made small (a palette PNG) so the repository stays light. Run again after a change to the messages.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { screenshots, type Shot } from './chromium.js';

export const DOCS_PICTURES: readonly Shot[] = [
  { name: 'gallery-proposal', selector: '#fr-published .channel' },
  { name: 'gallery-reminders', selector: '#fr-escalation .channel' },
  { name: 'gallery-home', selector: '#fr-home .home' },
];

/** Writes the README's pictures in `docsDir`; resolves with the files and their sizes in bytes. */
export async function docsPictures(chromium: string, htmlPath: string, docsDir: string): Promise<Array<{ file: string; bytes: number }>> {
  const written = await screenshots(chromium, htmlPath, docsDir, DOCS_PICTURES);
  const out: Array<{ file: string; bytes: number }> = [];
  for (const file of written) {
    const small = await sharp(readFileSync(file)).png({ palette: true, quality: 85, compressionLevel: 9, effort: 10 }).toBuffer();
    writeFileSync(file, small);
    out.push({ file: join(docsDir, file.split('/').at(-1)!), bytes: small.length });
  }
  return out;
}
