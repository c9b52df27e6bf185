/**
 * A word too long for a phone's line breaks at a syllable, with a hyphen, in
 * the e-book: galley writes soft hyphens (U+00AD) from the language's
 * patterns into such words of the headline, the dek, the headings, the text
 * and the captions, and into no other word; a reading app without a
 * hyphenation dictionary broke them between any two letters. The package's
 * metadata and navigation keep the words whole, the page list still finds
 * every print page, and the pages pass EPUBCheck. Read back at 360 px in
 * Chromium: no line is wider than the screen, and the break shows a hyphen.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArticle, entryText, epubcheck, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { linesOf, withPage } from './screen-helpers.js';

const SHY = '\u00AD';
const longWord = 'Donaudampfschifffahrtsgesellschaftskapitänswitwe';

const article = `---
title: "Die ${longWord} erzählt"
subtitle: "Ein erfundenes Porträt mit sehr langen Wörtern wie Rechtsschutzversicherungsgesellschaften."
authors: ["Anna Beispiel"]
date: 2025-08-01
language: de
---

Ein neuer Nutzer schreibt über die Schifffahrt auf der Donau und ihre Geschichte, mit kurzen und mittellangen Wörtern.

:::figure{src="images/photo.png" alt="Ein Beispielbild" credit="Foto: Anna Beispiel"}
Die ${longWord} am Ufer.
:::

## Die Grundstücksverkehrsgenehmigungszuständigkeit

Zweiter Abschnitt über die Nahrungsmittelunverträglichkeitsbeauftragte, mit \`Donaudampfschifffahrtsgesellschaftskapitänswitwe\` als Code.
`;

describe('long words in the e-book', () => {
  const context = useBrowserAndTempDir('galley-screen-hyphens-');
  let out: string;
  let zip: JSZip;
  let stderr: string;

  beforeAll(async () => {
    const built = await buildArticle('witwe', article);
    out = built.out;
    stderr = built.result.stderr;
    zip = built.zip;
  }, 240_000);

  it('gives the long words of headline, dek, heading, text and caption soft hyphens at syllables, and no other word any but the justified text’s', async () => {
    const titlepage = await entryText(zip, 'OEBPS/titlepage.xhtml');
    const page = await entryText(zip, 'OEBPS/article.xhtml');
    // German justified text has soft hyphens at every syllable (screenLongestJustifiedWord): its paragraphs apart.
    const paragraphs = [...page.matchAll(/<p(?: [^>]*)?>([\s\S]*?)<\/p>/g)].map((match) => match[1]!).filter((text) => !/Ufer/.test(text));
    expect(paragraphs.join(' ')).toContain(`Schiff${SHY}fahrt`);
    const ragged = paragraphs.reduce((text, paragraph) => text.replace(paragraph, ''), page);
    const words = [...`${titlepage}\n${ragged}`.replace(/<[^>]*>/g, ' ').matchAll(/[\p{L}\u00AD]+/gu)].map((match) => match[0]);
    const hyphenated = [...new Set(words.filter((word) => word.includes(SHY)))].map((word) => word.replaceAll(SHY, '-')).sort();
    // The break points are the German patterns' (Donau-dampf-schiff-…), as few as a narrow line needs.
    expect([...new Set(hyphenated.map((word) => word.replaceAll('-', '')))].sort()).toEqual(
      ['Grundstücksverkehrsgenehmigungszuständigkeit', longWord, 'Rechtsschutzversicherungsgesellschaften'].sort(),
    );
    for (const word of hyphenated) {
      for (const piece of word.split('-')) expect(piece.length, word).toBeLessThanOrEqual(20);
    }
    // The headline's word breaks where the other editions break it (hyphenateHeadline): nearest its middle, then its
    // pieces', until none is longer than a line holds at a reader's 200 % (SCREEN_LONGEST_HEADLINE_WORD).
    expect(page).toContain(`Donaudampf${SHY}schiff${SHY}fahrtsge${SHY}sell${SHY}schaftska${SHY}pitäns${SHY}witwe`);
    // Code is left whole.
    expect(page).toContain(`<code>${longWord}</code>`);
  });

  it('keeps the words whole in the metadata, the navigation and the cover’s text alternative', async () => {
    for (const name of ['OEBPS/content.opf', 'OEBPS/toc.xhtml', 'OEBPS/cover.xhtml']) expect(await entryText(zip, name), name).not.toContain(SHY);
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain(`<dc:title id="title">Die ${longWord} erzählt</dc:title>`);
  });

  it('still finds every print page in the e-book', async () => {
    expect(stderr).not.toMatch(/not found in the e-book/);
    const nav = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(nav).toMatch(/epub:type="page-list"/);
    expect(stderr).not.toMatch(/page list/);
  });

  it('sets no line wider than a 360 px screen, and breaks the headline with a hyphen', async () => {
    const dir = path.join(context.dir, 'witwe');
    await unzipTo(zip, dir);
    await withPage(context.browser, async (page) => {
      await page.setViewport({ width: 360, height: 640 });
      for (const name of ['titlepage', 'article']) {
        await page.goto(pathToFileURL(path.join(dir, 'OEBPS', `${name}.xhtml`)).href);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(360);
      }
      await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'titlepage.xhtml')).href);
      // The headline's lines, by the positions of its letters: a line that ends inside the long word ends at a soft hyphen.
      const lines = await page.$eval('.headline', linesOf);
      expect(lines.length).toBeGreaterThan(2);
      // Each line but the last ends at a soft hyphen or a space (a space the line breaks at is read with the next line).
      lines.slice(0, -1).forEach((line, index) => expect(/[\u00AD ]$/.test(line) || lines[index + 1]!.startsWith(' '), JSON.stringify(lines)).toBe(true));
    });
  }, 60_000);

  it('passes EPUBCheck', () => {
    const check = epubcheck(path.join(out, 'witwe.epub'));
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
  });
});
