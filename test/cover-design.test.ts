/**
 * What the cover's template does with what it is given: a very wide lead
 * picture is shown whole rather than cut to its middle, and a collection's
 * cover lists as many of its articles as fit, then says how many more
 * there are, in the collection's language.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { imageSize } from 'image-size';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverMarkup, renderCoverSvg, type CoverImage } from '../src/cover.js';
import { repoRoot } from './helpers.js';

async function picture(file: string): Promise<CoverImage> {
  const bytes = await readFile(path.join(repoRoot, file));
  const { width, height, type } = imageSize(bytes);
  return { bytes, mediaType: type === 'png' ? 'image/png' : 'image/jpeg', width: width!, height: height! };
}

/** The lead picture's `<image>` in the cover's SVG: where it is drawn, and the box (clip) it is shown in. */
function pictureBox(svg: string): { x: number; y: number; width: number; height: number } {
  const element = /<image [^>]*>/.exec(svg)?.[0];
  if (!element) throw new Error('no picture on the cover');
  const attribute = (name: string): number => Number(new RegExp(`\\s${name}="(-?[\\d.]+)"`).exec(element)![1]);
  return { x: attribute('x'), y: attribute('y'), width: attribute('width'), height: attribute('height') };
}

/** The text of the cover's elements of class `name`, in order. */
function texts(markup: string, name: string): string[] {
  return [...markup.matchAll(new RegExp(`<div class="${name}"[^>]*>([^<]*)</div>`, 'g'))].map((match) => match[1]!.trim());
}

let panorama: CoverImage;
let photo: CoverImage;
let tall: CoverImage;

beforeAll(async () => {
  panorama = await picture('test/fixtures/good/unseen-pictures/images/wide.jpg'); // 3200×700
  photo = await picture('test/fixtures/good/unseen-title-only/images/harbour.jpg'); // 1200×900
  tall = await picture('test/fixtures/good/unseen-pictures/images/tall.jpg'); // 700×3000
});

describe('the lead picture on the cover', () => {
  it('shows a panorama whole, as a band across the cover, rather than its middle', async () => {
    const box = pictureBox(await renderCoverSvg({ title: 'A panorama', leadImage: panorama }));
    // All of its width on the canvas, in its own proportions.
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1600);
    expect(box.width).toBeGreaterThan(1599);
    expect(box.height / box.width).toBeCloseTo(700 / 3200, 3);
  });

  it('still fills the top of the cover with an ordinary photo, and crops a tall one to its middle', async () => {
    const landscape = pictureBox(await renderCoverSvg({ title: 'A harbour', leadImage: photo }));
    // 1600 wide at 4:3 is 1200 tall: shown whole.
    expect([landscape.x, landscape.y, landscape.width, Math.round(landscape.height)]).toEqual([0, 0, 1600, 1200]);
    const portrait = pictureBox(await renderCoverSvg({ title: 'A tower', leadImage: tall }));
    // Cut to 1240 rows from its middle: it overhangs the top as much as the bottom.
    expect(portrait.width).toBe(1600);
    expect(portrait.y).toBeLessThan(0);
    expect(portrait.y + portrait.height - 1240).toBeCloseTo(-portrait.y, 0);
  });
});

describe("a collection's cover", () => {
  const entries = (n: number, byline?: string) =>
    Array.from({ length: n }, (_, i) => ({ headline: `Headline of article number ${i + 1}`, ...(byline ? { byline } : {}) }));

  it('lists every article when all fit, and says nothing more', () => {
    const markup = coverMarkup({ title: 'A week', contents: entries(3, 'Ann Smith') });
    expect(texts(markup, 'entryhead')).toEqual(['Headline of article number 1', 'Headline of article number 2', 'Headline of article number 3']);
    expect(texts(markup, 'more')).toEqual([]);
  });

  it('lists as many as fit, in order, then how many more there are', () => {
    const plain = coverMarkup({ title: 'A year', contents: entries(10, 'Ann Smith') });
    expect(texts(plain, 'entryhead')).toEqual(entries(6).map((entry) => entry.headline));
    expect(texts(plain, 'more')).toEqual(['and 4 more articles']);
    // Fewer beside a picture, which takes room (four at most, with room for the line that says how many more).
    const pictured = coverMarkup({ title: 'A year', contents: entries(10, 'Ann Smith'), leadImage: photo });
    expect(texts(pictured, 'entryhead')).toHaveLength(3);
    expect(texts(pictured, 'more')).toEqual(['and 7 more articles']);
    expect(texts(coverMarkup({ title: 'A year', contents: entries(4, 'Ann Smith'), leadImage: photo }), 'entryhead')).toHaveLength(4);
    // Entries without a byline take less room (though more than their headline: see below): more of them fit.
    const unsigned = coverMarkup({ title: 'A year', contents: entries(12) });
    expect(texts(unsigned, 'entryhead')).toHaveLength(7);
    expect(texts(unsigned, 'more')).toEqual(['and 5 more articles']);
    expect(texts(coverMarkup({ title: 'A year', contents: entries(7, 'Ann Smith') }), 'more')).toEqual(['and 1 more article']);
  });

  it('sets an entry without a byline as far from the next as one with a byline, so that the next headline does not read as its second line', async () => {
    const svg = await renderCoverSvg({
      title: 'A week',
      contents: [{ headline: 'First headline', byline: 'Ann Smith' }, { headline: 'An unsigned notice' }, { headline: 'Third headline', byline: 'Bo Li' }],
    });
    // The headlines are drawn in the paper's colour, one outline each: the top of each (its least y).
    const tops = [...svg.matchAll(/<path [^>]*fill="#f5f1e8"[^>]*d="([^"]*)"/g)]
      .map((match) => Math.min(...[...match[1]!.matchAll(/-?[\d.]+ (-?[\d.]+)/g)].map((pair) => Number(pair[1]))))
      .slice(1); // the title's
    expect(tops).toHaveLength(3);
    const afterSigned = tops[1]! - tops[0]!;
    const afterUnsigned = tops[2]! - tops[1]!;
    // The byline and its gap take 42 px of the step after a signed entry; an unsigned one gets 30 of them (it had none, 0.68 of the step).
    expect(afterUnsigned / afterSigned).toBeGreaterThan(0.85);
    expect(afterUnsigned).toBeLessThanOrEqual(afterSigned);
  });

  it("says it in the collection's language, with its plural forms", () => {
    expect(texts(coverMarkup({ title: 'Неделя', language: 'ru', contents: entries(10, 'Анна') }), 'more')).toEqual(['и\u00a0ещё 4 статьи']);
    expect(texts(coverMarkup({ title: 'Неделя', language: 'ru', contents: entries(11, 'Анна') }), 'more')).toEqual(['и\u00a0ещё 5 статей']);
    expect(texts(coverMarkup({ title: 'Tydzień', language: 'pl', contents: entries(7, 'Anna') }), 'more')).toEqual(['i jeszcze 1 artykuł']);
  });
});
