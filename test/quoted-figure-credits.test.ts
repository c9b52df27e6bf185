/**
 * A figure inside a block quote, and a credit that is an address: the
 * credit line stands flush under its caption (a quote indents its second
 * paragraphs), and the credits list breaks the address at its slashes, not
 * the name before it ("Photo: Lena / Ortiz/https://…"). One build at letter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, runCli, tempDir } from './helpers.js';
import { pdfLines } from './pdf-helpers.js';

const URL = 'https://example.com/a/very/long/agency/url/that/goes/on/and/on/without/spaces';

describe('a quoted figure\'s credit, and a credit that is an address', () => {
  const root = tempDir('galley-quoted-figure-');
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string>;

  beforeAll(async () => {
    const dir = path.join(root, 'in', 'quoted');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    const [width, height] = [1200, 800];
    // A gradient: a picture of one colour is printed as a filled box.
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 255) / width, (y * 255) / height, 120], (y * width + x) * 3);
    await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg().toFile(path.join(dir, 'images', 'photo.jpg'));
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Figures in odd places"', 'date: 2025-09-09', 'language: en', '---', '',
      'Everything is invented.', '',
      '> A reader wrote to us with a picture:', '>',
      '> :::figure{src="images/photo.jpg" alt="Stand-in landscape" credit="A Reader/Letters"}', '> The view from her window, she says.', '> :::', '>',
      '> — A reader, in a letter', '',
      `:::figure{src="images/photo.jpg" alt="Stand-in photo" credit="Lena Ortiz/${URL}"}`, 'A credit that is a long URL.', ':::', '',
    ].join('\n'));
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('sets a quoted figure\'s credit line flush under its caption', () => {
    expect(built.status, built.stderr).toBe(0);
    const lines = pdfLines(path.join(out, 'quoted.pdf')).flatMap((page) => page.lines);
    const caption = lines.find((line) => line.text.startsWith('The view from her window'))!;
    const credit = lines.find((line) => line.text.startsWith('A READER/LETTERS'))!;
    expect(credit.top).toBeGreaterThan(caption.top);
    expect(Math.abs(credit.left - caption.left)).toBeLessThan(0.5);
  });

  it('breaks an address in the credits list at its slashes, keeping the name before it whole, in both editions', async () => {
    const lines = pdfLines(path.join(out, 'quoted.pdf')).flatMap((page) => page.lines.map((line) => line.text));
    expect(lines.some((line) => line.includes('Lena Ortiz/https://example.com/'))).toBe(true);
    const credits = await entryText(await openEpub(path.join(out, 'quoted.epub')), 'OEBPS/credits.xhtml');
    expect(credits).toContain('Lena Ortiz/<span class="url">https://<wbr />example.<wbr />com/<wbr />a/');
  });
});
