/**
 * src/manuscript/convert-image.ts: a WebP, AVIF or TIFF picture (whatever its
 * name says) goes into both editions as a JPEG or PNG, with a warning at its
 * figure; a HEIC one is refused with advice; a file named for one of them
 * that is something else is told to be renamed. The e-book built from them
 * carries no such picture and passes EPUBCheck.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildEpub } from '../src/epub/index.js';
import { sniffConverted } from '../src/manuscript/convert-image.js';
import { formatMessage, loadManuscript, ManuscriptError } from '../src/manuscript/index.js';
import { epubcheck, openEpub, tempDir } from './helpers.js';

const FRONT = '---\ntitle: "Pictures as they come"\ndate: 2024-01-02\nlanguage: en\n---\n\nBody.\n\n';

const figure = (src: string, kind = 'photo'): string => `:::figure{src="${src}" kind="${kind}" alt="A test picture" credit="Jan Test"}\nThe caption.\n:::\n\n`;

function manuscript(name: string, figures: string[], files: Record<string, Buffer>): string {
  const dir = path.join(tempDir(), name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), FRONT + figures.join(''));
  for (const [file, bytes] of Object.entries(files)) writeFileSync(path.join(dir, file), bytes);
  return dir;
}

/** A picture with something in it (a disc on a ground), so that a JPEG of it is no flat colour. */
function drawn(width: number, height: number, alpha = false): sharp.Sharp {
  const disc = Buffer.from(`<svg width="${width}" height="${height}"><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#c33"/></svg>`);
  return sharp({ create: { width, height, channels: alpha ? 4 : 3, background: alpha ? { r: 20, g: 60, b: 120, alpha: 0.4 } : '#3a6' } }).composite([{ input: disc }]);
}

async function messagesOf(dir: string): Promise<{ messages: string[]; error?: ManuscriptError }> {
  try {
    const loaded = await loadManuscript(dir);
    return { messages: loaded.warnings.map((message) => formatMessage(message, dir)) };
  } catch (error) {
    if (!(error instanceof ManuscriptError)) throw error;
    return { messages: error.messages.map((message) => formatMessage(message, dir)), error };
  }
}

describe('pictures converted to JPEG or PNG', () => {
  it('reads the type from the bytes: WebP, AVIF, TIFF and HEIC, and nothing else', async () => {
    expect(sniffConverted(await drawn(8, 8).webp().toBuffer())).toBe('WebP');
    expect(sniffConverted(await drawn(8, 8).avif().toBuffer())).toBe('AVIF');
    expect(sniffConverted(await drawn(8, 8).tiff().toBuffer())).toBe('TIFF');
    expect(sniffConverted(await drawn(8, 8).jpeg().toBuffer())).toBeUndefined();
    expect(sniffConverted(await drawn(8, 8).png().toBuffer())).toBeUndefined();
    // An iPhone's photograph: a box `ftyp` with the brand `heic`.
    expect(sniffConverted(Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic', 'latin1'))).toBe('HEIC');
  });

  it('carries each as a JPEG or PNG in the e-book, told at its figure, and the e-book passes EPUBCheck', async () => {
    const files = {
      'images/lossy.webp': await drawn(900, 600).webp({ quality: 80 }).toBuffer(),
      // An image service's WebP saved under the name of the JPEG it was asked for.
      'images/served.jpg': await drawn(800, 500).webp({ quality: 75 }).toBuffer(),
      'images/clear.webp': await drawn(600, 400, true).webp({ lossless: true }).toBuffer(),
      'images/photo.avif': await drawn(900, 600).avif().toBuffer(),
      // A scan stored turned: its orientation tag (6) says to turn it a quarter clockwise.
      'images/scan.tif': await drawn(900, 600).withMetadata({ orientation: 6 }).tiff().toBuffer(),
      'images/line.tif': await drawn(600, 400).toColourspace('b-w').tiff({ bitdepth: 1 }).toBuffer(),
    };
    const dir = manuscript('converted', Object.keys(files).map((file) => figure(file, file.includes('line') ? 'illustration' : 'photo')), files);
    const loaded = await loadManuscript(dir);
    const told = loaded.warnings.map((message) => formatMessage(message, dir)).filter((message) => message.includes('need not show'));
    expect(told).toEqual([
      'article.md:9:1: warning: image `images/lossy.webp` is a WebP picture, which e-book readers need not show: both editions carry it as a JPEG; to choose how it is converted, convert it yourself',
      'article.md:13:1: warning: image `images/served.jpg` is a WebP picture, which e-book readers need not show: both editions carry it as a JPEG; to choose how it is converted, convert it yourself',
      'article.md:17:1: warning: image `images/clear.webp` is a WebP picture, which e-book readers need not show: both editions carry it as a PNG; to choose how it is converted, convert it yourself',
      'article.md:21:1: warning: image `images/photo.avif` is an AVIF picture, which e-book readers need not show: both editions carry it as a JPEG; to choose how it is converted, convert it yourself',
      'article.md:25:1: warning: image `images/scan.tif` is a TIFF picture, which e-book readers need not show: both editions carry it as a JPEG; to choose how it is converted, convert it yourself',
      'article.md:29:1: warning: image `images/line.tif` is a TIFF picture, which e-book readers need not show: both editions carry it as a PNG; to choose how it is converted, convert it yourself',
    ]);
    const images = loaded.document.assets.images;
    expect(images.map((image) => [image.src, image.mediaType, image.extension, image.width, image.height])).toEqual([
      ['images/lossy.webp', 'image/jpeg', 'jpg', 900, 600],
      ['images/served.jpg', 'image/jpeg', 'jpg', 800, 500],
      ['images/clear.webp', 'image/png', 'png', 600, 400],
      ['images/photo.avif', 'image/jpeg', 'jpg', 900, 600],
      // Upright: the tag's quarter turn made.
      ['images/scan.tif', 'image/jpeg', 'jpg', 600, 900],
      ['images/line.tif', 'image/png', 'png', 600, 400],
    ]);
    // The bytes are what they are said to be, and the transparent one kept its alpha (the e-book gives it a white ground).
    for (const image of images) expect((await sharp(image.bytes).metadata()).format).toBe(image.mediaType === 'image/png' ? 'png' : 'jpeg');
    expect((await sharp(images[2]!.bytes).metadata()).hasAlpha).toBe(true);
    expect(images[2]!.transparent).toBe(true);

    const out = path.join(tempDir(), 'converted.epub');
    writeFileSync(out, (await buildEpub(loaded.document)).buffer);
    const names = Object.keys((await openEpub(out)).files);
    expect(names.filter((name) => /\.(webp|avif|tiff?)$/i.test(name))).toEqual([]);
    expect(names.filter((name) => name.startsWith('OEBPS/images/figure-'))).toEqual([
      'OEBPS/images/figure-1.jpg',
      'OEBPS/images/figure-2.jpg',
      'OEBPS/images/figure-3.png',
      'OEBPS/images/figure-4.jpg',
      'OEBPS/images/figure-5.jpg',
      'OEBPS/images/figure-6.png',
    ]);
    const report = epubcheck(out);
    expect(report.errors, report.output).toBe(0);
    expect(report.warnings, report.output).toBe(0);

    // Read again, the converted bytes come from the build cache: the same bytes.
    const again = await loadManuscript(dir);
    expect(again.document.assets.images.map((image) => image.bytes.equals(images[again.document.assets.images.indexOf(image)]!.bytes))).toEqual(images.map(() => true));
  });

  it('shows the first frame of an animated WebP, and says so', async () => {
    const frame = (colour: string): Promise<Buffer> => sharp({ create: { width: 120, height: 80, channels: 3, background: colour } }).png().toBuffer();
    const animated = await sharp([await frame('#c33'), await frame('#33c'), await frame('#3c3')], { join: { animated: true } })
      .webp({ quality: 90, loop: 0, delay: [200, 200, 200] })
      .toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(3);
    const dir = manuscript('animated', [figure('images/moving.webp')], { 'images/moving.webp': animated });
    const loaded = await loadManuscript(dir);
    expect(loaded.warnings.map((message) => formatMessage(message, dir))).toContain(
      'article.md:9:1: warning: image `images/moving.webp` is a WebP picture, which e-book readers need not show: both editions carry it as a JPEG (its first frame of 3, as print must); to choose how it is converted, convert it yourself',
    );
    const [image] = loaded.document.assets.images;
    expect([image!.width, image!.height]).toEqual([120, 80]);
    // The first frame's red, not the later frames' blue or green.
    const { dominant } = await sharp(image!.bytes).stats();
    expect(dominant.r).toBeGreaterThan(150);
    expect(dominant.b).toBeLessThan(100);
  });

  it('refuses one too large from its header, before decoding it', async () => {
    // A WebP whose extended header (VP8X) names a canvas of 20 000 × 20 000 pixels, and no image data.
    const header = Buffer.alloc(30);
    header.write('RIFF', 0, 'latin1');
    header.writeUInt32LE(22, 4);
    header.write('WEBPVP8X', 8, 'latin1');
    header.writeUInt32LE(10, 16);
    header.writeUIntLE(20_000 - 1, 24, 3);
    header.writeUIntLE(20_000 - 1, 27, 3);
    const dir = manuscript('huge', [figure('images/huge.webp')], { 'images/huge.webp': header });
    const { messages } = await messagesOf(dir);
    expect(messages).toEqual([expect.stringMatching(/^article\.md:9:1: error: image `images\/huge\.webp` is 20000 × 20000 pixels \(400 megapixels\); galley publishes pictures of up to \d+ megapixels/)]);
  });

  it('refuses a HEIC picture, and a file named for a converted type that is another, saying what to do', async () => {
    const png = await drawn(40, 30).png().toBuffer();
    const dir = manuscript('refused', [figure('images/phone.heic'), figure('images/named.webp'), figure('images/nothing.avif')], {
      'images/phone.heic': Buffer.from('\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\0', 'latin1'),
      'images/named.webp': png,
      'images/nothing.avif': Buffer.from('not a picture at all'),
    });
    const { messages, error } = await messagesOf(dir);
    expect(error).toBeInstanceOf(ManuscriptError);
    expect(messages).toEqual([
      'article.md:9:1: error: image `images/phone.heic` is a HEIC picture (as phones save photographs), which galley cannot read: export it as JPEG (on an iPhone, share it or set Settings › Camera › Formats to Most Compatible)',
      "article.md:13:1: error: image `images/named.webp` is a PNG file, although its name says WebP: rename it to match (and change the figure's src)",
      'article.md:17:1: error: image `images/nothing.avif` is not an AVIF file, nor any picture galley knows (JPEG, PNG, GIF, SVG, WebP, AVIF, TIFF): the file is damaged or not a picture',
    ]);
  });
});
