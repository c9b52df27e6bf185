import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVER_TEMPLATE, coverMarkup, renderCover, renderThumbnail, typographic } from '../src/cover.js';
import { loadCoverFonts } from '../src/cover-layout.js';
import { decodeReferences } from '../src/cover-tree.js';
import { defaultTemplatesDir } from '../src/templates.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = path.join(root, 'test-output');

const title = 'Mattis: US ‘not in a position to collaborate’ with Russian military';
const subtitle =
  "Mattis's remarks may come as a blow to hopes of increased cooperation between the two powers following the election of President Donald Trump to the White House.";

let leadImage: { bytes: Buffer; mediaType: string; width: number; height: number };
let scratch: string;

beforeAll(async () => {
  const bytes = await readFile(path.join(root, 'manuscript/mattis-russia-nato/images/nato-ministers.png'));
  const { width, height } = imageSize(bytes);
  leadImage = { bytes, mediaType: 'image/png', width, height };
  scratch = await mkdtemp(path.join(tmpdir(), 'galley-cover-'));
  await mkdir(outDir, { recursive: true });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A JPEG (the cover's format unless a PNG is asked for) of this size. */
function expectJpeg(bytes: Buffer, width: number, height: number): void {
  expect(bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  const size = imageSize(bytes);
  expect(size.type).toBe('jpg');
  expect([size.width, size.height]).toEqual([width, height]);
}

describe('renderCover', () => {
  it('renders a 1600×2400 JPEG with headline, dek and lead image, the same bytes every time', async () => {
    const first = await renderCover({ title, subtitle, leadImage });
    expectJpeg(first, 1600, 2400);
    await writeFile(path.join(outDir, 'cover.jpg'), first);

    const second = await renderCover({ title, subtitle, leadImage });
    expect(second.equals(first)).toBe(true);
  });

  it('works without a dek and without an image', async () => {
    const full = await renderCover({ title, subtitle, leadImage });
    const noDek = await renderCover({ title, leadImage });
    const noImage = await renderCover({ title, subtitle });
    const bare = await renderCover({ title });
    for (const png of [noDek, noImage, bare]) expectJpeg(png, 1600, 2400);
    const distinct = new Set([full, noDek, noImage, bare].map((png) => png.toString('base64')));
    expect(distinct.size).toBe(4);
    await writeFile(path.join(outDir, 'cover-no-dek.jpg'), noDek);
    await writeFile(path.join(outDir, 'cover-no-image.jpg'), noImage);
  });

  it('shows the publisher where the imprint goes and the byline, and nothing in their place when the manuscript names none', async () => {
    const words = (markup: string) => decodeReferences(markup.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
    const bare = words(coverMarkup({ title, subtitle }));
    expect(bare).not.toMatch(/galley/i);
    expect(bare).not.toMatch(/\bBy\b/);
    const credited = words(coverMarkup({ title, subtitle, byline: 'Ann Smith and Bo Li', imprint: 'Example Press' }));
    expect(credited).toContain('By Ann Smith and Bo Li');
    expect(credited).toContain('Example Press');
    expect(credited).not.toMatch(/galley/i);

    // And they are drawn: each changes the picture, an empty one does not.
    const none = await renderCover({ title, subtitle, leadImage, width: 400 });
    const withImprint = await renderCover({ title, subtitle, leadImage, imprint: 'Example Press', width: 400 });
    const withByline = await renderCover({ title, subtitle, leadImage, byline: 'Ann Smith', width: 400 });
    expect(withImprint.equals(none)).toBe(false);
    expect(withByline.equals(none)).toBe(false);
    expect((await renderCover({ title, subtitle, leadImage, imprint: ' ', byline: '', width: 400 })).equals(none)).toBe(true);
    await writeFile(path.join(outDir, 'cover-credited.jpg'), await renderCover({ title, subtitle, leadImage, byline: 'Ann Smith and Bo Li', imprint: 'Example Press' }));
  });

  it('treats an empty dek as none', async () => {
    const none = await renderCover({ title });
    expect((await renderCover({ title, subtitle: '  ' })).equals(none)).toBe(true);
  });

  it('draws a smaller version for web pages', async () => {
    expectJpeg(await renderThumbnail({ title, subtitle, leadImage }), 400, 600);
    expectJpeg(await renderCover({ title, leadImage, width: 800 }), 800, 1200);
    // A PNG when asked for one.
    const png = await renderThumbnail({ title, subtitle, leadImage }, 400, { format: 'png' });
    expect(imageSize(png)).toMatchObject({ type: 'png', width: 400, height: 600 });
    await expect(renderCover({ title, width: 0 })).rejects.toThrow(/width/);
  });

  it('uses templates/cover/cover.html.ejs from the templates folder it is given', async () => {
    const dir = path.join(scratch, 'templates');
    await mkdir(path.join(dir, 'cover'), { recursive: true });
    await writeFile(
      path.join(dir, COVER_TEMPLATE),
      `<div style="display: flex; width: <%= width %>px; height: <%= height %>px; background-color: #ffffff; color: #000000; font-family: Literata; font-size: 90px; padding: 100px;"><%= title %></div>`,
    );
    const plain = await renderCover({ title, subtitle, leadImage, templatesDir: dir });
    expectJpeg(plain, 1600, 2400);
    const shipped = await renderCover({ title, subtitle, leadImage, templatesDir: defaultTemplatesDir });
    expect(plain.equals(shipped)).toBe(false);
    // Flat white with a little black text compresses far better than the designed cover.
    expect(plain.length).toBeLessThan(shipped.length / 2);
  });

  it('rejects what it cannot draw', async () => {
    await expect(renderCover({ title: '   ' })).rejects.toThrow(/title/);
    await expect(
      renderCover({ title, leadImage: { ...leadImage, mediaType: 'image/webp' } }),
    ).rejects.toThrow(/image\/webp/);
  });

  it('draws letters outside basic Latin instead of empty boxes', async () => {
    // A letter without a glyph is drawn as the font's empty box; U+E000 has none in any font.
    for (const word of ['Šefčovič', 'Москва', 'Αθήνα']) {
      const missing = '\ue000'.repeat([...word].length);
      const drawn = await renderCover({ title: word });
      expect(drawn.equals(await renderCover({ title: missing }))).toBe(false);
    }
  });
});

describe('cover credits', () => {
  it('takes the byline from the authors and the imprint from the publisher, and nothing the manuscript does not give', async () => {
    const { loadManuscript } = await import('../src/manuscript/index.js');
    const { coverCredits } = await import('../src/cover.js');
    const credited = (await loadManuscript(path.join(root, 'test/fixtures/good/notes-and-tables'))).document;
    expect(coverCredits(credited)).toEqual({ byline: 'Ann Example and Bo Sample', imprint: 'Example Press' });
    const seed = (await loadManuscript(path.join(root, 'manuscript/mattis-russia-nato'))).document;
    expect(coverCredits(seed)).toEqual({});
  });
});

describe('cover text helpers', () => {
  it('loads the faces the text of a cover needs, and Literata Latin always', async () => {
    const families = async (text: string): Promise<string[]> => [...new Set((await loadCoverFonts(text)).map((font) => font.name))].sort();
    expect(await families('Mattis tells NATO allies \u201cto pay\u201d \u2014 caf\u00e9')).toEqual(['Literata']);
    expect(await families('\u0160ef\u010dovi\u010d in Brussels')).toEqual(['Literata', 'Literata latin-ext']);
    expect(await families('\u041c\u043e\u0441\u043a\u0432\u0430 and \u0391\u03b8\u03ae\u03bd\u03b1')).toEqual(['Literata', 'Literata cyrillic', 'Literata greek']);
    expect(await families('Vi\u1ec7t and \u05e9\u05dc\u05d5\u05dd')).toEqual(['Literata', 'Literata vietnamese', 'Noto Serif Hebrew hebrew']);
  });

  it('sets apostrophes between letters and tidies white space', () => {
    expect(typographic("  Mattis's\n remarks don't ")).toBe('Mattis\u2019s remarks don\u2019t');
    expect(typographic("'Quoted' words")).toBe("'Quoted' words");
    // A no-break space holds a number to its unit ("100 °C") on the cover too.
    expect(typographic('Boils at 100\u00a0°C  now')).toBe('Boils at 100\u00a0°C now');
  });
});
