/**
 * A double-barrelled name is never broken at its hyphen at a line's end
 * ("Fitzgerald- / Montgomery"): newsroom style keeps a name whole. The
 * bylines of the PDF's title block and of a collection's contents keep each
 * hyphenated name in a span.nobreak (Words.name), with the hyphen written,
 * so the text read back is the name; the cover joins it with a zero width
 * joiner. Eight authors, five of them double-barrelled, at every page size,
 * read back with `pdftotext -layout`; the cover laid out by the build's own
 * code; the e-book's metadata names them as written.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { coverInputOf, coverMarkup } from '../src/cover.js';
import { COVER_HEIGHT, COVER_WIDTH, coverTree } from '../src/cover-layout.js';
import { decodeReferences } from '../src/cover-tree.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { loadSatori } from '../src/satori.js';
import { wordsFor } from '../src/words.js';
import { entryText, openEpub, runCli, tempDir } from './helpers.js';

const AUTHORS = [
  'Maximiliana Theodora Wolkenstein-Rabenau',
  'Bartholomew Fitzgerald-Montgomery',
  'Anna-Katharina von Hohenberg',
  'Sebastián de la Fuente y Castellanos',
  'Oluwaseun Adebayo-Okonkwo',
  'Li Wei',
  'Jean-Baptiste Lefèvre-Duplessis',
  'Ann Smith',
];

/** Lines that end in a letter and a hyphen: a word broken at its hyphen (galley hyphenates no name). */
const BROKEN = /\p{L}-$/u;

/** A long read's headline and dek: the cover gives its byline the room that broke "Fitzgerald- / Montgomery". */
const HEADLINE = 'How a small harbour town on the northern coast spent ten years, forty million euros and three elections arguing about a sea wall nobody wanted to pay for';
const DEK = 'The ferry operator warned that sandbags had been stacked on the same doorsteps three times while the rain kept falling. Residents of the lower town reported that the town\'s drainage was older than anyone remembered. Shop owners on Quay Street recalled that the town\'s drainage was older than anyone remembered in a meeting that ran past midnight. The port authority found that the sea wall\'s concrete showed cracks along its crown according to minutes seen by this newspaper. The emergency planners suggested that the tide tables printed in the almanac were out of date. Residents of the lower town warned that sandbags had been stacked on the same doorsteps three times according to minutes seen by this newspaper.';

function article(dir: string, title: string, subtitle: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'article.md'),
    `---\ntitle: "${title}"\nsubtitle: "${subtitle}"\nauthors: ${JSON.stringify(AUTHORS)}\ndate: 2024-03-11\nlanguage: en\n---\n\nThe harbour master reads the tide gauge every morning. This winter the water twice came over the wall.\n\nThe council meets in March to choose between two plans.\n`,
  );
}

/** The lines of `pdf`'s page `page` (laid out) from the one starting with `from` to the one after which `to` starts. */
function linesOf(pdf: string, page: number, from: RegExp, to: RegExp): string[] {
  const lines = spawnSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), pdf, '-'], { encoding: 'utf8' }).stdout.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => from.test(line));
  const end = lines.findIndex((line, index) => index > start && to.test(line));
  return lines.slice(start, end);
}

describe('Words.name', () => {
  it('keeps each hyphenated word of a name in a span.nobreak, and escapes the rest', async () => {
    const words = wordsFor('en');
    expect(words.name('Bartholomew Fitzgerald-Montgomery')).toBe('Bartholomew <span class="nobreak">Fitzgerald-Montgomery</span>');
    expect(words.name('Jean-Baptiste Lefèvre-Duplessis')).toBe('<span class="nobreak">Jean-Baptiste</span> <span class="nobreak">Lefèvre-Duplessis</span>');
    expect(words.name("Seán O'Brien-Smith & Co")).toBe('Seán O&#39;<span class="nobreak">Brien-Smith</span> &amp; Co');
    expect(words.name('Li Wei')).toBe('Li Wei');
  });
});

describe('double-barrelled names in print, on the cover and in the e-book', () => {
  const work = tempDir('galley-byline-names-');
  const out = tempDir('galley-byline-names-out-');
  const built = new Map<string, { status: number | null; stderr: string }>();

  beforeAll(() => {
    article(path.join(work, 'harbour'), HEADLINE, DEK);
    article(path.join(work, 'ferry'), 'The ferry that stopped running', 'Sandbags were stacked on the same doorsteps three times.');
    writeFileSync(path.join(work, 'collection.yaml'), 'title: "The Storm Issue"\ndate: 2024-03-17\nlanguage: en\narticles:\n  - harbour\n  - ferry\n');
    for (const size of ['letter', 'a4', '6x9']) {
      built.set(size, runCli(['pdf', path.join(work, 'harbour'), '--out', path.join(out, size), '--page-size', size], { GALLEY_CACHE_DIR: tempDir() }));
      built.set(`collection-${size}`, runCli(['pdf', work, '--out', path.join(out, `collection-${size}`), '--page-size', size], { GALLEY_CACHE_DIR: tempDir() }));
    }
    built.set('epub', runCli(['epub', path.join(work, 'harbour'), '--out', path.join(out, 'epub')], { GALLEY_CACHE_DIR: tempDir() }));
  }, 400_000);

  it.each(['letter', 'a4', '6x9'])('breaks no name at its hyphen in the title block at %s', (size) => {
    const { status, stderr } = built.get(size)!;
    expect(status, stderr).toBe(0);
    const byline = linesOf(path.join(out, size, 'harbour.pdf'), 1, /^By /, /^March 11, 2024/);
    expect(byline.length).toBeGreaterThan(1);
    expect(byline.filter((line) => BROKEN.test(line))).toEqual([]);
    // The ordinary hyphen, as written.
    for (const name of AUTHORS) expect(byline.join(' ')).toContain(name);
  });

  it.each(['letter', 'a4', '6x9'])("breaks no name at its hyphen in a collection's contents at %s", (size) => {
    const { status, stderr } = built.get(`collection-${size}`)!;
    expect(status, stderr).toBe(0);
    const pdf = path.join(out, `collection-${size}`, `${path.basename(work)}.pdf`);
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout)![1]);
    const page = [...Array(pages).keys()].map((n) => n + 1).find((n) => linesOf(pdf, n, /^Contents$/, /$^/).length > 0)!;
    const contents = linesOf(pdf, page, /^Contents$/, /^page \d/);
    expect(contents.filter((line) => line.startsWith('By ')).length).toBe(2);
    expect(contents.filter((line) => BROKEN.test(line))).toEqual([]);
  });

  it('breaks no name at its hyphen on the cover', async () => {
    const { document } = await loadManuscript(path.join(work, 'harbour'));
    const input = coverInputOf(document);
    const { tree, fonts } = await coverTree(coverMarkup(input), undefined, input.language);
    const { default: satori } = await loadSatori();
    const svg = await satori(tree as Parameters<typeof satori>[0], { width: COVER_WIDTH, height: COVER_HEIGHT, fonts, embedFont: false });
    // satori writes a run of text per piece between break points (a hyphen is one of its own), each at its line's baseline.
    const runs = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => ({ y: Number(/(?:^|\s)y="(-?[\d.]+)"/.exec(attributes!)![1]), text: decodeReferences(text!) }));
    const lines: string[] = [];
    runs.forEach((run, index) => {
      if (index > 0 && run.y === runs[index - 1]!.y) lines[lines.length - 1] += run.text;
      else lines.push(run.text);
    });
    expect(lines.filter((line, index) => index < lines.length - 1 && BROKEN.test(line.trimEnd()))).toEqual([]);
    expect(lines.join('')).toContain('Fitzgerald-\u200dMontgomery');
  });

  it("names the authors as written in the e-book's metadata, and keeps them whole on its title page", async () => {
    const { status, stderr } = built.get('epub')!;
    expect(status, stderr).toBe(0);
    const zip = await openEpub(path.join(out, 'epub', 'harbour.epub'));
    const opf = await entryText(zip, 'OEBPS/content.opf');
    const creators = [...opf.matchAll(/<dc:creator[^>]*>([^<]*)<\/dc:creator>/g)].map((match) => match[1]);
    expect(creators).toEqual(AUTHORS);
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).toContain('<span class="nobreak">Fitzgerald-Montgomery</span>');
  });
});
