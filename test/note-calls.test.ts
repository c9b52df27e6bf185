/**
 * A note called right after a figure in prose ("in 2019[^1]",
 * test/fixtures/good/note-calls) stays apart from it in the text taken from
 * both editions: the PDF's text as a viewer copies it (pdf.js) and as
 * poppler gives it, the e-book's markup, and calibre's text of the e-book
 * (AZW3, then text), so that "2019" with note 1 never reads as "20191". The
 * gap is a thin space at the call's size, which justification does not
 * widen: on a justified line it stays narrower than a word space. A call
 * after a word is left as it is.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'note-calls');

/** The figures with a note called right after them, as the manuscript writes them (the figure, then the note's number). */
const CALLED = [
  ['2019.', '1'],
  ['2021', '3'],
  ['1,204', '4'],
  ['2022', '5'],
  ['2023', '6'],
] as const;

interface Piece {
  text: string;
  left: number;
  right: number;
  size: number;
}

/** The first page's text pieces as pdf.js gives them (what a viewer copies), and its text. */
async function viewerText(file: string): Promise<{ pieces: Piece[]; text: string }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  const pieces: Piece[] = [];
  let text = '';
  for (const item of content.items) {
    if (!('str' in item)) continue;
    text += item.str + (item.hasEOL ? '\n' : '');
    if (item.str.trim() !== '') pieces.push({ text: item.str, left: item.transform[4] as number, right: (item.transform[4] as number) + item.width, size: item.height });
  }
  return { pieces, text };
}

describe.each(['letter', '6x9'] as const)('note calls after figures in prose, %s', (size) => {
  const out = tempDir('galley-note-calls-');
  let built: SpawnSyncReturns<string>;
  beforeAll(() => {
    built = runCli(['build', fixture, '--out', out, '--page-size', size], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);
  const pdf = () => path.join(out, 'note-calls.pdf');

  it('builds, with every character in a shipped face', () => {
    expect(built.status, built.stderr).toBe(0);
    expect(`${built.stdout}${built.stderr}`).not.toMatch(/no shipped typeface|boxes/);
  });

  it('prints each call apart from its figure, by less than a word space even on a justified line', async () => {
    const { pieces, text } = await viewerText(pdf());
    for (const [figure, call] of CALLED) {
      expect(text, `“${figure}” and its call ${call} as a viewer copies them`).toContain(`${figure} ${call}`);
      expect(text).not.toContain(`${figure}${call}`);
      const at = pieces.findIndex((piece, index) => piece.text.endsWith(figure) && pieces[index + 1]?.text === call);
      expect(at, `“${figure}” then ${call}`).toBeGreaterThanOrEqual(0);
      const [before, after] = [pieces[at]!, pieces[at + 1]!];
      expect(after.size, 'the call is a superscript').toBeLessThan(before.size);
      const gap = (after.left - before.right) / before.size;
      expect(gap, `the gap before call ${call}, in ems`).toBeGreaterThan(0.1);
      // A word space is 0.2 em of Literata before justification widens it.
      expect(gap, `the gap before call ${call}, in ems`).toBeLessThan(0.2);
    }
    // poppler's text too.
    const poppler = pdfText(pdf());
    for (const [figure, call] of CALLED) expect(poppler).not.toContain(`${figure}${call}`);
  });

  it.runIf(size === 'letter')("opens each such call with a thin space in the e-book's markup, and no other", async () => {
    const xhtml = await entryText(await openEpub(path.join(out, 'note-calls.epub')), 'OEBPS/article.xhtml');
    for (const [figure] of CALLED) expect(xhtml).toContain(`${figure}<sup>\u2009<a `);
    expect(xhtml).toContain('million<sup><a ');
  });

  it.runIf(size === 'letter')("keeps each figure and its note's number apart through calibre (AZW3, then text)", () => {
    const azw3 = path.join(out, 'note-calls.azw3');
    const txt = path.join(out, 'note-calls.txt');
    for (const [from, to] of [[path.join(out, 'note-calls.epub'), azw3], [azw3, txt]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const text = readFileSync(txt, 'utf8');
    for (const [figure, call] of CALLED) {
      expect(text).not.toContain(`${figure}${call}`);
      expect(text).toMatch(new RegExp(`${figure.replace('.', '\\.')}[\\u2009\\u00a0 ]\\[?${call}\\]?`));
    }
  }, 200_000);
});
