/**
 * A transparent picture (a line drawing exported with no ground: black
 * lines on nothing) on the grounds it is shown on: the cover's dark navy,
 * and a reading app's dark theme, where black lines on black all but
 * vanished. Built by the CLI; the cover read from the e-book, the e-book's
 * article page drawn by Chromium under a dark theme.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'transparent-drawing');

/** The RGB of pixel (x, y) of an encoded image. */
async function pixel(image: Buffer | string, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
}

describe('a line drawing on a transparent PNG', () => {
  const context = useBrowserAndTempDir('galley-picture-grounds-');
  let book: string;

  beforeAll(async () => {
    const out = tempDir('galley-picture-grounds-out-');
    const result = runCli(['build', FIXTURE, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    book = tempDir('galley-picture-grounds-book-');
    await unzipTo(await openEpub(path.join(out, 'transparent-drawing.epub')), book);
  }, 180_000);

  it('is set on white on the cover, not on its dark ground', async () => {
    // The picture runs across the cover's top; (60, 60) is off the drawing's lines. It was the navy ground (27, 35, 48).
    for (const value of await pixel(path.join(book, 'OEBPS', 'cover.jpg'), 60, 60)) expect(value).toBeGreaterThan(240);
  });

  it('keeps a white ground in the e-book under a reading app’s dark theme', async () => {
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(path.join(book, 'OEBPS', 'article.xhtml')).href);
      // What a night mode does: dark page, light text; the pictures are left as they are.
      await page.addStyleTag({ content: 'html, body { background: #000 !important; color: #eee !important; }' });
      const image = await page.$('figure img');
      const shot = Buffer.from(await image!.screenshot({ type: 'png' }));
      for (const value of await pixel(shot, 3, 3)) expect(value).toBeGreaterThan(240);
    } finally {
      await page.close();
    }
  });
});
