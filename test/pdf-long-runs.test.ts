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

/**
 * Every full line of body text (it reaches the right edge and is not its
 * paragraph's last): its widest gap between words over the median gap of
 * all full lines. Lines of two words count: a line with one word space
 * spread over the measure is the worst case.
 */
function gapRatios(file: string): Array<{ page: number; text: string; ratio: number }> {
  const found: Array<{ page: number; text: string; widest: number; gaps: number[] }> = [];
  pdfLines(file).forEach(({ lines }, index) => {
    const sizes = new Map<number, number>();
    for (const line of lines) sizes.set(Math.round(line.height * 2) / 2, (sizes.get(Math.round(line.height * 2) / 2) ?? 0) + 1);
    const body = [...sizes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const text = lines.filter((line) => Math.abs(line.height - body!) < 1.5);
    if (text.length === 0) return;
    const right = Math.max(...text.map((line) => line.right));
    text.forEach((line, i) => {
      const next = text[i + 1];
      // A paragraph's last line is set ragged; the next line of the same paragraph follows one line below.
      if (line.right < right - 0.75 || !next || next.top - line.top > line.height * 2) return;
      if (line.words.length < 2) return;
      const gaps = line.words.slice(1).map((word, k) => word.left - line.words[k]!.right);
      found.push({ page: index + 1, text: line.text, widest: Math.max(...gaps), gaps });
    });
  });
  const all = found.flatMap((line) => line.gaps).sort((a, b) => a - b);
  const median = all[all.length >> 1]!;
  return found.map(({ page, text, widest }) => ({ page, text, ratio: widest / median }));
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
    expect(xhtml).toContain('<code>--template=<wbr />/etc/<wbr />newsroom/<wbr />templates/<wbr />article.<wbr />html</code>');
    // A short run is left whole.
    expect(xhtml).toContain('<code>options.dryRun</code>');
  });
});
