/**
 * A section that opens with its figure and holds nothing else
 * (test/fixtures/good/heading-figure: "## The crossing", a photograph, then
 * "## After" and its text). The figure did not fit under its heading at the
 * foot of page 1, nothing of its own section could fill the page, and it was
 * moved past the next section: "The crossing" stood alone at the foot of the
 * page, right over "After" and its text, its picture on the next page. A
 * figure that opens its section goes over with its heading where the page
 * before ends no more than FIGURE_EMPTY_SHARE short.
 */
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_EMPTY_SHARE } from '../src/pdf/figures.js';
import { pageGeometry } from '../src/pdf/page.js';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { lowestInk, pdfLines, run } from './pdf-helpers.js';

describe('a figure that opens its section, at letter', () => {
  const out = tempDir('galley-heading-figure-');
  const file = path.join(out, 'heading-figure.pdf');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    built = runCli(['pdf', path.join(repoRoot, 'test', 'fixtures', 'good', 'heading-figure'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 120_000);

  it('prints the heading on the page of its picture and caption, right over them', () => {
    expect(built.status, built.stderr).toBe(0);
    const pages = pdfLines(file).map(({ lines }) => lines.map((line) => line.text));
    const heading = pages.findIndex((lines) => lines.includes('The crossing'));
    const caption = pages.findIndex((lines) => lines.some((line) => line.startsWith('The causeway at low water')));
    expect(heading + 1, 'the heading’s page').toBe(caption + 1);
    // The picture is on that page too, and nothing but it stands between the heading and its caption.
    const pictures = run('pdfimages', ['-list', file]).split('\n').slice(2).filter((row) => row.trim().split(/\s+/)[2] === 'image').map((row) => Number(row.trim().split(/\s+/)[0]));
    expect(pictures).toEqual([heading + 1]);
    const lines = pages[heading]!;
    expect(lines[lines.indexOf('The crossing') + 1]).toMatch(/^The causeway at low water/);
  });

  it(`leaves the page before it no more than ${FIGURE_EMPTY_SHARE * 100} % empty at its foot`, () => {
    const geometry = pageGeometry.letter;
    const pages = pdfLines(file);
    const heading = pages.findIndex(({ lines }) => lines.some((line) => line.text === 'The crossing'));
    expect(heading).toBeGreaterThan(0);
    const { height } = pages[heading - 1]!;
    const bottom = height - geometry.marginBottomIn * 72;
    const share = (bottom - lowestInk(file, heading, bottom)) / (height - (geometry.marginTopIn + geometry.marginBottomIn) * 72);
    expect(share).toBeLessThanOrEqual(FIGURE_EMPTY_SHARE);
  });
});
