/**
 * Credits say what the picture is. One manuscript with a figure of every kind
 * (photo, graphic, map, illustration, chart), one credit that carries its own
 * label and one whose label alone says what it is, built to both editions and
 * the download page: the label, the name and the MARC role agree everywhere,
 * and the caption copies in the credits keep their formatting.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { creditParts } from '../src/manuscript/credit.js';
import { entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfFonts } from './pdf-helpers.js';

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'credits');

/** What each figure of the fixture must be credited as, in every edition. */
const expected = [
  { label: 'Photo', line: 'Jane Doe/Example Agency', name: 'Jane Doe', role: 'pht' },
  // The credit carries its own label: not doubled.
  { label: 'Graphic', line: 'Tomasz Wiśniewski/The Harbor Ledger', name: 'Tomasz Wiśniewski', role: 'ill' },
  { label: 'Map', line: 'Ana Costa/Harbor Survey', name: 'Ana Costa', role: 'ctg' },
  { label: 'Illustration', line: 'Lee Park', name: 'Lee Park', role: 'ill' },
  // Its own label, in capitals, kept as written.
  { label: 'CHART', line: 'Data Desk/Example Press', name: 'Data Desk', role: 'ill' },
  // No kind: the credit's label says it is a map.
  { label: 'Map', line: 'City Survey Office/Harbour Archive', name: 'City Survey Office', role: 'ctg' },
];

describe('credits for every kind of picture', () => {
  let out: string;
  let zip: JSZip;
  let pdfText: string;

  beforeAll(async () => {
    out = tempDir();
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
    zip = await openEpub(path.join(out, 'credits.epub'));
    pdfText = spawnSync('pdftotext', [path.join(out, 'credits.pdf'), '-'], { encoding: 'utf8' }).stdout;
  });

  it('lists each maker in the OPF once, by name alone, with the role of the kind', async () => {
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const contributors = [...opf.matchAll(/<dc:contributor id="([^"]+)">([^<]*)<\/dc:contributor>\s*<meta refines="#\1" property="role" scheme="marc:relators">([a-z]{3})<\/meta>/g)].map(
      (match) => ({ name: match[2], role: match[3] }),
    );
    expect(contributors).toEqual(expected.map(({ name, role }) => ({ name, role })));
    expect(opf).not.toMatch(/<dc:contributor[^>]*>[^<]*(Graphic|Map|Photo|CHART):/);
  });

  it('labels each credit by its kind in the e-book, never twice', async () => {
    const page = parseHtml(await entryText(zip, 'OEBPS/credits.xhtml'));
    const lines = expected.map(({ label, line }) => `${label}: ${line}`);
    lines[0] += '. Licence: CC BY 4.0';
    expect(texts(page, '.credit-line')).toEqual(lines);
  });

  it('labels each credit by its kind in the PDF, never twice', () => {
    // Word for word, spaces included: no name comes back split ("Wiś niewski").
    const credits = normalize(pdfText.slice(pdfText.indexOf('Sources and credits')));
    let from = 0;
    for (const { label, line } of expected) {
      const at = credits.indexOf(`${label}: ${line}`, from);
      expect(at, `${label}: ${line}`).toBeGreaterThan(from - 1);
      from = at;
    }
    expect(pdfText).not.toMatch(/Photo: (Graphic|Map|Photo|Chart)/i);
  });

  it('labels each credit the same way on the download page', () => {
    const site = parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8'));
    expect(texts(site, '.photo-credit .source-kind')).toEqual(expected.map(({ label }, i) => `${label} ${i + 1}`));
    expect(texts(site, '.photo-credit .credit-line')).toEqual(expected.map(({ line }) => line));
  });

  it('keeps the caption’s formatting in the e-book’s credits, links as text', async () => {
    const xhtml = await entryText(zip, 'OEBPS/credits.xhtml');
    const captions = [...xhtml.matchAll(/<span class="credit-caption">(.*?)<\/span>/g)].map((match) => match[1]);
    expect(captions[0]).toBe('The harbour <em>at dawn</em>, seen from the <strong>northern</strong> breakwater; the port’s webcam shows the same view.');
    expect(captions[3]).toBe('How a bucket dredger lifts silt, in <strong>section</strong>.');
    expect(captions[4]).toContain('with <code>t</code> in thousands');
    expect(xhtml).not.toContain('example.com/webcam');
  });

  it('keeps the caption’s formatting in the PDF’s credits', () => {
    // pdftohtml marks text set in an italic or bold face. The copy is italic; its emphasis stands upright, its strong is bold.
    const xml = spawnSync('pdftohtml', ['-xml', '-i', '-stdout', path.join(out, 'credits.pdf')], { encoding: 'utf8' }).stdout;
    const credits = xml.slice(xml.indexOf('Sources and credits'));
    const runs = [...credits.matchAll(/<text [^>]*>(.*?)<\/text>/g)].map((match) => match[1]!);
    const run = (words: string) => runs.find((text) => text.replace(/<[^>]+>/g, '').trim() === words);
    expect(run('The harbour')).toBe('<i>The harbour </i>');
    expect(run('at dawn')).toBe('at dawn');
    expect(run('northern')).toBe('<i><b>northern</b></i>');
  });

  it('sets the PDF in shipped faces only, the code in the credits’ italic caption copy too', () => {
    const names = pdfFonts(path.join(out, 'credits.pdf')).map((font) => font.name.replace(/^[A-Z]{6}\+/, ''));
    for (const name of names) expect(name).toMatch(/^(Literata|JetBrainsMono)-/);
    expect(names).toContain('JetBrainsMono-Italic');
  });

  it('passes EPUBCheck', () => {
    const check = epubcheck(path.join(out, 'credits.epub'));
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
  });
});

describe('creditParts', () => {
  it('reads a label, the line and the maker from a credit', () => {
    expect(creditParts('Graphic: Tomasz Wiśniewski/The Harbor Ledger')).toEqual({ label: 'Graphic', labelKind: 'graphic', line: 'Tomasz Wiśniewski/The Harbor Ledger', creator: 'Tomasz Wiśniewski', makers: ['Tomasz Wiśniewski'] });
    expect(creditParts('photo illustration:Lee Park')).toEqual({ label: 'photo illustration', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park', makers: ['Lee Park'] });
    expect(creditParts('Thierry Monasse/ Reuters via Pool Politik')).toEqual({ line: 'Thierry Monasse/ Reuters via Pool Politik', creator: 'Thierry Monasse', makers: ['Thierry Monasse'] });
    // A short phrase before a colon is the author's own label, though it names no kind.
    expect(creditParts('Reuters: Ann Smith')).toEqual({ label: 'Reuters', line: 'Ann Smith', creator: 'Ann Smith', makers: ['Ann Smith'] });
  });
});

describe('a kind the credit’s label contradicts', () => {
  it('is built as written, with a warning at the figure', async () => {
    const { cpSync, writeFileSync: write } = await import('node:fs');
    const { loadManuscript } = await import('../src/manuscript/index.js');
    const dir = path.join(tempDir(), 'contradiction');
    cpSync(manuscript, dir, { recursive: true });
    write(
      path.join(dir, 'article.md'),
      '---\ntitle: "A map"\ndate: 2022-09-12\n---\n\nText.\n\n:::figure{src="images/map.png" kind="map" alt="A map" credit="Graphic: Tomasz Wiśniewski/The Harbor Ledger"}\nThe channel.\n:::\n',
    );
    const { document, warnings } = await loadManuscript(dir);
    expect(warnings.map((warning) => `${warning.line}:${warning.column} ${warning.reason}`)).toEqual([
      '8:1 figure: kind="map" but the credit is labelled as a graphic; the credit is printed as written and the e-book names its maker as the maker of a map: check which is right',
    ]);
    expect(document.credits[0]).toMatchObject({ kind: 'map', label: 'Graphic', makers: ['Tomasz Wiśniewski'] });
  });
});
