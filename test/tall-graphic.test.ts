/**
 * A long infographic (600 × 4800, 1:8, kind="graphic"): both editions show it
 * at a width its words can be read at. It was scaled to 2000 px on its long
 * side (250 px across), printed 0.31 in wide and shown a sliver on a phone.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, openEpub, runCli, tempDir } from './helpers.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'good', 'tall-graphic');
let out: string;
let stderr: string;
let zip: JSZip;

beforeAll(async () => {
  out = tempDir('galley-tall-');
  const built = runCli(['build', fixture, '-o', out], { GALLEY_CACHE_DIR: tempDir() });
  expect(built.status, built.stderr).toBe(0);
  stderr = built.stderr;
  zip = await openEpub(path.join(out, 'tall-graphic.epub'));
}, 180_000);

describe('a long infographic', () => {
  it('prints at a readable width over the pages it needs, with its pixels, and says so at its figure', () => {
    const pdf = path.join(out, 'tall-graphic.pdf');
    const list = spawnSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).stdout;
    const rows = list
      .split('\n')
      .slice(2)
      .filter((line) => /\bimage\b/.test(line))
      .map((line) => line.trim().split(/\s+/));
    // Every row is the picture whole (600 × 4800), drawn on each page it runs over, at 160 ppi: 3.75 in across.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect([row[3], row[4], row[12]]).toEqual(['600', '4800', '160']);
    expect(stderr).toMatch(/article\.md:11:1: warning: picture images\/monthly\.png \(600×4800 px\) is too tall for a page at a width its words can be read at: it prints 3\.75 in wide over \d pages/);
  });

  it('goes into the e-book as pieces a screen shows across its width, the first carrying the alternative text', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    const figure = /<figure class="figure long" id="figure-1">([\s\S]*?)<\/figure>/.exec(xhtml)?.[1] ?? '';
    const imgs = [...figure.matchAll(/<img [^>]*>/g)].map((match) => match[0]);
    // Seven pieces of one height, each cut near a seventh of the picture (src/epub/long-pictures.ts, pieceCuts): a shorter piece would stand wider than the others under the 75vh limit.
    expect(imgs.length).toBe(7);
    expect(imgs[0]).toContain('alt="One bar per month');
    for (const img of imgs.slice(1)) expect(img).toContain('alt=""');
    const heights: number[] = [];
    for (let n = 1; n <= 7; n++) {
      expect(imgs[n - 1]).toContain(`src="images/figure-1-${n}.png"`);
      const meta = await sharp(await zip.file(`OEBPS/images/figure-1-${n}.png`)!.async('nodebuffer')).metadata();
      expect(meta.width).toBe(600);
      expect(meta.height!).toBeLessThanOrEqual(900);
      heights.push(meta.height!);
    }
    expect(new Set(heights).size).toBe(1);
    expect(heights.reduce((sum, height) => sum + height, 0)).toBeGreaterThanOrEqual(4800);
    // Not the whole picture as well.
    expect(zip.file('OEBPS/images/figure-1.png')).toBeNull();
    const css = await entryText(zip, 'OEBPS/style.css');
    expect(css).toMatch(/figure\.long \{ break-inside: auto;/);
    const check = epubcheck(path.join(out, 'tall-graphic.epub'));
    expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
  }, 120_000);
});
