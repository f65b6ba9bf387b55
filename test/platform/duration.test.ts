import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/platform/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['45m', 2_700],
    ['2h', 7_200],
    ['1h30m', 5_400],
    ['1d', 86_400],
    ['0m', 0],
    ['2H', 7_200],
  ])('%j → %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['', '2', 'h', '1.5h', '-2m', '2 h', '1hour', '2h ago', 'm30'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [5_400, '1h30m'],
    [90, '1m30s'],
    [86_400, '1d'],
    [0, '0s'],
  ])('%d → %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('is read back by parseDuration', () => {
    for (const seconds of [1, 59, 61, 3_599, 3_600, 93_784]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});
