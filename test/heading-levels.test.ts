/**
 * Headings below h3: each level its own in print (h4 italic, h5 spaced
 * capitals, h6 italic and smaller; h4, h5 and h6 printed alike), the
 * paragraph after any heading flush (after h5 and h6 it was indented), and the
 * e-book's contents as deep as the PDF's outline (they stopped at h3).
 */
import path from 'node:path';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfLines, pdfOutline } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'deep-headings');
let out: string;

beforeAll(() => {
  out = tempDir('galley-headings-');
  const built = runCli(['build', fixture, '-o', out, '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
  expect(built.status, built.stderr).toBe(0);
}, 180_000);

describe('six levels of headings', () => {
  it('prints h4, h5 and h6 each its own way, and the paragraph after each flush', () => {
    const lines = pdfLines(path.join(out, 'deep-headings.pdf')).flatMap((page) => page.lines);
    const line = (start: string) => {
      const found = lines.findIndex((candidate) => candidate.text.startsWith(start));
      expect(found, start).toBeGreaterThanOrEqual(0);
      return { line: lines[found]!, next: lines[found + 1]! };
    };
    const h4 = line('Dead and imposed loads');
    const h5 = line('SNOW LOADS IN THE HILLS');
    const h6 = line('Sites above 500 metres');
    // Smaller at each level below h4: the text's size, 0.9 of it, 0.8 of it in capitals.
    expect(h4.line.height).toBeGreaterThan(h6.line.height + 0.5);
    expect(h6.line.height).toBeGreaterThan(h5.line.height + 0.3);
    // The paragraph under each starts at the text block's left, as its second line does.
    for (const { next } of [h4, h5, h6]) {
      const after = lines[lines.indexOf(next) + 1]!;
      expect(Math.abs(next.left - after.left), next.text).toBeLessThan(1);
    }
  });

  it('lists every level in the e-book’s contents, nested as the PDF’s outline has them, and passes EPUBCheck', async () => {
    const epub = path.join(out, 'deep-headings.epub');
    const nav = parseHtml(await entryText(await openEpub(epub), 'OEBPS/toc.xhtml'));
    const titles = (li: Element, depth: number): string[] => {
      const own = normalize(toString(selectAll('a', li)[0]!));
      return [`${depth}:${own}`, ...selectAll(':scope > ol > li', li).flatMap((child) => titles(child, depth + 1))];
    };
    const article = selectAll('nav#toc > ol > li', nav).find((li) => normalize(toString(selectAll('a', li)[0]!)) === 'A field guide to the building rules')!;
    expect(titles(article, 1)).toEqual([
      '1:A field guide to the building rules',
      '2:Part A: Structure',
      '3:A1: Loading',
      '4:Dead and imposed loads',
      '5:Snow loads in the hills',
      '6:Sites above 500 metres',
      '2:Part B: Fire safety',
    ]);
    const outline = pdfOutline(path.join(out, 'deep-headings.pdf')).map(normalize);
    for (const title of ['Part A: Structure', 'A1: Loading', 'Dead and imposed loads', 'Snow loads in the hills', 'Sites above 500 metres', 'Part B: Fire safety']) expect(outline.some((entry) => entry.endsWith(title)), title).toBe(true);
    const result = epubcheck(epub);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 180_000);
});
