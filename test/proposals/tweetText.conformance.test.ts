import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkTweetText } from '../../src/proposals/tweetText.js';

/**
 * twitter-text's official conformance cases (Apache-2.0, copied with their LICENSE beside
 * them), run through our own check so that a change of library or of our rules that disagrees
 * with X shows here.
 */
type WeightedCase = { description: string; text: string; expected: { weightedLength: number; valid: boolean } };
type ValidityCase = { description: string; text: string; expected: boolean };
type Conformance = {
  tests: {
    tweets: ValidityCase[];
    WeightedTweetsWithDiscountedEmojiCounterTest: WeightedCase[];
    UnicodeDirectionalMarkerCounterTest: WeightedCase[];
  };
};

const fixture = new URL('../fixtures/twitter-text/validate.yml', import.meta.url);
const conformance = parse(readFileSync(fixture, 'utf8')) as Conformance;
const MAX = 280;

describe('the YAML copy', () => {
  it('is decoded with its \\U escapes', () => {
    // The file writes this emoji as "\U0001f431"; the yaml package decodes it.
    const cats = conformance.tests.tweets.find((c) => c.description.includes('double word characters'));
    expect(cats?.text.startsWith('\u{1F431}')).toBe(true);
    expect(cats?.text).not.toContain('\\U');
  });
});

function expectAgreement(c: WeightedCase): void {
  const result = checkTweetText(c.text, MAX);
  if (c.expected.valid) {
    expect(result).toEqual({ ok: true, weightedLength: c.expected.weightedLength });
    return;
  }
  expect(result.ok).toBe(false);
  if (result.ok) return;
  if (c.text === '') {
    expect(result.problem).toEqual({ code: 'empty' });
  } else if (c.expected.weightedLength > MAX) {
    const { weightedLength } = c.expected;
    expect(result.problem).toEqual({ code: 'too_long', weightedLength, max: MAX, over: weightedLength - MAX });
  } else {
    expect(result.problem).toEqual({ code: 'invalid_chars' });
  }
}

describe('WeightedTweetsWithDiscountedEmojiCounterTest (the v3 configuration)', () => {
  const cases = conformance.tests.WeightedTweetsWithDiscountedEmojiCounterTest;
  it('has its cases', () => expect(cases.length).toBe(22));
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_, c) => expectAgreement(c));
});

describe('UnicodeDirectionalMarkerCounterTest', () => {
  const cases = conformance.tests.UnicodeDirectionalMarkerCounterTest;
  it('has its cases', () => expect(cases.length).toBe(2));
  it.each(cases.map((c) => [c.description, c] as const))('%s', (_, c) => expectAgreement(c));
});

describe('tweets (validity only)', () => {
  // These cases were written for the old 140-character limit and are "invalid" only for being
  // over 140; under the v3 rules (280) the same texts are valid, so they cannot agree. They are
  // named here rather than skipped by a rule, so that any other disagreement still fails.
  const WRITTEN_FOR_140 = ['Invalid Tweet: 141 characters', 'Invalid Tweet: 141 characters (due to newline)'];
  const all = conformance.tests.tweets;
  const cases = all.filter((c) => !WRITTEN_FOR_140.includes(c.description));

  it('leaves out exactly the 140-limit cases, which are valid at 280', () => {
    expect(all.length).toBe(8);
    expect(cases.length).toBe(all.length - WRITTEN_FOR_140.length);
    for (const c of all.filter((x) => WRITTEN_FOR_140.includes(x.description))) {
      expect(c.expected).toBe(false);
      expect(checkTweetText(c.text, 140).ok).toBe(false);
      expect(checkTweetText(c.text, MAX).ok).toBe(true);
    }
  });

  it.each(cases.map((c) => [c.description, c] as const))('%s', (_, c) => {
    expect(checkTweetText(c.text, MAX).ok).toBe(c.expected);
  });
});
