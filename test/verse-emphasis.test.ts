/**
 * A stanza whose line breaks fall inside emphasis ("*and nobody knows…,\
 * nor why the gulls…*\"): the break stayed inside the emphasis, so both lines
 * were one line's box, and the poet's second line was set as its turnover,
 * hung 2.5 em in; a poet's two-space indent inside it was lost the same way;
 * and a stanza broken only inside emphasis was not set as verse at all.
 * src/manuscript/rehype-verse.ts now cuts the emphasis at each break
 * (liftBreaks). test/fixtures/good/verse-emphasis: four stanzas, breaks
 * inside *…* and **…**, one line indented two spaces. Read from the PDF's
 * word boxes (each line flush, or 1 em in where the poet indented it) and
 * from the e-book laid out in a headless page.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

const NAME = 'verse-emphasis';
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', NAME);

/** Each line of the poem as the poet wrote it, and whether it is indented (one em: two spaces). */
const LINES: Array<[string, boolean]> = [
  ['The tide comes in, the tide goes out,', false],
  ['and nobody knows what the sea’s about,', false],
  ['nor why the gulls keep turning', false],
  ['above the harbour wall.', false],
  ['Row slow, row slow,', false],
  ['the oars are old,', true],
  ['the water’s grey', false],
  ['and the night is cold.', false],
  ['Home, home,', false],
  ['the lamp is lit', false],
  ['and the harbour', false],
  ['sleeps.', false],
  ['Sleep now, little boat,', false],
  ['sleep.', false],
];

describe('a stanza broken inside emphasis', () => {
  const context = useBrowserAndTempDir('galley-verse-emphasis-');
  let out: string;
  let book: string;

  beforeAll(async () => {
    out = tempDir('galley-verse-emphasis-out-');
    const result = runCli(['build', fixture, '--out', out, '--quiet', '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    book = tempDir('galley-verse-emphasis-epub-');
    await unzipTo(await openEpub(path.join(out, `${NAME}.epub`)), book);
  }, 240_000);

  it('prints each of the poet\'s lines as a line, flush or at the poet\'s indent, never hung as a turnover', () => {
    const [page] = pdfLines(path.join(out, `${NAME}.pdf`));
    const printed = page!.lines;
    const flush = printed.find((line) => line.text === LINES[0]![0])!;
    expect(flush).toBeDefined();
    for (const [text, indented] of LINES) {
      const line = printed.find((candidate) => candidate.text === text);
      expect(line, `${text}: ${printed.map((candidate) => candidate.text).join(' | ')}`).toBeDefined();
      const inset = line!.left - flush.left;
      // One em of the text (about its type size, the line's height), or none; a turnover hangs 2.5 em.
      if (indented) {
        expect(inset, text).toBeGreaterThan(0.6 * flush.height);
        expect(inset, text).toBeLessThan(1.4 * flush.height);
      } else expect(Math.abs(inset), text).toBeLessThan(0.5);
    }
  });

  it('sets each of them as a line of its own in the e-book, its emphasis kept', async () => {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 700, height: 900 });
      await page.goto(`file://${path.join(book, 'OEBPS', 'article.xhtml')}`);
      await page.evaluate(() => document.fonts.ready);
      const lines = await page.evaluate(() =>
        [...document.querySelectorAll('p.verse > .verse-line')].map((line) => {
          const range = document.createRange();
          range.selectNodeContents(line);
          const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
          return {
            text: line.textContent!,
            left: Math.min(...rects.map((rect) => rect.left)),
            rows: new Set(rects.map((rect) => Math.round(rect.top))).size,
            fontSize: parseFloat(getComputedStyle(line).fontSize),
            emphasis: [...line.querySelectorAll('em, strong')].map((element) => element.tagName.toLowerCase()),
          };
        }),
      );
      expect(lines.map((line) => line.text)).toEqual(LINES.map(([text]) => text));
      const margin = lines[0]!.left;
      lines.forEach((line, index) => {
        expect(line.rows, line.text).toBe(1);
        const inset = line.left - margin;
        if (LINES[index]![1]) expect(Math.abs(inset - line.fontSize), line.text).toBeLessThan(1);
        else expect(Math.abs(inset), line.text).toBeLessThan(0.5);
      });
      // The emphasis the poet gave each line, on that line.
      expect(lines.map((line) => line.emphasis.join(','))).toEqual(['', 'em', 'em', '', 'em', 'em', '', '', 'strong', 'strong', 'em', 'em', 'em', 'em']);
    } finally {
      await page.close();
    }
  });
});
