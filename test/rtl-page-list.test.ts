/**
 * The page list of a right-to-left article whose pages open with lines of
 * more Latin than Hebrew (a note holding a URL): the print edition's lines
 * are read back right to left, so the e-book finds every page. Built with the
 * real CLI, alone and in an English collection (where the article's pages
 * run one way and the rest the other), and read back from the EPUB and the PDF.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPageStart } from '../src/epub/page-breaks.js';
import { entryText, epubcheck, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfInfo, run } from './pdf-helpers.js';

const letters = (text: string): string => text.replace(/[^\p{L}\p{N}]/gu, '');

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'rtl-hebrew-notes');

/** The page-break markers of the e-book's pages, in reading order, with the words after each. */
async function markers(epub: string): Promise<Array<{ page: number; after: string }>> {
  const zip = await openEpub(epub);
  const opf = await entryText(zip, 'OEBPS/content.opf');
  const ids = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((match) => match[1]!);
  const hrefs = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((match) => [match[1]!, match[2]!]));
  const found: Array<{ page: number; after: string }> = [];
  for (const id of ids) {
    const xhtml = await entryText(zip, `OEBPS/${hrefs.get(id)}`);
    for (const match of xhtml.matchAll(/id="page-(\d+)"[^>]*\/>/g)) {
      const after = xhtml.slice(match.index + match[0].length).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
      found.push({ page: Number(match[1]), after });
    }
  }
  return found;
}

describe('a right-to-left article whose page opens with a line of more Latin than Hebrew', () => {
  it('builds both editions with a full page list, the marker before the note the page opens with', async () => {
    const out = tempDir();
    const result = runCli(['build', manuscript, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/not found in the e-book/);
    const pdf = path.join(out, 'rtl-hebrew-notes.pdf');
    const epub = path.join(out, 'rtl-hebrew-notes.epub');
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    const found = await markers(epub);
    expect(found.map((marker) => marker.page)).toEqual(Array.from({ length: pages }, (_, index) => index + 1));
    // Page 2 opens inside the notes, on a line whose URL outweighs its Hebrew; its marker stands before that note.
    const printed = run('pdftotext', ['-f', '2', '-l', '2', pdf, '-']);
    const url = /innovation-authority-report-(\d+)\.pdf/.exec(printed)![1]!;
    expect(letters(found[1]!.after)).toContain(letters(`${url} ראו https://example.com/he/archive/2025/innovation-authority-report-${url}.pdf`));
    const check = epubcheck(epub);
    expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
  }, 240_000);

  it('builds an English collection holding it, each article\'s pages read their own way', async () => {
    const work = tempDir();
    const good = path.join(repoRoot, 'test', 'fixtures', 'good');
    writeFileSync(
      path.join(work, 'collection.yaml'),
      ['title: "Two ways"', 'date: 2025-07-01', 'language: en', 'articles:', ...['unseen-short', 'rtl-hebrew-notes', 'unseen-notes'].map((name) => `  - ${path.join(good, name)}`), ''].join('\n'),
    );
    const out = tempDir();
    const result = runCli(['build', work, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/not found in the e-book/);
    const name = path.basename(work);
    const pages = Number(pdfInfo(path.join(out, `${name}.pdf`)).Pages);
    const found = await markers(path.join(out, `${name}.epub`));
    expect(found.map((marker) => marker.page)).toEqual(Array.from({ length: pages }, (_, index) => index + 1));
    // The page that opens in the Hebrew notes: its marker before the note's first word (its number and back link
    // come first in the e-book), not before the URL, where a line read left to right would put it.
    const inNotes = found.filter((marker) => letters(marker.after).includes('innovationauthorityreport'));
    expect(inNotes.length).toBeGreaterThan(0);
    for (const marker of inNotes) expect(letters(marker.after)).toMatch(/^\d*ראוhttps/);
  }, 240_000);

  it('matches no looser than before: a line read in the order it is drawn is still not found', () => {
    // The e-book: the notes' heading, then the note (its number is the list's, not text).
    const stream = letters('הערות הנתונים מתוך דו"ח רשות החדשנות, עמוד 12, ראו https://example.com/he/report-2025.pdf. מקורות וקרדיטים').toLowerCase();
    expect(findPageStart(stream, 'הערות 1.הנתונים מתוך דו”ח רשות החדשנות, עמוד 12, ראו https://example.com/he/report-2025.pdf.', 0)).toBeGreaterThanOrEqual(0);
    // As the print edition's line was read before: left to right, as drawn.
    expect(findPageStart(stream, 'הערות .1.https://example.com/he/report-2025.pdf ראו ,12 עמוד ,החדשנות רשות ח”דו מתוך הנתונים', 0)).toBe(-1);
  });
});
