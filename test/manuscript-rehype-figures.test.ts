/** src/manuscript/rehype-figures.ts: every picture a file in the manuscript folder, figures numbered, credits moved to the document's list. */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { selectAll } from 'hast-util-select';
import { toHtml } from 'hast-util-to-html';
import rehypeSanitize from 'rehype-sanitize';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import rehypeGalleyFigures from '../src/manuscript/rehype-figures.js';
import rehypeGalleyUnsafeHtml from '../src/manuscript/rehype-unsafe-html.js';
import remarkGalleyFigure from '../src/manuscript/remark-figure.js';
import { sanitizeSchema } from '../src/manuscript/sanitize-schema.js';
import { hastOf, places } from './manuscript-harness.js';
import { repoRoot, tempDir } from './helpers.js';

let dir: string;
let outside: string;

const figure = (src: string, extra = '', caption = 'Caption.') => `:::figure{src="${src}" alt="A picture" credit="Anna Nowak/Gazeta"${extra}}\n${caption}\n:::\n`;

async function run(markdown: string) {
  return hastOf(markdown, [rehypeGalleyUnsafeHtml, [rehypeSanitize, sanitizeSchema], [rehypeGalleyFigures, { dir }]], [remarkGalleyFigure]);
}

beforeAll(async () => {
  const root = tempDir('galley-figures-');
  dir = path.join(root, 'article');
  outside = path.join(root, 'outside.png');
  mkdirSync(path.join(dir, 'images', 'folder.png'), { recursive: true });
  const png = path.join(repoRoot, 'test/fixtures/good/credits/images/photo.png');
  copyFileSync(png, path.join(dir, 'images', 'photo.png'));
  copyFileSync(png, path.join(dir, 'images', 'zdjęcie łódź.png'));
  copyFileSync(png, path.join(dir, '..pic.png'));
  copyFileSync(png, outside);
  copyFileSync(png, path.join(dir, 'images', 'photo.bmp'));
  copyFileSync(png, path.join(dir, 'images', 'named.jpg'));
  symlinkSync(outside, path.join(dir, 'images', 'link.png'));
  // A real 3 × 2 JPEG: every picture is decoded once, and a header alone does not decode.
  writeFileSync(path.join(dir, 'images', 'photo.JPEG'), await sharp({ create: { width: 3, height: 2, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  // Pictures whose structure is whole but whose image data is not: one within the size the editions take, one scaled down.
  const damaged = async (width: number, height: number): Promise<Buffer> => {
    const noise = Buffer.alloc(width * height * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const whole = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
    // Half the scan's data, then the end-of-image marker: the segments are whole, the data is cut.
    return Buffer.concat([whole.subarray(0, Math.floor(whole.length / 2)), Buffer.from([0xff, 0xd9])]);
  };
  writeFileSync(path.join(dir, 'images', 'damaged.jpg'), await damaged(300, 200));
  writeFileSync(path.join(dir, 'images', 'damaged-large.jpg'), await damaged(2400, 300));
  writeFileSync(path.join(dir, 'images', 'map.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>\n');
});

describe('rehype-figures', () => {
  it('numbers figures, gives each picture an asset id and its size, and moves every credit into the list', async () => {
    const md = `Intro.\n\n${figure('images/photo.png', ' license="CC BY 4.0" kind="map"', 'The *old* town[^1] by [the river](https://example.org).\n\nSecond paragraph.')}\n${figure('images/zdj%C4%99cie%20%C5%82%C3%B3d%C5%BA.png')}\n${figure('images/photo.png')}\n${figure('images/map.svg')}\n[^1]: A note.\n`;
    const { tree, file } = await run(md);
    expect(file.messages).toEqual([]);
    const figures = selectAll('figure', tree);
    expect(figures.map((f) => f.properties)).toEqual([
      { className: ['figure'], id: 'figure-1' },
      { className: ['figure'], id: 'figure-2' },
      { className: ['figure'], id: 'figure-3' },
      { className: ['figure'], id: 'figure-4' },
    ]);
    // The same file twice is one asset.
    expect(selectAll('img', tree).map((img) => [img.properties.src, img.properties.width, img.properties.height])).toEqual([
      ['figure-1', 1200, 800],
      ['figure-2', 1200, 800],
      ['figure-1', 1200, 800],
      ['figure-4', 40, 30],
    ]);
    expect(file.data.images!.map((image) => [image.id, image.src, path.relative(dir, image.path), image.mediaType, image.extension])).toEqual([
      ['figure-1', 'images/photo.png', 'images/photo.png', 'image/png', 'png'],
      ['figure-2', 'images/zdj%C4%99cie%20%C5%82%C3%B3d%C5%BA.png', 'images/zdjęcie łódź.png', 'image/png', 'png'],
      ['figure-4', 'images/map.svg', 'images/map.svg', 'image/svg+xml', 'svg'],
    ]);
    const credits = file.data.credits!;
    // The licence's version held to its name (line-breaks.ts, bindVersions).
    expect(credits.map(({ captionContent, creditContent, ...rest }) => rest)).toEqual([
      { figureId: 'figure-1', figureNumber: 1, kind: 'map', credit: 'Anna Nowak/Gazeta', license: 'CC BY\u00a04.0', caption: 'The old town by the river. Second paragraph.' },
      { figureId: 'figure-2', figureNumber: 2, credit: 'Anna Nowak/Gazeta', caption: 'Caption.' },
      { figureId: 'figure-3', figureNumber: 3, credit: 'Anna Nowak/Gazeta', caption: 'Caption.' },
      { figureId: 'figure-4', figureNumber: 4, credit: 'Anna Nowak/Gazeta', caption: 'Caption.' },
    ]);
    // The caption's copy keeps its formatting, drops the note call and the link, and runs its paragraphs on.
    expect(toHtml({ type: 'root', children: credits[0]!.captionContent })).toBe('The <em>old</em> town by the river. Second paragraph.');
    expect(credits.map((credit) => toHtml({ type: 'root', children: credit.creditContent }))).toEqual(credits.map((credit) => credit.credit));
  });

  it('refuses a picture outside a figure, naming what was written, even a source sanitizing removed', async () => {
    const { file } = await run('Text ![alt](images/photo.png).\n\n<img src="data:image/png;base64,AAAA" alt="x">\n');
    expect(places(file.messages)).toEqual(['1:6 error image-without-figure', '3:1 error image-without-figure']);
    expect(file.messages[0]!.reason).toContain('picture `images/photo.png` outside a figure');
    expect(file.messages[1]!.reason).toContain('picture `data:image/png;base64,AAAA` outside a figure');
    // The figure to write instead, its source and description filled in.
    expect(file.messages[0]!.reason).toContain('write it as `:::figure{src="images/photo.png" alt="alt" credit="…"}`, its caption on the line after and `:::` on the next');
  });

  it('offers a picture\'s title as the caption of the figure it should be', async () => {
    const { file } = await run('![A "quoted" map](images/map.svg "The river and the weir. Map: Jan Nowak")\n');
    expect(file.messages[0]!.reason).toContain(`write it as \`:::figure{src="images/map.svg" alt='A "quoted" map' credit="…"}\`, its caption ("The river and the weir. Map: Jan Nowak") on the line after`);
  });

  it('refuses pictures from the web, absolute paths, paths out of the folder and links out of it', async () => {
    const cases: Array<[string, string, string]> = [
      ['https://example.org/a.png', 'image-remote', 'editions load nothing from the network'],
      ['//example.org/a.png', 'image-remote', 'editions load nothing from the network'],
      [outside, 'image-outside', 'is an absolute path'],
      ['../outside.png', 'image-outside', 'is outside the manuscript folder'],
      ['images/../../outside.png', 'image-outside', 'is outside the manuscript folder'],
      ['images/link.png', 'image-outside', 'links to a file outside the manuscript folder'],
      ['images/nothing.png', 'image-missing', 'not found'],
      ['images/folder.png', 'image-missing', 'is a folder, not an image file'],
      ['images/photo.bmp', 'image-type', 'has an unsupported type `.bmp`'],
      ['images/named.jpg', 'image-type', 'is a PNG file, although its name says JPEG'],
      ['images/bad%E0%A4%A.png', 'image-path', 'is not a valid path'],
    ];
    for (const [src, rule, reason] of cases) {
      const { file } = await run(`Intro.\n\n${figure(src)}`);
      expect(places(file.messages), src).toEqual([`3:1 error ${rule}`]);
      expect(file.messages[0]!.reason, src).toContain(reason);
      expect(file.data.images).toEqual([]);
    }
  });

  it('takes a .jpeg of any case as JPEG, published as .jpg', async () => {
    const { file } = await run(figure('images/photo.JPEG'));
    expect(file.messages).toEqual([]);
    expect(file.data.images!.map((image) => [image.mediaType, image.extension, image.width, image.height])).toEqual([['image/jpeg', 'jpg', 3, 2]]);
  });

  it('refuses a JPEG whose image data is damaged, at its figure, whether or not it is scaled down', async () => {
    const { file } = await run(`${figure('images/damaged.jpg')}\n${figure('images/damaged-large.jpg')}`);
    expect(places(file.messages)).toEqual(['1:1 error image-damaged', '5:1 error image-damaged']);
    expect(file.messages[0]!.reason).toMatch(/^image `images\/damaged\.jpg` cannot be decoded: its JPEG image data is damaged \(.+\); export it again$/);
    expect(file.messages[1]!.reason).toMatch(/^image `images\/damaged-large\.jpg` cannot be decoded: its JPEG image data is damaged \(.+\); export it again$/);
  });

  it('takes a file whose name starts with two dots for one inside the folder', async () => {
    const { file } = await run(figure('..pic.png'));
    expect(file.messages).toEqual([]);
    expect(file.data.images!.map((image) => image.src)).toEqual(['..pic.png']);
  });
});
