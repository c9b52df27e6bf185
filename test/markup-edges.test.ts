/**
 * Markdown and raw HTML that a newsroom's editors type as they would for a web
 * page (test/fixtures/good/markup-edges), read back from both editions: the
 * PDF's text and outline, the e-book's pages and contents, and the build's
 * warnings.
 */
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, normalize, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfLines, pdfLinks, pdfOutline, pdfText, type PdfLink } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'markup-edges');

describe('markup a web page allows, in both editions', () => {
  const out = tempDir('galley-markup-edges-');
  let built: SpawnSyncReturns<string>;
  let zip: JSZip;
  let article: string;
  let printed: string;
  beforeAll(async () => {
    built = runCli(['build', fixture, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status !== 0) throw new Error(`galley build exited ${built.status}:\n${built.stderr}`);
    zip = await openEpub(path.join(out, 'markup-edges.epub'));
    article = await entryText(zip, 'OEBPS/article.xhtml');
    printed = normalize(pdfText(path.join(out, 'markup-edges.pdf')));
  }, 240_000);

  it('prints a <details> open: its summary as a bold lead and every paragraph it holds, and says so at its line', () => {
    for (const words of ['Read the council\'s full statement', 'reproduced here in full, as the clerk read it out', 'kept the looms oiled']) {
      expect(printed, 'in the PDF').toContain(words);
      expect(normalize(article.replace(/<[^>]*>/g, ' ')), 'in the e-book').toContain(words);
    }
    // Nothing a reading app would show closed.
    expect(article).not.toMatch(/<details|<summary/);
    // Set as a paragraph all in bold is: flush, with space above it (rehype-bold-leads.ts).
    expect(article).toContain('<p class="bold-lead"><strong>Read the council\'s full statement</strong></p>');
    expect(built.stderr).toMatch(/markup-edges\/article\.md:11:1: warning: raw HTML <details> is printed open in both editions/);
  });

  it('lists a heading in the PDF outline and the e-book contents by its words: no link address, no note call', async () => {
    const outline = pdfOutline(path.join(out, 'markup-edges.pdf')).map(normalize);
    expect(outline).toContain('The looms, as the museum lists them');
    expect(outline).toContain('Budget 2025');
    const contents = normalize((await entryText(zip, 'OEBPS/toc.xhtml')).replace(/<[^>]*>/g, ' '));
    expect(contents).toContain('The looms, as the museum lists them');
    expect(contents).toContain('Budget 2025');
    expect(contents).not.toContain('Budget1');
    // The page still prints the address after the link's words, and the call.
    expect(printed).toContain('as the museum (https://');
  });

  it('makes a heading’s id from its words, so that the author’s links to it lead there in both editions', async () => {
    // `## Budget[^budget] 2025` and `## The looms, as the [museum](https://…) lists them`, linked to as GitHub's preview ids them.
    expect(article).toContain('<h2 id="budget-2025">');
    expect(article).toContain('<h2 id="the-looms-as-the-museum-lists-them">');
    expect(article).not.toMatch(/id="budget1/);
    expect(article).toContain('<a href="#budget-2025">the budget</a>');
    const toc = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(toc).toContain('article.xhtml#budget-2025"');
    const links = await pdfLinks(path.join(out, 'markup-edges.pdf'));
    const headings = pdfOutline(path.join(out, 'markup-edges.pdf'));
    expect(headings).toContain('Budget 2025');
    for (const dest of ['budget-2025', 'the-looms-as-the-museum-lists-them']) {
      const link = links.find((candidate) => candidate.dest === dest);
      expect(link?.to, dest).toBe(1);
    }
  });

  it('warns at a paragraph opening with a year, set as a list, whose number both editions keep', () => {
    expect(built.stderr).toContain('markup-edges/article.md:31:1: warning: "1986." at the start of this paragraph makes it a numbered list starting at 1986');
    expect(built.stderr).toContain('write "1986\\." for a paragraph');
    expect(article).toContain('<ol start="1986">');
    expect(printed).toContain('1986. A great year for the town');
  });

  it('warns at a "|" inside inline code in a table cell, where GFM ends the cell', () => {
    expect(built.stderr).toContain('markup-edges/article.md:35:18: warning: a "|" inside inline code ends its table cell');
  });

  it('sets the notes under one heading when the author wrote their own "## Notes" over them, and says so at it', async () => {
    expect(built.stderr).toContain('markup-edges/article.md:37:1: warning: heading "Notes" has nothing under it but the notes');
    expect(pdfOutline(path.join(out, 'markup-edges.pdf')).filter((title) => title === 'Notes')).toHaveLength(1);
    expect(printed.match(/\bNotes\b/g)).toHaveLength(1);
    expect(article.match(/>Notes</g)).toHaveLength(1);
    // The contents list the one heading once, as the PDF's outline does.
    const toc = await entryText(zip, 'OEBPS/toc.xhtml');
    expect(toc.match(/>Notes</g)).toHaveLength(1);
    const target = /<a href="article\.xhtml#([^"]+)">Notes</.exec(toc)?.[1];
    expect(article).toMatch(new RegExp(`<h2 id="${target}"[^>]*>Notes</h2>`));
  });

  it('gives a note called three times a back-link to each call in the e-book', () => {
    const note = /<li id="user-content-fn-museum"[\s\S]*?<\/li>/.exec(article)?.[0] ?? '';
    const backs = [...note.matchAll(/<a class="note-back" href="([^"]+)" role="doc-backlink"/g)].map((match) => match[1]);
    expect(backs).toEqual(['#user-content-fnref-museum', '#user-content-fnref-museum-2', '#user-content-fnref-museum-3']);
    for (const href of backs) expect(article).toContain(`id="${href!.slice(1)}"`);
    expect(note).toContain('by the canal.</p>');
  });

  it('links each note in the PDF back to each of its calls: its number to the first, "↑2 ↑3" after it to the others', async () => {
    const file = path.join(out, 'markup-edges.pdf');
    const links = await pdfLinks(file);
    const top = (link: PdfLink): number => pdfLines(file)[link.page - 1]!.height - link.rect[3]!;
    // The calls, in the order of the text: a page's links come top to bottom.
    const calls = links.filter((link) => link.dest?.startsWith('user-content-fn-'));
    expect(calls.map((link) => link.dest)).toEqual(['user-content-fn-museum', 'user-content-fn-budget', 'user-content-fn-museum', 'user-content-fn-museum']);
    const callIds = ['user-content-fnref-museum', 'user-content-fnref-budget', 'user-content-fnref-museum-2', 'user-content-fnref-museum-3'];
    const backs = links.filter((link) => link.dest?.startsWith('user-content-fnref-'));
    expect(backs.map((link) => link.dest).sort()).toEqual([...callIds].sort());
    // Each back-link leads to its own call: to the call's page, and as far down it as the call stands (Chromium
    // measures a destination from the top of the text block, the same for every call of the page).
    const offsets = callIds.map((id, index) => {
      const back = backs.find((link) => link.dest === id)!;
      expect(back.to, id).toBe(calls[index]!.page);
      return top(calls[index]!) - back.toTop!;
    });
    for (const offset of offsets) expect(Math.abs(offset - offsets[0]!), String(offsets)).toBeLessThan(2);
    // The first back-link of each note lies over the note's printed number; its others are "↑2 ↑3" after its text.
    const lines = pdfLines(file).flatMap(({ lines: found }, index) => found.map((line) => ({ ...line, page: index + 1 })));
    for (const [id, starts] of [['user-content-fnref-museum', '1. The town museum'], ['user-content-fnref-budget', '2. The budget as']] as const) {
      const line = lines.find((candidate) => candidate.text.startsWith(starts))!;
      const number = line.words[0]!;
      const back = backs.find((link) => link.dest === id)!;
      expect(back.page).toBe(line.page);
      expect(back.rect[0]!).toBeLessThanOrEqual(number.left + 0.5);
      expect(back.rect[2]!).toBeGreaterThanOrEqual(number.right - 0.5);
      expect(back.rect[2]! - back.rect[0]!).toBeLessThan(20);
      expect(Math.abs(top(back) - line.top)).toBeLessThan(3);
    }
    expect(printed).toContain('1. The town museum, in the old weighing house by the canal. ↑2 ↑3');
    expect(printed).toContain('2. The budget as the council passed it in March. page 1');
  });

  it('keeps a raw <u> as an underline in the e-book, and its words in print', () => {
    expect(article).toContain('<u>underlined</u> words too.');
    expect(printed).toContain('a web page allows, underlined words too.');
  });

  it('passes EPUBCheck with the opened details, the back-links and the underline', () => {
    const report = epubcheck(path.join(out, 'markup-edges.epub'));
    expect(report.fatals + report.errors + report.warnings, report.output).toBe(0);
  }, 240_000);
});

