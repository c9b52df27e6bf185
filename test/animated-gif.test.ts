/**
 * An animated GIF (src/manuscript/scale-image.ts, firstFrame): both editions
 * show its first frame and the author is told at the figure. It went into the
 * e-book as it was, looping for ever with no way to pause it, while the
 * e-book declared no motion hazard; print showed its first frame.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { entryText, openEpub, runCli, tempDir } from './helpers.js';

/** A `frames`-frame GIF, 40 × 30, each frame one flat colour, half a second each, looping for ever. */
async function animation(frames: number): Promise<Buffer> {
  const width = 40;
  const height = 30;
  const pixels = Buffer.alloc(width * height * frames * 3);
  for (let frame = 0; frame < frames; frame++) {
    const colour = [[200, 30, 40], [30, 160, 60], [30, 50, 210], [230, 200, 20]][frame % 4]!;
    for (let at = frame * width * height; at < (frame + 1) * width * height; at++) pixels.set(colour, at * 3);
  }
  return sharp(pixels, { raw: { width, height: height * frames, channels: 3, pageHeight: height } })
    .gif({ delay: Array(frames).fill(500), loop: 0 })
    .toBuffer();
}

describe('an animated GIF', () => {
  it('goes into the e-book as its first frame, with a warning at its figure; a still GIF goes in byte for byte', async () => {
    const dir = path.join(tempDir('galley-gif-'), 'banner');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    const moving = await animation(4);
    expect((await sharp(moving).metadata()).pages).toBe(4);
    const still = await animation(1);
    writeFileSync(path.join(dir, 'images', 'banner.gif'), moving);
    writeFileSync(path.join(dir, 'images', 'still.gif'), still);
    writeFileSync(
      path.join(dir, 'article.md'),
      '---\ntitle: "A banner"\ndate: 2024-05-01\nlanguage: en\n---\n\nThe campaign\'s banner:\n\n' +
        ':::figure{src="images/banner.gif" alt="A banner in four colours" credit="Campaign/The Ledger"}\nThe banner.\n:::\n\n' +
        ':::figure{src="images/still.gif" alt="A red square" credit="Campaign/The Ledger"}\nA still.\n:::\n',
    );
    const out = tempDir('galley-gif-out-');
    const built = runCli(['epub', dir, '-o', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stderr).toContain(
      'article.md:9:1: warning: image `images/banner.gif` is animated (4 frames, 2.0 s, looping): both editions show its first frame, as print must;',
    );
    expect(built.stderr).not.toContain('still.gif` is animated');
    const zip = await openEpub(path.join(out, 'banner.epub'));
    const first = await zip.file('OEBPS/images/figure-1.gif')!.async('nodebuffer');
    const meta = await sharp(first).metadata();
    expect([meta.format, meta.pages ?? 1, meta.width, meta.height]).toEqual(['gif', 1, 40, 30]);
    // The first frame's colour.
    const { data } = await sharp(first).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)].map((value) => Math.round(value / 10))).toEqual([20, 3, 4]);
    expect((await zip.file('OEBPS/images/figure-2.gif')!.async('nodebuffer')).equals(readFileSync(path.join(dir, 'images', 'still.gif')))).toBe(true);
    // What the e-book declares is then true: nothing in it moves.
    expect(await entryText(zip, 'OEBPS/content.opf')).toContain('<meta property="schema:accessibilityHazard">none</meta>');
  }, 180_000);
});
