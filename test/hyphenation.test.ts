/**
 * src/hyphenation.ts on its own: which languages are hyphenated at all. A
 * language that is not (Hebrew, Arabic, Persian, Chinese, Japanese, Korean,
 * Vietnamese) has no patterns to miss, and galley does not warn of them.
 */
import { describe, expect, it } from 'vitest';
import { hyphenatorFor, isHyphenated, SOFT_HYPHEN } from '../src/hyphenation.js';

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

describe('Romanian syllables', () => {
  it('never cuts a piece without a vowel, nor opens one with l or r and a consonant ("încă- / lzire")', () => {
    const hyphenate = hyphenatorFor('ro')!;
    const cut = (word: string): string => hyphenate(word, { hyphenChar: '-' });
    expect(cut('încălzire')).toBe('în-căl-zi-re');
    expect(cut('calzi')).toBe('cal-zi');
    expect(cut('încălțăminte')).toBe('în-căl-ță-min-te');
    expect(cut('abundare')).toBe('abun-da-re');
    expect(cut('absolutoriu')).toBe('ab-so-lu-to-riu');
    // Words the patterns cut well stay as they were.
    expect(cut('întreprindere')).toBe('în-tre-prin-de-re');
    expect(cut('călătorie')).toBe('că-lă-to-rie');
    // Text as print hyphenates it: every word of a sentence, with soft hyphens.
    expect(hyphenate('Clădirea are acum încălzire centrală.')).toBe(['Clă', 'di', 'rea are acum în', 'căl', 'zi', 're cen', 'tra', 'lă.'].join(SOFT_HYPHEN));
  });
});
