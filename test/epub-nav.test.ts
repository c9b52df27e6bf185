/**
 * The e-book's contents (nav#toc) nest an article's subsections (###) under
 * its sections (##), as the PDF's outline does. A fixture with both goes
 * through the reader and the EPUB writer in-process; the package is unzipped,
 * its navigation parsed, and EPUBCheck reads the whole book.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import { describe, expect, it } from 'vitest';
import { buildEpub } from '../src/epub/index.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { entryText, epubcheck, normalize, openEpub, parseHtml, repoRoot, seedManuscript, tempDir } from './helpers.js';

describe('the e-book\'s contents of an article with sections and subsections', () => {
  it('lists each ### under the ## before it, linked to its heading, and passes EPUBCheck', async () => {
    const { document } = await loadManuscript(path.join(repoRoot, 'test', 'fixtures', 'good', 'unseen-german'));
    // The cover is drawn elsewhere; any PNG stands for it here.
    const cover = Promise.resolve(readFileSync(path.join(seedManuscript, 'images', 'nato-ministers.png')));
    const file = path.join(tempDir('galley-epub-nav-'), 'book.epub');
    writeFileSync(file, (await buildEpub(document, { cover })).buffer);
    const zip = await openEpub(file);
    const nav = parseHtml(await entryText(zip, 'OEBPS/toc.xhtml'));
    const article = selectAll('nav#toc > ol > li', nav).find((li) => normalize(toString(selectAll('a', li)[0]!)) === normalize(document.metadata.title))!;
    expect(article).toBeDefined();
    const sections = selectAll(':scope > ol > li', article);
    expect(sections.map((li) => normalize(toString(selectAll('a', li)[0]!)))).toEqual(['Grundstücksverkehrsgenehmigungszuständigkeitsübertragungsverordnung', 'Nachwuchsförderungsmaßnahmen']);
    const subsections = selectAll(':scope > ol > li > a', sections[1]!);
    expect(subsections.map((a) => normalize(toString(a)))).toEqual(['Was die Reederei verspricht']);
    // The link finds its heading, an h3, in the article's page.
    const [page, id] = String(subsections[0]!.properties.href).split('#') as [string, string];
    const target = selectAll(`#${id}`, parseHtml(await entryText(zip, `OEBPS/${page}`)));
    expect(target.map((node) => node.tagName)).toEqual(['h3']);
    const result = epubcheck(file);
    expect([result.fatals, result.errors, result.warnings], result.output).toEqual([0, 0, 0]);
  }, 180_000);
});
