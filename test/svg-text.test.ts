/**
 * Words inside an SVG picture are drawn in galley's own faces, as outlines:
 * a chart whose labels name Helvetica, Georgia and "monospace" prints and
 * reads in Literata in both editions, whatever fonts the build machine has.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { outlineSvgText } from '../src/manuscript/svg-text.js';
import { outlineFonts } from '../src/typefaces.js';
import { entryText, epubcheck, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfFonts } from './pdf-helpers.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as typeof import('fontkit');

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'svg-labels');
let chart: Buffer;
beforeAll(() => {
  chart = readFileSync(path.join(manuscript, 'images', 'ferries.svg'));
});

const svg = (body: string): Buffer => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 100">${body}</svg>`);

describe('outlineSvgText', () => {
  it('turns every text element into paths', async () => {
    const { bytes, uncovered } = await outlineSvgText(chart, 'en');
    const out = bytes.toString('utf8');
    expect(out).not.toMatch(/<(text|tspan|textPath)[\s>]/);
    expect(out).not.toMatch(/font-family/);
    expect(out.match(/<path /g)?.length).toBeGreaterThan(8);
    expect(uncovered).toEqual([]);
  });

  it('leaves a picture without text as it was, byte for byte', async () => {
    const plain = svg('<rect width="10" height="10"/>');
    expect((await outlineSvgText(plain, 'en')).bytes).toBe(plain);
  });

  it('draws bold and italic as bold and italic, and the same text the same way each time', async () => {
    const draw = async (attributes: string): Promise<string> => (await outlineSvgText(svg(`<text x="10" y="40" ${attributes}>Gdańsk Дмитрий</text>`), 'en')).bytes.toString('utf8');
    const regular = await draw('');
    const bold = await draw('font-weight="bold"');
    const italic = await draw('font-style="italic"');
    expect(new Set([regular, bold, italic]).size).toBe(3);
    expect(await draw('font-weight="bold"')).toBe(bold);
  });

  it('names the characters no shipped face draws', async () => {
    const { uncovered } = await outlineSvgText(svg('<text x="10" y="40">Ferry \u16A0</text>'), 'en');
    expect(uncovered).toEqual(['\u16A0']);
  });
});

describe('reading a manuscript whose picture writes a letter no face draws', () => {
  it('warns at the figure, naming the picture and the character', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'images'));
    writeFileSync(path.join(dir, 'images', 'ship.svg'), svg('<text x="10" y="40">Ferry \u16A0</text>'));
    writeFileSync(
      path.join(dir, 'article.md'),
      ['---', 'title: "Ships"', 'date: 2022-10-03', 'language: en', '---', '', 'A picture.', '', ':::figure{src="images/ship.svg" alt="The word Ferry and a rune" credit="Ann Example"}', 'A ship.', ':::', ''].join('\n'),
    );
    const { warnings } = await loadManuscript(dir);
    const warning = warnings.find((message) => message.ruleId === 'character-uncovered');
    expect(warning?.reason).toMatch(/image `images\/ship\.svg` writes U\+16A0/);
    expect([warning?.line, warning?.column]).toEqual([9, 1]);
  });
});

describe('outlineFonts', () => {
  it('gives one Literata file per weight and style holding every script of the text, so that resvg never borrows a letter from another style', async () => {
    const faces = await outlineFonts('Gdańsk Дмитрий Ωμέγα', 'en');
    expect(faces.map((face) => face.family)).toEqual(['Literata']);
    const fonts = faces[0]!.fonts.map((bytes) => fontkit.create(bytes));
    expect(fonts.map((font) => font.postscriptName)).toEqual(['Literata-Regular', 'Literata-Italic', 'Literata-Bold', 'Literata-BoldItalic']);
    for (const font of fonts) for (const char of 'GńДйΩέ') expect(font.hasGlyphForCodePoint(char.codePointAt(0)!), `${font.postscriptName} ${char}`).toBe(true);
  });
});

describe('an SVG chart with labels, built to both editions', () => {
  let out: string;
  let zip: JSZip;

  beforeAll(async () => {
    out = tempDir();
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    zip = await openEpub(path.join(out, 'svg-labels.epub'));
  });

  it('prints in the shipped faces only: no font of the build machine in the PDF', () => {
    const names = pdfFonts(path.join(out, 'svg-labels.pdf')).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^Literata-/);
  });

  it('carries the picture with its words as outlines in the e-book', async () => {
    const name = Object.keys(zip.files).find((file) => file.endsWith('.svg'));
    expect(name).toBeDefined();
    const picture = await entryText(zip, name!);
    expect(picture).not.toMatch(/<text[\s>]/);
    expect(picture).toMatch(/<path /);
  });

  it('passes EPUBCheck', () => {
    const check = epubcheck(path.join(out, 'svg-labels.epub'));
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
  });
});
