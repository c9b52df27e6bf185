/**
 * src/hyphenation.ts on its own: which languages are hyphenated at all. A
 * language that is not (Hebrew, Arabic, Persian, Chinese, Japanese, Korean,
 * Vietnamese) has no patterns to miss, and galley does not warn of them.
 */
import { describe, expect, it } from 'vitest';
import { hyphenatorFor, isHyphenated } from '../src/hyphenation.js';

describe('isHyphenated', () => {
  it.each(['he', 'ar', 'fa', 'ur', 'zh', 'zh-TW', 'ja', 'ko', 'vi', 'yi'])('%s is not hyphenated', (language) => {
    expect(isHyphenated(language)).toBe(false);
  });
  it.each(['en', 'de', 'de-CH', 'ru', 'sr', 'sr-Latn', 'el', 'th', 'hi', 'tr', 'ga'])('%s is', (language) => {
    expect(isHyphenated(language)).toBe(true);
  });
  it('has patterns for the hyphenated languages galley has words in', () => {
    for (const language of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'ru', 'uk', 'cs', 'sv', 'el', 'tr', 'th']) expect(hyphenatorFor(language), language).toBeDefined();
  });
});
