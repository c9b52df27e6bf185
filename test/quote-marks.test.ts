/**
 * Straight quotes become the quotation marks of the language in force
 * (src/manuscript/quotes.ts): CLDR's, from the table scripts/quote-marks.mjs
 * makes of npm cldr-misc-full; English and languages CLDR gives English
 * marks keep “ ” ‘ ’. In the body (spans too), the headline, the dek and
 * the credits, and never for an apostrophe.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { quoteMarks } from '../src/manuscript/quotes.js';
import { smarten } from '../src/manuscript/smarten.js';
// @ts-expect-error -- a plain ES module script without type declarations
import { quoteMarksTable } from '../scripts/quote-marks.mjs';
import { repoRoot, tempDir } from './helpers.js';

const NBSP = '\u00a0';

describe('quote marks', () => {
  it('ships the table CLDR gives (scripts/quote-marks.mjs on the installed cldr-misc-full)', () => {
    const shipped: unknown = JSON.parse(readFileSync(path.join(repoRoot, 'src', 'manuscript', 'quote-marks.json'), 'utf8'));
    expect(shipped).toEqual(quoteMarksTable());
    expect(quoteMarks('de')).toEqual(['„', '“', '‚', '‘']);
    expect(quoteMarks('de-AT')).toEqual(['„', '“', '‚', '‘']);
    expect(quoteMarks('fr-CH')).toEqual(['«', '»', '‹', '›']);
    expect(quoteMarks('fr-BE')).toEqual(['«', '»', '«', '»']);
    expect(quoteMarks('en')).toEqual(['“', '”', '‘', '’']);
    expect(quoteMarks('xx-unknown')).toEqual(['“', '”', '‘', '’']);
  });

  it.each([
    ['de', 'Er sagte „ja“ und ‚nein‘ – geht’s?'],
    ['pl', 'Er sagte „ja” und «nein» – geht’s?'],
    ['ro', 'Er sagte „ja” und «nein» – geht’s?'],
    ['hu', 'Er sagte „ja” und »nein« – geht’s?'],
    ['lt', 'Er sagte „ja“ und „nein“ – geht’s?'],
    ['is', 'Er sagte „ja“ und ‚nein‘ – geht’s?'],
    ['ru', 'Er sagte «ja» und „nein“ – geht’s?'],
    ['uk', 'Er sagte «ja» und „nein“ – geht’s?'],
    ['kk', 'Er sagte «ja» und “nein” – geht’s?'],
    ['fr', 'Er sagte «ja» und «nein» – geht’s?'],
    ['en', 'Er sagte “ja” und ‘nein’ – geht’s?'],
    ['ko', 'Er sagte “ja” und ‘nein’ – geht’s?'],
  ])('%s', (language, expected) => {
    expect(smarten('Er sagte "ja" und \'nein\' -- geht\'s?'.replace('--', '–'), language)).toBe(expected);
  });

  it('keeps apostrophes ’ inside a quote, at a word\'s end and before a decade', () => {
    expect(smarten("'Geht's gut', fragte Hans' Freund in den '80s.", 'de')).toBe('‚Geht’s gut‘, fragte Hans’ Freund in den ’80s.');
    expect(smarten("L'homme dit 'oui'.", 'fr')).toBe('L’homme dit «oui».');
  });

  it('sets the marks in the body, in spans by the span\'s language, across emphasis, and in the headline, dek and credit', async () => {
    const dir = path.join(tempDir(), 'quotes');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    writeFileSync(path.join(dir, 'images', 'p.png'), readFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png')));
    writeFileSync(
      path.join(dir, 'article.md'),
      [
        '---',
        'title: \'Der "Hafen" bleibt\'',
        'subtitle: \'Ein "kurzer" Text\'',
        'date: 2024-03-31',
        'language: de',
        '---',
        '',
        'Sie sagte "*sehr* gut" und \'nein\', dann :span[he said "yes"]{lang=en} und :span[il a dit "oui"]{lang=fr}.',
        '',
        '## Der "Plan"',
        '',
        ':::figure{src="images/p.png" alt="Ein Bild" credit=\'Foto: "Anna" Nowak\'}',
        'Das "Bild".',
        ':::',
        '',
      ].join('\n'),
    );
    const { document } = await loadManuscript(dir);
    const html = toHtml(document.content);
    expect(html).toContain('Sie sagte „<em>sehr</em> gut“ und ‚nein‘, dann <span lang="en">he said “yes”</span>');
    expect(html).toContain(`<span lang="fr">il a dit «${NBSP}oui${NBSP}»</span>`);
    expect(html).toContain('id="der-plan">Der „Plan“</h2>');
    expect(html).toContain('Das „Bild“.');
    expect(html).not.toMatch(/[\uFDD0-\uFDD3]/u);
    expect(document.metadata.title).toBe('Der „Hafen“ bleibt');
    expect(document.metadata.subtitle).toBe('Ein „kurzer“ Text');
    expect(document.credits[0]!.line).toContain('„Anna“ Nowak');
  });
});
