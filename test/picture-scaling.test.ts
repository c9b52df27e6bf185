/** src/manuscript/scale-image.ts: pictures larger than the editions can show are scaled down, the others go in untouched. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, runCli, tempDir } from './helpers.js';

let dir: string;
let out: string;
let cache: string;
let zip: JSZip;
let small: Buffer;

/** Raw RGB pixels of a `width` × `height` picture: its left half red, its right half blue, with a fine pattern that JPEG must keep. */
function halves(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      const ripple = ((x * 7 + y * 13) % 32) - 16;
      if (x < width / 2) pixels.set([220 + (ripple >> 2), 30 + ripple, 40], at);
      else pixels.set([30 + ripple, 50, 210 + (ripple >> 2)], at);
    }
  }
  return pixels;
}

const figure = (src: string, n: number) => `:::figure{src="${src}" alt="Picture ${n}" credit="Anna Nowak/Gazeta"}\nPicture ${n}.\n:::\n`;

beforeAll(async () => {
  const root = tempDir('galley-scaling-');
  dir = path.join(root, 'big-pictures');
  out = path.join(root, 'out');
  cache = path.join(root, 'cache');
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  // A phone's photograph: stored 3000 × 2000, left half red, shown turned a quarter clockwise (EXIF orientation 6):
  // 2000 wide × 3000 high, the red half on top; 6 megapixels, brought to 4 (1633 × 2449).
  await sharp(halves(3000, 2000), { raw: { width: 3000, height: 2000, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toFile(path.join(dir, 'images', 'phone.jpg'));
  await sharp(halves(2400, 600), { raw: { width: 2400, height: 600, channels: 3 } }).png().toFile(path.join(dir, 'images', 'banner.png'));
  small = await sharp(halves(800, 600), { raw: { width: 800, height: 600, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  writeFileSync(path.join(dir, 'images', 'small.jpg'), small);
  writeFileSync(
    path.join(dir, 'article.md'),
    `---\ntitle: "Three pictures"\ndate: 2025-06-02\nlanguage: en\n---\n\nA first paragraph.\n\n${figure('images/phone.jpg', 1)}\n${figure('images/banner.png', 2)}\n${figure('images/small.jpg', 3)}\nThe end.\n`,
  );
  const built = runCli(['build', dir, '-o', out, '--quiet'], { GALLEY_CACHE_DIR: cache });
  expect(built.status, built.stderr).toBe(0);
  zip = await openEpub(path.join(out, 'big-pictures.epub'));
}, 180_000);

async function picture(name: string): Promise<Buffer> {
  const entry = zip.file(`OEBPS/images/${name}`);
  if (!entry) throw new Error(`${name} is not in the EPUB`);
  return entry.async('nodebuffer');
}

describe('pictures larger than the editions show', () => {
  it('scales a portrait JPEG to 4 megapixels, upright by its EXIF orientation, still a JPEG', async () => {
    const bytes = await picture('figure-1.jpg');
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height, meta.orientation]).toEqual(['jpeg', 1633, 2449, undefined]);
    expect(bytes.length).toBeLessThan(readFileSync(path.join(dir, 'images', 'phone.jpg')).length);
    // Turned as the camera meant: red on top, blue below.
    const { data } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number) => [...data.subarray((y * 1633 + x) * 3, (y * 1633 + x) * 3 + 3)];
    const [topRed, , topBlue] = at(816, 200);
    const [bottomRed, , bottomBlue] = at(816, 2200);
    expect(topRed!).toBeGreaterThan(150);
    expect(topBlue!).toBeLessThan(100);
    expect(bottomBlue!).toBeGreaterThan(150);
    expect(bottomRed!).toBeLessThan(100);
  });

  it('scales a PNG and keeps it a PNG; leaves a picture within the limit byte for byte', async () => {
    const meta = await sharp(await picture('figure-2.png')).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 2000, 500]);
    expect((await picture('figure-3.jpg')).equals(small)).toBe(true);
  });

  it("gives the document the scaled pictures' sizes", async () => {
    const { loadManuscript } = await import('../src/manuscript/index.js');
    const previous = process.env.GALLEY_CACHE_DIR;
    // A cache of its own: run from the sources, galley's code digest is not the bundle's, so it scales the pictures
    // again (under its own key) rather than take the build's, and they must come out the same.
    process.env.GALLEY_CACHE_DIR = tempDir('galley-scaling-cache-');
    try {
      const { document } = await loadManuscript(dir);
      expect(document.assets.images.map((image) => [image.id, image.mediaType, image.width, image.height])).toEqual([
        ['figure-1', 'image/jpeg', 1633, 2449],
        ['figure-2', 'image/png', 2000, 500],
        ['figure-3', 'image/jpeg', 800, 600],
      ]);
      expect(document.assets.images[0]!.bytes.equals(await picture('figure-1.jpg'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.GALLEY_CACHE_DIR;
      else process.env.GALLEY_CACHE_DIR = previous;
    }
  });

  it('prints the scaled pictures in the PDF', () => {
    const list = spawnSync('pdfimages', ['-list', path.join(out, 'big-pictures.pdf')], { encoding: 'utf8' }).stdout;
    const images = list
      .split('\n')
      .slice(2)
      .filter((line) => /\bimage\b/.test(line))
      .map((line) => line.trim().split(/\s+/).slice(3, 5).join('×'));
    expect(images.sort()).toEqual(['1633×2449', '2000×500', '800×600']);
  });

  it('scales the same bytes to the same bytes, and keeps them in the build cache', async () => {
    expect(existsSync(path.join(cache, 'pictures')) ? readdirSync(path.join(cache, 'pictures')).length : 0).toBe(2);
    const again = path.join(path.dirname(out), 'again');
    const built = runCli(['epub', dir, '-o', again, '--no-page-list', '--quiet'], { GALLEY_CACHE_DIR: path.join(path.dirname(out), 'fresh-cache') });
    expect(built.status, built.stderr).toBe(0);
    const second = await openEpub(path.join(again, 'big-pictures.epub'));
    for (const name of ['figure-1.jpg', 'figure-2.png']) {
      expect((await second.file(`OEBPS/images/${name}`)!.async('nodebuffer')).equals(await picture(name)), name).toBe(true);
    }
  });

  it('keeps only the most recently used scaled pictures', async () => {
    const { keepPicture } = await import('../src/manuscript/scale-image.js');
    const folder = path.join(tempDir('galley-pictures-'), 'pictures');
    await keepPicture(path.join(folder, 'a.jpg'), Buffer.from('a'), 2);
    await keepPicture(path.join(folder, 'b.png'), Buffer.from('b'), 2);
    utimesSync(path.join(folder, 'a.jpg'), new Date(1_000_000), new Date(1_000_000));
    utimesSync(path.join(folder, 'b.png'), new Date(2_000_000), new Date(2_000_000));
    await keepPicture(path.join(folder, 'c.jpg'), Buffer.from('c'), 2);
    expect(readdirSync(folder).sort()).toEqual(['b.png', 'c.jpg']);
  });
});
