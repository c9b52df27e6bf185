/**
 * The cover laid out in the cover thread (src/cover-layout-thread.ts), not on
 * galley's own: the same drawing, the same texts cut, and a layout that fails
 * tells its own error.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { COVER_HEIGHT, COVER_TEMPLATE, COVER_WIDTH, coverMarkup, renderCover, type CoverInput, type FitCut } from '../src/cover.js';
import { placePicture } from '../src/cover-compose.js';
import { layOutCover, withPicture } from '../src/cover-layout.js';
import { compose, type RasterOptions } from '../src/cover-raster.js';
import { simplifyCoverSvg } from '../src/cover-svg.js';
import { defaultTemplatesDir } from '../src/templates.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const bytes = readFileSync(path.join(root, 'manuscript/mattis-russia-nato/images/nato-ministers.png'));
const { width: pictureWidth, height: pictureHeight } = imageSize(bytes);
const leadImage = { bytes, mediaType: 'image/png', width: pictureWidth!, height: pictureHeight! };

/** The cover as galley's own thread drew it before: laid out there, the SVG simplified, the picture placed, then drawn in the thread. */
async function drawnOnMainThread(input: CoverInput, width: number): Promise<{ image: Buffer; cuts: FitCut[] }> {
  const { svg, cuts } = await layOutCover(coverMarkup(input), input.leadImage, input.language);
  const simple = simplifyCoverSvg(svg, COVER_WIDTH, COVER_HEIGHT);
  const options: RasterOptions = { fitTo: width === COVER_WIDTH ? { mode: 'original' } : { mode: 'width', value: width }, font: { loadSystemFonts: false } };
  const lead = input.leadImage;
  const placed = lead ? placePicture(simple, COVER_WIDTH, COVER_HEIGHT, width / COVER_WIDTH) : undefined;
  if (lead && placed) {
    const image = await compose(placed.base, options, 'png', { bytes: lead.bytes, digest: createHash('sha256').update(lead.bytes).digest('hex'), ...placed.place });
    if (image) return { image, cuts };
  }
  return { image: (await compose(withPicture(simple, lead), options, 'png'))!, cuts };
}

describe('the cover laid out in its thread', () => {
  it('is the cover galley\'s own thread laid out: the same pixels, its long words broken and its texts cut alike', async () => {
    const inputs: CoverInput[] = [
      // The seed's: headline, dek and picture, at the e-book's size and the thumbnail's.
      { title: 'Mattis: US ‘not in a position to collaborate’ with Russian military', subtitle: 'Remarks that may come as a blow to hopes of cooperation.', byline: 'Ann Smith', leadImage },
      { title: 'Mattis: US ‘not in a position to collaborate’ with Russian military', subtitle: 'Remarks that may come as a blow to hopes of cooperation.', byline: 'Ann Smith', leadImage, width: 400 },
      // A compound too wide for a line, broken at a syllable (the headline's hyphenation, in the thread).
      { title: 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft tagt', language: 'de' },
      // A dek too long even at its smallest size: cut, and told.
      { title: 'A short headline', subtitle: 'A dek that goes on and on. '.repeat(40), leadImage },
    ];
    let cut = 0;
    for (const input of inputs) {
      const width = input.width ?? COVER_WIDTH;
      let told: FitCut[] | undefined;
      const image = await renderCover(input, { format: 'png', onCuts: (cuts) => (told = cuts) });
      const before = await drawnOnMainThread(input, width);
      expect(imageSize(image)).toMatchObject({ type: 'png', width });
      expect(image.equals(before.image), input.title).toBe(true);
      expect(told).toEqual(before.cuts);
      cut += told!.length;
    }
    expect(cut).toBeGreaterThan(0);
  }, 120_000);

  it('tells a layout that fails by the layout\'s own error, and lays out the next cover', async () => {
    // A template whose headline box has no smallest size.
    const templatesDir = mkdtempSync(path.join(tmpdir(), 'galley-cover-thread-'));
    cpSync(defaultTemplatesDir, templatesDir, { recursive: true });
    const template = path.join(templatesDir, COVER_TEMPLATE);
    writeFileSync(template, readFileSync(template, 'utf8').replace('data-fit-min="64"', 'data-fit-min="none"'));
    await expect(renderCover({ title: 'A broken template', templatesDir })).rejects.toThrow(/^The cover template needs all of data-fit-width, data-fit-height, data-fit-min, data-fit-max as positive numbers\.$/);
    expect(imageSize(await renderCover({ title: 'The next cover', width: 200 }))).toMatchObject({ type: 'jpg', width: 200, height: 300 });
  }, 60_000);
});

describe('the cover thread\'s faces', () => {
  it('are asked for again by their digest when the thread does not hold them', async () => {
    const { layOut, MissingFaces } = await import('../src/cover-layout-thread.js');
    const request = { key: 'a face never sent', markup: coverMarkup({ title: 'Faces' }), faces: [{ name: 'Literata', weight: 400 as const, style: 'normal' as const, digest: 'never sent' }] };
    const failed = await layOut(request, COVER_WIDTH, false).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(MissingFaces);
    expect((failed as InstanceType<typeof MissingFaces>).digests).toEqual(['never sent']);
  });
});
