import { describe, expect, it } from 'vitest';
import { hyphenLadders, MAX_HYPHENATED_LINES } from '../src/pdf/ladders.js';
import type { PrintedPage } from '../src/pdf/page-starts.js';

const page = (number: number, lines: string[]): PrintedPage => ({ page: number, text: lines.join(' '), end: lines.at(-1) ?? '', lines });
const dictionary = new Set(['repairing', 'spoken', 'occasions', 'country', 'positively', 'relations', 'agencies']);
const isWord = (key: string): boolean => dictionary.has(key);

describe('hyphenLadders', () => {
  it('allows two hyphenated lines in a row by default', () => {
    expect(MAX_HYPHENATED_LINES).toBe(2);
    expect(hyphenLadders([page(1, ['hopes for re-', 'pairing ties, spo-', 'ken of today.'])], isWord)).toEqual([]);
  });

  it('names the third word in a run, in lower case and without its punctuation', () => {
    const lines = ['Hopes for re-', 'pairing ties. Trump spo-', 'ken at length on Oc-', 'casions, he said.'];
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual(['occasions']);
  });

  it('reads a line ending in U+2010 HYPHEN as hyphenated, and ignores soft hyphens left in the text', () => {
    const lines = ['hopes for re\u2010', 'pairing ties spo\u2010', 'ken posi\u00ADtively on oc\u2010', 'ca\u00ADsi\u00ADons.'];
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual(['occasions']);
  });

  it('keeps counting past a compound it cannot set whole and names the next word', () => {
    const lines = ['the re-', 'pairing spo-', 'ken of the military-to-', 'military ties oc-', 'casions.'];
    // "tomilitary" is no word: the run goes on to four, and "occasions" is set whole.
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual(['occasions']);
  });

  it('starts a new run after a word it sets whole', () => {
    // Five hyphens in a row: the third is set whole, so the fourth and fifth are a run of two.
    const lines = ['re-', 'pairing spo-', 'ken oc-', 'casions coun-', 'try rela-', 'tions.'];
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual(['occasions']);
    // With one allowed, every second one goes.
    expect(hyphenLadders([page(1, lines)], isWord, 1)).toEqual(['spoken', 'country']);
  });

  it('does not count a line whose next line opens with a number or punctuation', () => {
    const lines = ['the re-', 'pairing spo-', '2017 figures oc-', 'casions coun-', 'try.'];
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual([]);
  });

  it('counts a run that goes on over a page break', () => {
    const pages = [page(1, ['the re-', 'pairing spo-']), page(2, ['ken of oc-', 'casions.'])];
    expect(hyphenLadders(pages, isWord)).toEqual(['occasions']);
  });

  it('names a word once when it makes two runs too long', () => {
    const run = ['the re-', 'pairing spo-', 'ken of oc-', 'casions.'];
    expect(hyphenLadders([page(1, run), page(2, run)], isWord)).toEqual(['occasions']);
  });
});
