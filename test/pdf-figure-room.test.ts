/**
 * Pictures that leave a page short: a listicle with a picture in every item
 * (a landscape, a narrow portrait three times taller than wide, a small GIF,
 * a very wide chart, a photo) printed at letter. A narrow portrait is not a
 * strip a page tall; a figure after a list item's lead line, which Chromium
 * takes along to the next page, leaves the page before it short as one at a
 * page's top does, and prints smaller to fit it (down to its floor), with
 * the picture above it on its page where it alone cannot. Five items took
 * five pages, three of them 30–40 % empty; then page 1 still ended 26 % empty.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync, type SpawnSyncReturns } from 'node:child_process';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry } from '../src/pdf/page.js';
import { runCli, tempDir } from './helpers.js';
import { pdfInfo, pdfLines } from './pdf-helpers.js';

const PICTURES = { 'photo.jpg': [1800, 1200], 'tall.jpg': [900, 2700], 'small.png': [400, 300], 'wide.png': [3000, 500], 'photo2.jpg': [1600, 1000] } as const;

describe('pictures in a listicle\'s items', () => {
  const root = tempDir('galley-figure-room-');
  const out = path.join(root, 'out');
  const file = path.join(out, 'listicle.pdf');
  let built: SpawnSyncReturns<string>;

  beforeAll(async () => {
    const dir = path.join(root, 'in', 'listicle');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    for (const [name, [width, height]] of Object.entries(PICTURES)) {
      // A gradient: a picture of one colour is printed as a filled box, not as a picture.
      const pixels = Buffer.alloc(width * height * 3);
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels.set([(x * 255) / width, (y * 255) / height, 120], (y * width + x) * 3);
      const picture = sharp(pixels, { raw: { width, height, channels: 3 } });
      await (name.endsWith('.png') ? picture.png() : picture.jpeg()).toFile(path.join(dir, 'images', name));
    }
    const figure = (src: string, caption: string, extra = '') => [`   :::figure{src="images/${src}" alt="${caption}" credit="Sam Ortiz/Invented Travel"${extra}}`, `   ${caption}`, '   :::', ''];
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "Five invented bridges you should cross before you are fifty"', 'subtitle: "A listicle, with a picture in every item."', 'date: 2025-05-05', 'language: en', '---', '',
      'All five bridges are invented.', '',
      '1. **The Long Bridge at Varro.** Eleven arches of grey stone.', '', ...figure('photo.jpg', 'The Long Bridge at dawn.'), '   Cross it at dawn, when the fishermen are out.', '',
      '2. **The Glass Walk.** A footbridge of glass panels over a gorge.', '', ...figure('tall.jpg', 'Looking down from the Glass Walk.'),
      '3. **The Rope Bridge of Kell.** It sways.', '', ...figure('small.png', 'The rope bridge.', ' kind="illustration"'),
      '4. **The Iron Span.**', '', ...figure('wide.png', 'Crossings each year.', ' kind="chart"'),
      '5. **The Bridge That Is Not There.** Only its piers remain.', '', ...figure('photo2.jpg', 'The piers at low tide.'),
      '- A bulleted item with a picture too:', '', ...figure('photo.jpg', 'Again the Long Bridge.').map((line) => line.slice(1)),
    ].join('\n'));
    built = runCli(['pdf', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the narrow portrait well under a page tall: at most 0.4 of the text block', () => {
    const geometry = pageGeometry.letter;
    const block = (geometry.heightIn - geometry.marginTopIn - geometry.marginBottomIn) * 72;
    const list = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' });
    // The portrait (three times taller than wide; galley may send fewer pixels): its printed height from its pixels and resolution (y-ppi).
    const rows = list.split('\n').slice(2).map((line) => line.trim().split(/\s+/)).filter((fields) => fields.length > 13);
    const portrait = rows.find((fields) => Number(fields[4]) >= 2.5 * Number(fields[3]))!;
    expect(portrait, list).toBeDefined();
    expect((Number(portrait[4]) / Number(portrait[13])) * 72).toBeLessThanOrEqual(0.4 * block + 1);
  });

  // Page 1 too: the portrait, which needed 40 % of its height to fit under item 2's lead (its floor is half), takes the room it lacks from the landscape above it.
  it('takes four pages, none but the last ending more than a quarter short', () => {
    const geometry = pageGeometry.letter;
    const pages = pdfLines(file);
    expect(Number(pdfInfo(file).Pages)).toBeLessThanOrEqual(4);
    const short = pages.slice(0, -1).flatMap((page, i) => {
      const top = geometry.marginTopIn * 72;
      const bottom = page.height - geometry.marginBottomIn * 72;
      const low = Math.max(...page.lines.filter((line) => line.top >= top - 2 && line.bottom <= bottom + 2).map((line) => line.bottom));
      const share = (bottom - low) / (bottom - top);
      return share > 0.25 ? [`page ${i + 1}: ${Math.round(share * 100)} % empty`] : [];
    });
    expect(short).toEqual([]);
  });
});
