/**
 * The e-book's access modes say what its pictures are: a book with a chart
 * declares chartOnVisual beside visual (schema.org's access modes, as EPUB
 * Accessibility 1.1 uses them), so that a reader who cannot see charts
 * learns before opening it that its data is partly in pictures; a book of
 * photos alone does not.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const books = {
  // A bar chart.
  'harbor-gauge': path.join(repoRoot, 'manuscript', 'harbor-gauge'),
  // A photo, a wide photo, a tall photo and an SVG chart.
  'figure-kinds': path.join(repoRoot, 'test', 'fixtures', 'good', 'figure-kinds'),
  // One photo.
  'mattis-russia-nato': path.join(repoRoot, 'manuscript', 'mattis-russia-nato'),
  // A collection whose one chart is in its second article.
  'week-in-brief': path.join(repoRoot, 'manuscript', 'week-in-brief'),
} as const;

describe('access modes of the e-book', () => {
  let out: string;
  const modes = async (name: keyof typeof books): Promise<string[]> => {
    const opf = await entryText(await openEpub(path.join(out, `${name}.epub`)), 'OEBPS/content.opf');
    return [...opf.matchAll(/<meta property="schema:accessMode">([^<]*)<\/meta>/g)].map((match) => match[1]!);
  };

  beforeAll(() => {
    out = tempDir('galley-access-modes-');
    const built = runCli(['epub', ...Object.values(books), '--out', out, '--no-page-list', '--quiet']);
    expect(built.status, built.stderr).toBe(0);
  }, 180_000);

  it.each(['harbor-gauge', 'figure-kinds', 'week-in-brief'] as const)('%s, with a chart: textual, visual and chartOnVisual', async (name) => {
    expect(await modes(name)).toEqual(['textual', 'visual', 'chartOnVisual']);
  });

  it('the seed, a photo: textual and visual', async () => {
    expect(await modes('mattis-russia-nato')).toEqual(['textual', 'visual']);
  });

  it('Ace takes the metadata as it is', () => {
    expect(ace(path.join(out, 'harbor-gauge.epub'), findBrowser().path)).toEqual([]);
  });
});
