/**
 * Pictures printed once stand in later prints as one-grey JPEGs of their size
 * (src/pdf/stand-ins.ts), which Chromium passes through instead of decoding
 * and deflating the picture again; finishing puts the picture as Chromium
 * printed it back. A PDF printed with the stand-in is the same bytes as one
 * printed with the picture, and a stand-in that did not print as its
 * picture would have (here: a colour space other than the one learned) is
 * refused and the page printed again with the picture itself.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage, imageDigest } from '../src/pdf/html.js';
import { renderPdf } from '../src/pdf/index.js';
import { forgetPictures, greyJpeg, learnPicture, printedPicture, refuseStandIn, standInDigest, standInFor } from '../src/pdf/stand-ins.js';
import { seedManuscript } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const session = useBrowserAndTempDir('galley-pdf-stand-ins-');
let doc: GalleyDocument;

function imagesOf(file: string): string[] {
  return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).split('\n').slice(2).filter((line) => line.trim() !== '');
}

beforeAll(async () => {
  doc = (await loadManuscript(seedManuscript)).document;
});

describe('a stand-in JPEG', () => {
  it('decodes to its size in pixels, all one mid grey, and names its picture', async () => {
    const jpeg = greyJpeg(1501, 999, 'galley stand-in 0123456789abcdef');
    const { width, height, channels } = await sharp(jpeg).metadata();
    expect([width, height, channels]).toEqual([1501, 999, 3]);
    const { channels: stats } = await sharp(jpeg).stats();
    expect(stats.map((channel) => [channel.min, channel.max])).toEqual([
      [128, 128],
      [128, 128],
      [128, 128],
    ]);
    expect(standInDigest(jpeg)).toBe('0123456789abcdef');
    expect(standInDigest(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });
});

describe('the seed printed with its picture standing in', () => {
  it('is the same PDF as printed with the picture, page for page and byte for byte', async () => {
    const image = doc.assets.images[0]!;
    const digest = imageDigest(image);
    refuseStandIn(digest);
    // Refused: printed as itself, and learned from no print.
    const first = path.join(session.dir, 'picture.pdf');
    await renderPdf(doc, { outFile: first, pageSize: 'letter', browser: session.browser });
    expect(printedPicture(digest)).toBeUndefined();
    expect(buildPrintPage(doc, { standIns: true }).html).not.toContain('stand-in');

    // Learned from a print of the picture itself: the next print lays the stand-in out.
    forgetPictures();
    const learning = path.join(session.dir, 'learning.pdf');
    await renderPdf(doc, { outFile: learning, pageSize: 'letter', browser: session.browser });
    expect(printedPicture(digest)).toBeDefined();
    expect(standInFor(image, digest)).toBeDefined();
    const page = buildPrintPage(doc, { standIns: true });
    expect(page.html).toContain(`${image.id}-${digest}.stand-in.jpg`);
    expect(page.html).not.toContain(`${image.id}-${digest}.png`);

    const standingIn = path.join(session.dir, 'stand-in.pdf');
    await renderPdf(doc, { outFile: standingIn, pageSize: 'letter', browser: session.browser });
    const [a, b, c] = [first, learning, standingIn].map((file) => readFileSync(file));
    expect(b!.equals(a!)).toBe(true);
    expect(c!.equals(a!)).toBe(true);
    // The picture as printed: a deflated 1500×1000 image, not the stand-in's JPEG.
    const [line] = imagesOf(standingIn);
    expect(line).toMatch(/^\s*1\s+0\s+image\s+1500\s+1000\s+icc\s+3\s+8\s+image\b/);
  });

  it('is printed again with the picture where its stand-in printed otherwise than the picture', async () => {
    const image = doc.assets.images[0]!;
    const digest = imageDigest(image);
    const learned = printedPicture(digest)!;
    expect(learned).toBeDefined();
    // As if the picture had printed in another colour space than its stand-in does.
    refuseStandIn(digest);
    forgetPictures();
    learnPicture(digest, { ...learned, colorSpace: '/DeviceRGB' });
    expect(standInFor(image, digest)).toBeDefined();
    const file = path.join(session.dir, 'refused.pdf');
    await renderPdf(doc, { outFile: file, pageSize: 'letter', browser: session.browser });
    expect(printedPicture(digest)).toBeUndefined();
    expect(standInFor(image, digest)).toBeUndefined();
    expect(readFileSync(file).equals(readFileSync(path.join(session.dir, 'picture.pdf')))).toBe(true);
  });
});
