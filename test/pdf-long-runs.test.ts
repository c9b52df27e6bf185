/**
 * A long run of inline code or a long address in justified print: the line
 * before it (or the line it ends) must not be spread into a few words across
 * the measure. One build at letter and at 6x9 of an article whose paragraphs
 * hold a long identifier, a call and a path in code; the e-book's code
 * carries the same break points (<wbr />).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, runCli, tempDir } from './helpers.js';
import { pdfLines } from './pdf-helpers.js';

const SIZES = ['letter', '6x9'] as const;

const CODE = [
  'Inline code too: `const aVeryLongIdentifierNameThatDoesNotBreakAnywhereAtAll = computeTheThingWithoutAnyBreaks();` in a sentence.',
  'Run it with `--template=/etc/newsroom/templates/article.html` and then with `publishAll(archiveDirectory, lastPublishTimestamp)` once more.',
  'The setting `newsroom.publishing.templatePath` names the folder and `options.dryRun` keeps the files as they are.',
];

/** Long addresses, in the text and in a note: they break only after / . and -. */
const URLS = [
  'The documentation lives at https://example.com/newsroom/documentation/publishing/scripts/version-2/reference/configuration-options-and-environment-variables-explained-in-full.html and nowhere else.[^1]',
  'See https://example.com/archive/records/harbour/ledgers/1887/volume-three/pages/001-250/transcription-final-version-with-corrections.html for the transcription.',
];
const NOTE = '[^1]: Mirrored at https://mirror.example.org/archive/records/harbour/ledgers/1887/volume-three/pages/001-250/transcription-final-version-with-corrections.html with the ledgers of the years after it.';

/** The words of the code runs above. */
const CODE_WORDS = CODE.flatMap((paragraph) => [...paragraph.matchAll(/`([^`]+)`/g)].flatMap((match) => match[1]!.split(' ')));
const isCode = (word: string): boolean => CODE_WORDS.some((code) => code.includes(word));

/**
 * Every full line of text, the notes' too (it reaches the right edge and is
 * not its paragraph's last): its widest gap between words over the median
 * gap of the full lines set in its size. Lines of two words count: a line
 * with one word space spread over the measure is the worst case.
 */
function gapRatios(file: string): Array<{ page: number; text: string; ratio: number }> {
  const found: Array<{ page: number; text: string; size: number; widest: number; gaps: number[] }> = [];
  pdfLines(file).forEach(({ lines: read }, index) => {
    if (read.length === 0) return;
    // poppler reads a gap as wide as a word or two as the end of a line: the pieces of one line are joined again.
    const lines: typeof read = [];
    for (const line of read) {
      const last = lines.at(-1);
      if (last && Math.abs(last.top - line.top) < 1 && Math.abs(last.bottom - line.bottom) < 1) {
        lines[lines.length - 1] = { ...last, right: Math.max(last.right, line.right), words: [...last.words, ...line.words], text: `${last.text} ${line.text}` };
      } else lines.push(line);
    }
    const right = Math.max(...lines.map((line) => line.right));
    lines.forEach((line, i) => {
      const next = lines[i + 1];
      // A paragraph's last line is set ragged; the next line of the same paragraph follows one line below.
      if (line.right < right - 0.75 || !next || next.top - line.top > line.height * 2 || line.words.length < 2) return;
      // A note's number is not a word of the line, and the gap after it is no word space.
      const words = /^\d+\.$/.test(line.words[0]!.text) ? line.words.slice(1) : line.words;
      if (words.length < 2) return;
      // A space between two words of code is the mono face's, wide by itself: not a word space of the text.
      const gaps = words.slice(1).flatMap((word, k) => (isCode(word.text) && isCode(words[k]!.text) ? [] : [word.left - words[k]!.right]));
      if (gaps.length === 0) return;
      found.push({ page: index + 1, text: line.text, size: Math.round(line.height), widest: Math.max(...gaps), gaps });
    });
  });
  const median = (size: number): number => {
    const all = found.filter((line) => line.size === size).flatMap((line) => line.gaps).sort((a, b) => a - b);
    return all[all.length >> 1]!;
  };
  return found.map(({ page, text, size, widest }) => ({ page, text, ratio: widest / median(size) }));
}

describe('long runs of code in justified print', () => {
  const root = tempDir('galley-long-runs-');
  const out = path.join(root, 'out');
  const built = new Map<string, SpawnSyncReturns<string>>();

  beforeAll(() => {
    const dir = path.join(root, 'in', 'long-runs');
    mkdirSync(dir, { recursive: true });
    const filler = 'The archive kept its ledgers in the harbour office until the winter of the flood, when the clerks carried them up the hill to the council rooms and dried them page by page.';
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Long runs"', 'date: 2024-09-02', 'language: en', '---', '',
      ...CODE.flatMap((paragraph) => [`${filler} ${paragraph} ${filler}`, '']),
      ...URLS.flatMap((paragraph) => [paragraph, '', filler, '']),
      NOTE, '',
    ].join('\n'));
    for (const size of SIZES) built.set(size, runCli(['build', dir, '--out', path.join(out, size), '--page-size', size], { GALLEY_CACHE_DIR: tempDir() }));
  }, 240_000);

  it.each(SIZES.map((size) => [size]))('spreads no full line of the %s PDF into wide gaps', (size) => {
    const result = built.get(size)!;
    expect(result.status, result.stderr).toBe(0);
    const ratios = gapRatios(path.join(out, size, 'long-runs.pdf'));
    expect(ratios.length).toBeGreaterThan(10);
    const wide = ratios.filter((line) => line.ratio > 2.5).map((line) => `page ${line.page}, ${line.ratio.toFixed(2)}×: ${line.text}`);
    expect(wide).toEqual([]);
  });

  it('gives the e-book\'s inline code the same break points', async () => {
    const zip = await openEpub(path.join(out, 'letter', 'long-runs.epub'));
    const name = Object.keys(zip.files).find((file) => /article[^/]*\.xhtml$/.test(file))!;
    const xhtml = await zip.file(name)!.async('string');
    expect(xhtml).toContain('<code>const aVery<wbr />Long<wbr />Identifier<wbr />Name');
    expect(xhtml).toContain('<code><span class="nobreak">--template=</span><wbr />/etc/<wbr />newsroom/<wbr />templates/<wbr />article.<wbr />html</code>');
    // A short run is left whole.
    expect(xhtml).toContain('<code>options.dryRun</code>');
  });
});
