/**
 * A danda typed after a space ("बारिश ।", a common way to write Hindi and
 * Bangla) never opens a printed line. Unicode's line breaking keeps the danda
 * (class BA) on its word's line only when nothing stands between them, so the
 * print set lines opening with "।": in these fixtures (test/fixtures/good/
 * danda-hi, danda-bn: paragraphs of sentences ending " ।" and "।" in turn) one
 * or two per language at A4 and 6×9. Each such space is now a no-break space
 * (src/manuscript/rehype-stop-spaces.ts), in both editions. Read from the PDF
 * at three page sizes as poppler gives its lines, and from the e-book's text.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bindStops } from '../src/manuscript/rehype-stop-spaces.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const NAMES = ['danda-hi', 'danda-bn'];
const SIZES = ['letter', 'a4', '6x9'];
/** A stop of class BA that ends a sentence, at the start of a line. */
const OPENS_WITH_STOP = /^[\s\u00A0]*[\u0964\u0965\u104A\u104B\u1362-\u1368\u17D4\u17D5]/mu;

describe('a stop after a space', () => {
  it('is bound to its word: danda, Burmese, Ethiopic and Khmer stops', () => {
    expect(bindStops('बारिश । आज')).toBe('बारिश\u00A0। आज');
    expect(bindStops('বৃষ্টি \n॥')).toBe('বৃষ্টি\u00A0॥');
    expect(bindStops('မိုး ။')).toBe('မိုး\u00A0။');
    expect(bindStops('ዝናብ ።')).toBe('ዝናብ\u00A0።');
    expect(bindStops('ភ្លៀង ។')).toBe('ភ្លៀង\u00A0។');
    // Text without the space, or another stop, as written.
    expect(bindStops('बारिश। आज')).toBe('बारिश। आज');
    expect(bindStops('Oui ! Non .')).toBe('Oui ! Non .');
  });
});

describe('a danda typed after a space, in print and e-book', () => {
  const outs: Record<string, string> = {};

  beforeAll(() => {
    for (const size of SIZES) {
      const out = tempDir(`galley-stop-spaces-${size}-`);
      const result = runCli(['build', ...NAMES.map((name) => path.join(repoRoot, 'test', 'fixtures', 'good', name)), '--out', out, '--page-size', size, '--quiet', '--no-page-list']);
      expect(result.status, result.stderr).toBe(0);
      outs[size] = out;
    }
  }, 600_000);

  for (const size of SIZES) {
    it(`never opens a printed line (${size})`, () => {
      for (const name of NAMES) {
        const lines = pdfText(path.join(outs[size]!, `${name}.pdf`)).split('\n');
        // The text is all there, each spaced danda read back with its space.
        expect(lines.join(' ').match(/ \u0964/gu)?.length ?? 0, name).toBeGreaterThan(40);
        expect(lines.filter((line) => OPENS_WITH_STOP.test(line)), `${name} at ${size}`).toEqual([]);
      }
    });
  }

  it('binds it in the e-book too', async () => {
    const article = await entryText(await openEpub(path.join(outs.letter!, 'danda-hi.epub')), 'OEBPS/article.xhtml');
    expect(article).toContain('कई\u00A0। भारी');
    expect(article).not.toMatch(/ \u0964/u);
  });
});
