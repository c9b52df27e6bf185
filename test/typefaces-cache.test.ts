/**
 * A font file's characters and copyright notice are read once (with
 * fontkit) and kept in the font cache by the file's content; a build reads
 * them from there.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readCacheFileSync, writeCacheFileSync } from '../src/cache-file.js';
import type { Typeface } from '../src/document.js';
import { parseUnicodeRange } from '../src/typefaces.js';

const require = createRequire(import.meta.url);
const literataLatin = path.join(path.dirname(require.resolve('@fontsource/literata/package.json')), 'files', 'literata-latin-400-normal.woff2');

describe('the font facts cache', () => {
  let cache: string;
  const previous = process.env.GALLEY_CACHE_DIR;

  // A cache of each case's own: the cases hold alone and in any order.
  beforeEach(() => {
    cache = mkdtempSync(path.join(os.tmpdir(), 'galley-font-facts-'));
    process.env.GALLEY_CACHE_DIR = cache;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
    else process.env.GALLEY_CACHE_DIR = previous;
    rmSync(cache, { recursive: true, force: true });
  });

  const factsFiles = (): string[] => readdirSync(path.join(cache, 'fonts')).filter((name) => name.endsWith('.json'));
  /** The entry of Literata's latin file: of the two a build reads (it and Literata's whole font, for what the slices lack), the one with fewer characters. */
  const latinFactsFile = (): string =>
    factsFiles()
      .map((name) => path.join(cache, 'fonts', name))
      .map((file) => ({ file, count: (JSON.parse(readCacheFileSync(file)!.toString('utf8')) as { characters: number[] }).characters.length }))
      .sort((a, b) => a.count - b.count)[0]!.file;

  /** The files (regular, upright) whose range claims é. */
  const claimingÉ = (typefaces: Typeface[]): string[] =>
    typefaces
      .flatMap((typeface) => typeface.fonts)
      .filter((font) => font.weight === 400 && font.style === 'normal' && parseUnicodeRange(font.unicodeRange).some(([from, to]) => 0xe9 >= from && 0xe9 <= to))
      .map((font) => font.fileName);

  it('keeps what fontkit reads from the file', async () => {
    vi.resetModules();
    const { typefacesFor } = await import('../src/typefaces.js');
    const { typefaces, uncovered } = await typefacesFor('Café', 'en');
    expect(uncovered).toEqual([]);
    expect(factsFiles()).toHaveLength(2);
    const facts = JSON.parse(readCacheFileSync(latinFactsFile())!.toString('utf8')) as { characters: number[]; copyright: string };
    const font = (require('fontkit') as typeof import('fontkit')).create(readFileSync(literataLatin));
    expect(facts.characters).toEqual(font.characterSet);
    expect(facts.copyright).toBe(font.copyright!.trim().replace(/\.+$/, ''));
    expect(typefaces[0]!.copyright).toBe(facts.copyright);
  });

  it('reads them from the cache in the next build, and again from the file when the cache is unreadable', async () => {
    vi.resetModules();
    await (await import('../src/typefaces.js')).typefacesFor('Café', 'en');
    const file = latinFactsFile();
    const facts = JSON.parse(readCacheFileSync(file)!.toString('utf8')) as { characters: number[]; copyright: string };
    const lacking = JSON.stringify({ ...facts, characters: facts.characters.filter((code) => code !== 0xe9) });
    // A cache entry that says the file lacks é: the next build believes it, and looks for é in a face further on.
    writeCacheFileSync(file, Buffer.from(lacking));
    vi.resetModules();
    let { typefacesFor } = await import('../src/typefaces.js');
    const believed = await typefacesFor('Café', 'en');
    // é is taken from another file: Literata's whole font's, which draws what its slices lack.
    expect(claimingÉ(believed.typefaces)).not.toContain(path.basename(literataLatin));

    // A damaged entry, readable as JSON or not, is read again from the font and kept anew.
    for (const damage of ['{ not json', lacking]) {
      writeFileSync(file, damage);
      vi.resetModules();
      ({ typefacesFor } = await import('../src/typefaces.js'));
      const again = await typefacesFor('Café', 'en');
      expect(again.uncovered).toEqual([]);
      expect(again.typefaces.map((typeface) => typeface.family)).toEqual(['Literata']);
      expect(claimingÉ(again.typefaces)).toEqual([path.basename(literataLatin)]);
      expect((JSON.parse(readCacheFileSync(file)!.toString('utf8')) as { characters: number[] }).characters).toEqual(facts.characters);
    }
  });
});
