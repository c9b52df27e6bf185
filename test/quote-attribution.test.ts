/**
 * A quote's attribution ("— who said it") never opens a page on its own: it
 * goes with the quote's last lines. An article whose quote ends at the foot
 * of a 6×9 page, printed with the real CLI and read back line by line.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { pdfWordBoxes } from './pdf-helpers.js';

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'quote-attribution');

/** Each page's lines of body text (the running head and the folio, in the margins, left out). */
function bodyLines(file: string): string[][] {
  return pdfWordBoxes(file).map(({ height, lines }) => lines.filter((line) => line.bottom > 0.1 * height && line.top < 0.9 * height).map((line) => line.text));
}

describe("a quote's attribution", () => {
  const out = tempDir('galley-attribution-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['pdf', manuscript, '--out', out, '--page-size', '6x9'], { GALLEY_CACHE_DIR: tempDir() }));
  }, 300_000);

  it('opens no page alone, and follows the quote\'s last lines', () => {
    expect(status, stderr).toBe(0);
    const pages = bodyLines(path.join(out, 'quote-attribution.pdf'));
    expect(pages.length).toBeGreaterThan(1);
    const page = pages.findIndex((lines) => lines.some((line) => line.startsWith('— a reader’s letter')));
    expect(page).toBeGreaterThanOrEqual(0);
    const at = pages[page]!.findIndex((line) => line.startsWith('— a reader’s letter'));
    // Not the first line of its page, and right after the quote's last line.
    expect(at, pages[page]!.join('\n')).toBeGreaterThan(0);
    expect(pages[page]![at - 1]).toBe('into a notebook that nobody else would ever open.');
  });
});
