/**
 * src/hyphenation.ts on its own: which languages are hyphenated at all. A
 * language that is not (Hebrew, Arabic, Persian, Chinese, Japanese, Korean,
 * Vietnamese) has no patterns to miss, and galley does not warn of them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hyphenatorFor, hyphenatorOfPatterns, isHyphenated, SOFT_HYPHEN } from '../src/hyphenation.js';

describe('isHyphenated', () => {
  it.each(['he', 'ar', 'fa', 'ur', 'zh', 'zh-TW', 'ja', 'ko', 'vi', 'yi', 'km', 'lo', 'my'])('%s is not hyphenated', (language) => {
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

describe('patterns kept in the build cache', () => {
  const words = 'Hyphenation of international representatives, characteristically unimaginable.';

  it('reads the patterns from the package once, then from the cache, and hyphenates the same', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'galley-hyphen-'));
    try {
      const first = hyphenatorOfPatterns('en-us', cache);
      expect(first.from).toBe('package');
      const again = hyphenatorOfPatterns('en-us', cache);
      expect(again.from).toBe('cache');
      expect(again.hyphenate(words)).toBe(first.hyphenate(words));
      expect(again.hyphenate(words)).toContain(`Hy${SOFT_HYPHEN}phen${SOFT_HYPHEN}ation`);
      // The package's own hyphenator, as its language module makes it.
      const { hyphenateSync } = createRequire(import.meta.url)('hyphen/en-us') as { hyphenateSync: (text: string) => string };
      expect(again.hyphenate(words)).toBe(hyphenateSync(words));
      // A damaged file is not used: the patterns are read from the package again.
      const [file] = readdirSync(path.join(cache, 'hyphen'));
      const kept = path.join(cache, 'hyphen', file!);
      writeFileSync(kept, readFileSync(kept).subarray(1));
      expect(hyphenatorOfPatterns('en-us', cache).from).toBe('package');
      expect(hyphenatorOfPatterns('en-us', cache).from).toBe('cache');
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('keeps every language of the package as it is: the cached patterns equal the package\'s', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'galley-hyphen-'));
    const require = createRequire(import.meta.url);
    try {
      for (const name of ['de', 'ru', 'el', 'fr', 'ro', 'pl', 'tr']) {
        expect(hyphenatorOfPatterns(name, cache).from, name).toBe('package');
        const file = path.join(cache, 'hyphen', readdirSync(path.join(cache, 'hyphen')).find((entry) => entry.startsWith(`${name}-`))!);
        const json = readFileSync(file).subarray(0, -32).toString('utf8');
        expect(JSON.parse(json), name).toStrictEqual((require(`hyphen/${name}`) as { patterns: unknown }).patterns);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  it('has no patterns for a language the package lacks, and keeps nothing for it', () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'galley-hyphen-'));
    try {
      expect(() => hyphenatorOfPatterns('xx', cache)).toThrow();
      expect(existsSync(path.join(cache, 'hyphen'))).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
