import { expect } from 'vitest';
import { blocksTextLength, MAX_BLOCKS_TEXT, messageBlocksProblems } from './blockKit.js';
import { escapedTextBytes, MAX_UPDATE_TEXT_BYTES } from './slackMessageRules.js';

/** A message within every limit the strict fake applies to chat.postMessage and chat.update. */
export function expectMessageFits(m: { text: string; blocks?: unknown[] } | null, label: string): void {
  expect(m, `${label}: a message`).not.toBeNull();
  expect(messageBlocksProblems(m!.blocks ?? []), label).toEqual([]);
  expect(blocksTextLength(m!.blocks ?? []), label).toBeLessThanOrEqual(MAX_BLOCKS_TEXT);
  expect(escapedTextBytes(m!.text), label).toBeLessThanOrEqual(MAX_UPDATE_TEXT_BYTES);
  expect(m!.text.length, label).toBeGreaterThan(0);
}
