/**
 * Page-break markers land wherever a printed page begins: inside a footnote,
 * a table cell or a figure caption too. The e-book must stay valid.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEpub } from '../src/epub/index.js';
import { insertPageBreaks } from '../src/epub/page-breaks.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { findBrowser } from '../src/pdf/browser.js';
import { ace, entryText, epubcheck, openEpub, repoRoot, tempDir } from './helpers.js';

const page = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>${body}</body></html>`;

describe('insertPageBreaks', () => {
  it('names each page as its folio prints it, in the article\'s digits', () => {
    const files = [{ filename: 'a.xhtml', xhtml: page('<p>The first paragraph of the article.</p><p>The second paragraph, on the second page.</p>') }];
    const pages = [{ page: 1, text: 'The first paragraph of the article.' }, { page: 2, text: 'The second paragraph, on the second page.' }];
    const result = insertPageBreaks(files, { identifier: 'urn:uuid:x', pageSize: 'letter', pages }, undefined, (n) => String(n).replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!));
    expect(result.pageList.map((entry) => entry.label)).toEqual(['۱', '۲']);
    expect(result.files[0]!.xhtml).toContain('id="page-2" aria-label="۲"');
  });

  it('marks the word a page begins with, in order, across files', () => {
    const files = [
      { filename: 'a.xhtml', xhtml: page('<h1>The headline</h1>') },
      { filename: 'b.xhtml', xhtml: page('<p>First para with “quotes”.</p><p>Second para, with head<em>quarters</em> in it.</p>') },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'The headline First para with "quotes".' },
        // The PDF page begins after a line-end hyphen: "quarters in it."
        { page: 2, text: 'quarters in it.' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    expect(result.pageList).toEqual([
      { page: 1, href: 'a.xhtml#page-1', label: '1' },
      { page: 2, href: 'b.xhtml#page-2', label: '2' },
    ]);
    expect(result.files[0]!.xhtml).toContain('<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1" /><h1>The headline</h1>');
    // A word split across elements (head<em>quarters</em>): the marker stands where the page begins.
    expect(result.files[1]!.xhtml).toContain('head<em><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" />quarters</em>');
  });

  it('finds a page that opens with characters no face draws by the text around them, and leaves out one that holds nothing else', () => {
    // A script without a face prints as boxes, and the PDF's text of a box stands for a whole cluster: the print
    // read ਅੰਮ੍ਰਿਤਸਰ back as "ਅੰਮ੍ਰਿਸਰ" (and Tibetan as NULs), so the page was not found and the build refused.
    const punjabi = 'ਅੰਮ੍ਰਿਤਸਰ ਵਿੱਚ ਨਵਾਂ ਪੁਸਤਕ ਮੇਲਾ ਸ਼ੁਰੂ ਇੱਕ ਕਾਲਪਨਿਕ ਖ਼ਬਰ: ਇੱਕ ਕਾਲਪਨਿਕ ਮੇਲੇ ਬਾਰੇ';
    const unshown = new Set([...punjabi].filter((char) => /\p{Script=Gurmukhi}/u.test(char)));
    const files = [{ filename: 'a.xhtml', xhtml: page(`<p>The fair opened on Saturday in the old town.</p><p>${punjabi}, the banner said, and the stalls filled by noon.</p><p>${punjabi}</p>`) }];
    const pagination = {
      identifier: 'urn:uuid:x',
      pageSize: 'letter' as const,
      pages: [
        { page: 1, text: 'The fair opened on Saturday in the old town.' },
        { page: 2, text: 'ਅੰਮ੍ਰਿਸਰ ਵਿੱਚ ਨਵਾਂ ਪੁਸਕ ਮੇਲਾ ਸ਼ੁਰੂ ਇੱ ਕਾਲਪਨਿ ਖ਼ਬਰ: ਇੱ ਕਾਲਪਨਿ ਮੇਲੇ ਬਾਰੇ, the banner said, and the stalls filled by noon.' },
        { page: 3, text: '\u0000\u0000\u0000 \u0000\u0000' },
      ],
    };
    // Without knowing which characters are boxes, the page of NULs is not found (page 2 may be, by the words around its boxes).
    expect(insertPageBreaks(files, pagination).unplaced).toContain(3);
    const result = insertPageBreaks(files, pagination, unshown);
    expect(result.unplaced).toEqual([]);
    expect(result.pageList.map(({ page }) => page)).toEqual([1, 2]);
    // The marker stands at the page's first word the PDF shows, in the paragraph the page opens in.
    expect(result.files[0]!.xhtml).toContain(`<p>${punjabi}, <span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" />the banner`);
  });

  it('marks a page that opens with a long table\'s header, repeated there, at the row the page goes on with', () => {
    const rows = ['Alder Point', 'Brennan Quay', 'Cold Harbour', 'Dunmore Steps', 'Eel Creek', 'Fenwick Mill'].map((name, i) => `<tr><td>${name}</td><td>${100 + i}</td></tr>`);
    const files = [{ filename: 'a.xhtml', xhtml: page(`<p>The counts at each station.</p><table><thead><tr><th>Station<sup>5</sup></th><th>Autumn count</th></tr></thead><tbody>${rows.join('')}</tbody></table>`) }];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'The counts at each station. Station5 Autumn count Alder Point 100 Brennan Quay 101 Cold Harbour 102' },
        { page: 2, text: 'Station5 Autumn count Dunmore Steps 103 Eel Creek 104 Fenwick Mill 105' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    // In the row's first cell, where going to page 2 should land, and hidden from screen readers, which read a cell whole:
    // visible, its label made the cell "2 Dunmore Steps".
    expect(result.files[0]!.xhtml).toContain('<td><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" aria-hidden="true" />Dunmore Steps</td>');
  });

  it('marks a page that goes on, after a figure print set later, with another figure before that figure, not in its caption', () => {
    const files = [
      {
        filename: 'a.xhtml',
        xhtml: page(
          '<p>The board met on Tuesday.</p><figure id="figure-1"><img src="a.png" alt="A map"/><figcaption><p>Figure 1: A map of the bay.</p></figcaption></figure>' +
            '<p>Members heard from the engineers.</p><figure id="figure-2"><img src="b.png" alt="A chart"/><figcaption><p>Figure 2: A bar chart.</p><p>Data desk</p></figcaption></figure>' +
            '<p>The ferry company spoke last.</p>',
        ),
      },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      // Print set figure 1 after the next paragraph; page 2 holds it and figure 2.
      figureMoves: [{ figureId: 'figure-1', after: 1 }],
      pages: [
        { page: 1, text: 'The board met on Tuesday. Members heard from the engineers.', end: 'Members heard from the engineers.' },
        { page: 2, text: 'Figure 1: A map of the bay. Figure 2: A bar chart. Data desk', end: 'Figure 2: A bar chart. Data desk' },
        { page: 3, text: 'The ferry company spoke last.' },
      ],
    });
    const xhtml = result.files[0]!.xhtml;
    expect(result.pageList.map((entry) => entry.page)).toEqual([1, 2, 3]);
    // A screen reader read the marker's label into the caption ("2 Figure 2: …"), between the picture and its words.
    expect(xhtml).toMatch(/<span [^>]*id="page-2"[^>]*\/><figure id="figure-2">/);
    expect(xhtml).not.toMatch(/<figcaption>(?:(?!<\/figcaption>)[^])*id="page-2"/);
  });

  it('reads a run of figures the print set later as one (a map, then a chart) after the text they passed, in their order', () => {
    const files = [
      {
        filename: 'a.xhtml',
        xhtml: page(
          '<p>The board met on Tuesday.</p><figure id="figure-1"><img src="a.png" alt="A map"/><figcaption><p>Figure 1: A map of the bay.</p></figcaption></figure>' +
            '<figure id="figure-2"><img src="b.png" alt="A chart"/><figcaption><p>Figure 2: A bar chart of the tides.</p></figcaption></figure>' +
            '<p>Members heard from the engineers.</p><p>The mayor answered questions.</p><p>The ferry company spoke last.</p>',
        ),
      },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      // Print set both figures after the next two paragraphs (src/pdf/figures.ts, runShifts): figure 1 past figure 2 and them.
      figureMoves: [
        { figureId: 'figure-1', after: 3 },
        { figureId: 'figure-2', after: 2 },
      ],
      pages: [
        { page: 1, text: 'The board met on Tuesday. Members heard from the engineers. The mayor answered questions.', end: 'The mayor answered questions.' },
        { page: 2, text: 'Figure 1: A map of the bay. Figure 2: A bar chart of the tides.', end: 'Figure 2: A bar chart of the tides.' },
        { page: 3, text: 'The ferry company spoke last.' },
      ],
    });
    const xhtml = result.files[0]!.xhtml;
    expect(result.unplaced).toEqual([]);
    expect(result.pageList.map((entry) => entry.page)).toEqual([1, 2, 3]);
    // The page goes on with the run's second figure, marked before it, as for any two figures print set later.
    expect(xhtml).toMatch(/<span [^>]*id="page-2"[^>]*\/><figure id="figure-2">/);
    expect(xhtml).toMatch(/<p><span [^>]*id="page-3"[^>]*\/>The ferry company/);
  });

  it('hides from screen readers a marker in a defined term, which a screen reader names by its words', () => {
    const files = [{ filename: 'a.xhtml', xhtml: page('<dl><dt>Anchor ice</dt><dd>Ice that forms on the bed of a river or the sea.</dd><dt>Frazil</dt><dd>Loose needles of ice in water too rough to freeze over.</dd></dl>') }];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'Anchor ice Ice that forms on the bed of a river or the sea.' },
        { page: 2, text: 'Frazil Loose needles of ice in water too rough to freeze over.' },
      ],
    });
    // Chromium named the term "2 Frazil".
    expect(result.files[0]!.xhtml).toContain('<dt><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" aria-hidden="true" />Frazil</dt>');
  });

  it('hides from screen readers a marker inside the words of a caption (a page that begins there)', () => {
    const files = [{ filename: 'a.xhtml', xhtml: page('<p>The board met on Tuesday.</p><figure id="figure-1"><img src="a.png" alt="A map"/><figcaption><p>Figure 1: A map of the bay as the harbour board drew it for the meeting in the spring.</p></figcaption></figure>') }];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'The board met on Tuesday. Figure 1: A map of the bay as the harbour' },
        { page: 2, text: 'board drew it for the meeting in the spring.' },
      ],
    });
    expect(result.files[0]!.xhtml).toContain('harbour <span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" aria-hidden="true" />board drew');
  });

  it('marks a page without text that opens the print edition (a cover) at the start of the e-book\'s first page', () => {
    const files = [
      { filename: 'cover.xhtml', xhtml: page('<section class="cover"><img src="cover.png" alt="Cover" /></section>') },
      { filename: 'title.xhtml', xhtml: page('<h1>The title</h1>') },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: '' },
        { page: 2, text: 'The title' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    expect(result.pageList).toEqual([
      { page: 1, href: 'cover.xhtml#page-1', label: '1' },
      { page: 2, href: 'title.xhtml#page-2', label: '2' },
    ]);
    expect(result.files[0]!.xhtml).toContain('<section class="cover"><span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1" /><img');
  });

  it('still reports a page without text after the first page with text', () => {
    const result = insertPageBreaks([{ filename: 'a.xhtml', xhtml: page('<p>Only this.</p>') }], {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [{ page: 1, text: 'Only this.' }, { page: 2, text: '' }],
    });
    expect(result.unplaced).toEqual([2]);
  });

  it('marks a page that opens with the credits\' last part before it, not in the colophon that follows (whose heading print does not set)', () => {
    const files = [
      { filename: 'article.xhtml', xhtml: page('<h1>Die Fähre</h1><p>Der Hafen am Morgen.</p>') },
      {
        filename: 'credits.xhtml',
        xhtml: page('<section><h2>Quellen und Nachweise</h2><h3>Agenturmaterial</h3><p>Von einer Agentur.</p><h3>Rechte</h3><p class="rights">© 2024 Beispielverlag</p></section>'),
      },
      {
        filename: 'colophon.xhtml',
        xhtml: page('<section><h2 id="colophon-heading">Impressum</h2><p>Gesetzt in der Literata. Copyright 2017 The Literata Project Authors.</p></section>'),
      },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'Die Fähre Der Hafen am Morgen.' },
        { page: 2, text: 'Quellen und Nachweise Agenturmaterial Von einer Agentur.' },
        // The print's colophon has no heading: the page runs on from "Rechte" into its text.
        { page: 3, text: 'RECHTE © 2024 Beispielverlag Gesetzt in der Literata. Copyright 2017 The Literata Project Authors.' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    expect(result.pageList).toEqual([
      { page: 1, href: 'article.xhtml#page-1', label: '1' },
      { page: 2, href: 'credits.xhtml#page-2', label: '2' },
      { page: 3, href: 'credits.xhtml#page-3', label: '3' },
    ]);
    expect(result.files[1]!.xhtml).toContain('<span epub:type="pagebreak" role="doc-pagebreak" id="page-3" aria-label="3" /><h3>Rechte</h3>');
    expect(result.files[2]!.xhtml).not.toContain('pagebreak');
  });

  it('marks a page where the page before ends when it opens with those letters, though its words a few in stand later too', () => {
    // A right-to-left colophon line with Latin words is read back in the
    // order it is drawn: "Literata. Copyright … Set in" for "Set in Literata. Copyright …".
    const files = [
      { filename: 'article.xhtml', xhtml: page('<h1>The ferry</h1><p>The harbour at dawn.</p>') },
      {
        filename: 'credits.xhtml',
        xhtml: page('<section><h2>Sources and credits</h2><h3>Cited sources</h3><ul><li><cite>The harbour office</cite></li></ul><h3>Rights</h3><p class="rights">© 2024 Example Press</p></section>'),
      },
      {
        filename: 'colophon.xhtml',
        xhtml: page('<section><h2>Colophon</h2><p>Set in Literata. Copyright 2017 The Literata Project Authors.</p></section>'),
      },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: 'The ferry The harbour at dawn.', end: 'The ferry The harbour at dawn.' },
        { page: 2, text: 'Sources and credits Cited sources The harbour office', end: 'Sources and credits Cited sources The harbour office' },
        { page: 3, text: 'Rights © 2024 Example Press Literata. Copyright 2017 The Literata Project Authors. Set in' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    expect(result.pageList.map((entry) => entry.href)).toEqual(['article.xhtml#page-1', 'credits.xhtml#page-2', 'credits.xhtml#page-3']);
    expect(result.files[1]!.xhtml).toContain('<span epub:type="pagebreak" role="doc-pagebreak" id="page-3" aria-label="3" /><h3>Rights</h3>');
    expect(result.files[2]!.xhtml).not.toContain('pagebreak');
  });

  it('marks a page of an article that repeats its phrases where the page before ends, told apart by the note numbers', () => {
    const phrase = 'The town’s story is told here as an example. The claim about a ledger rests on a single source, which this invented history cites as it would a real one';
    const files = [{ filename: 'a.xhtml', xhtml: page(`<p>Alpha. ${phrase}.<sup>1</sup> ${phrase}.<sup>2</sup> Omega.</p>`) }];
    const page1 = `Alpha. ${phrase}. 1 The town’s story is told here as an example. The claim about a ledger`;
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [
        { page: 1, text: page1, end: page1 },
        { page: 2, text: 'rests on a single source, which this invented history cites as it would a real one. 2 Omega.' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    expect(result.files[0]!.xhtml).toContain('<sup>1</sup> The town’s story is told here as an example. The claim about a ledger <span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" />rests on');
  });

  it('reports a page whose text the e-book does not have', () => {
    const result = insertPageBreaks([{ filename: 'a.xhtml', xhtml: page('<p>Only this.</p>') }], {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      pages: [{ page: 1, text: 'Only this.' }, { page: 2, text: 'Something printed only on paper, nowhere else.' }],
    });
    expect(result.unplaced).toEqual([2]);
    expect(result.pageList.map((entry) => entry.page)).toEqual([1]);
  });
});

describe('markers inside footnotes, tables and before figures', () => {
  it('keep the e-book valid for EPUBCheck and Ace', async () => {
    const { document } = await loadManuscript(path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-and-tables'));
    const out = path.join(tempDir(), 'notes.epub');
    const result = await renderEpub(document, {
      outFile: out,
      print: {
        figurePages: new Map(),
        figureMoves: [],
        identifier: 'urn:uuid:00000000-0000-8000-8000-000000000000',
        pageSize: 'letter',
        pageStarts: [
          { page: 1, text: 'Notes, tables and sections A manuscript' },
          { page: 2, text: 'A caption with emphasis. Pat Photographer' },
          { page: 3, text: 'Two 2 Another section A second note.' },
          { page: 4, text: 'The first note. The second note, with a link' },
        ],
      },
    });
    expect(result.pages).toBe(4);
    const zip = await openEpub(out);
    const article = await entryText(zip, 'OEBPS/article.xhtml');
    // A page that opens with a figure: the marker stands before the figure, not in its caption.
    expect(article).toMatch(/<span epub:type="pagebreak"[^>]*id="page-2"[^>]*\/><figure class="figure" id="figure-1">/);
    expect(article).not.toMatch(/<figcaption>[^]*id="page-2"[^]*<\/figcaption>/);
    expect(article).toMatch(/<td[^>]*><span epub:type="pagebreak"[^>]*id="page-3"[^>]*aria-hidden="true"[^>]*\/>Two<\/td>/);
    expect(article).toMatch(/<li id="user-content-fn-1"[^>]*>\s*<p><a [^>]*role="doc-backlink"[^>]*>[^<]*<\/a> <span epub:type="pagebreak"[^>]*id="page-4"/);
    const check = epubcheck(out);
    expect({ errors: check.errors, warnings: check.warnings }, check.output).toEqual({ errors: 0, warnings: 0 });
    expect(ace(out, findBrowser().path)).toEqual([]);
  });
});

describe('wordsSplitAcrossPages', () => {
  it('finds a word hyphenated at the foot of a page, ignoring soft hyphens Chromium left unused', async () => {
    const { wordsSplitAcrossPages } = await import('../src/pdf/page-starts.js');
    const pages = [
      { page: 1, text: 'Opening', end: 'the in\u00ADtel\u00ADli-' },
      { page: 2, text: 'gence agen\u00ADcies said', end: 'a military-to-' },
      { page: 3, text: 'military channel.', end: 'The end.' },
    ];
    expect(wordsSplitAcrossPages(pages)).toEqual(['intelligence', 'tomilitary']);
  });
});

describe('hyphenLadders', () => {
  const page = (number: number, lines: string[]) => ({ page: number, text: '', end: '', lines });
  const words = new Set(['spoken', 'occasions', 'country', 'repairing', 'tomilitary', 'positively', 'military']);
  const isWord = (word: string) => words.has(word) && word !== 'tomilitary';

  it('names the word that makes a third hyphenated line in a row, and the sixth', async () => {
    const { hyphenLadders } = await import('../src/pdf/ladders.js');
    const lines = ['hopes for re-', 'pairing ties. Trump has spo-', 'ken posi\u00ADtively on a number of oc-', 'casions, unlike the coun-', 'try after it.'];
    expect(hyphenLadders([page(1, lines)], isWord)).toEqual(['occasions']);
    expect(hyphenLadders([page(1, lines)], isWord, 3)).toEqual(['country']);
    expect(hyphenLadders([page(1, lines.slice(0, 3))], isWord)).toEqual([]);
  });

  it('counts runs across pages, and compounds without setting them whole', async () => {
    const { hyphenLadders } = await import('../src/pdf/ladders.js');
    const pages = [page(1, ['the re-', 'pairing of the military-to-']), page(2, ['military line was spo-', 'ken of.'])];
    // military-to-military counts in the run but cannot be set whole: the next word is.
    expect(hyphenLadders(pages, isWord)).toEqual(['spoken']);
  });

  it('starts again after a line without a hyphen', async () => {
    const { hyphenLadders } = await import('../src/pdf/ladders.js');
    expect(hyphenLadders([page(1, ['a re-', 'pairing spo-', 'ken line.', 'oc-', 'casions'])], isWord)).toEqual([]);
  });
});

describe('pages that open with print-only numbers', () => {
  const files = () => [
    {
      filename: 'a.xhtml',
      xhtml: page(
        '<p>The authority listed its reasons.</p><ol><li>Ships wait outside the breakwater in 2023</li><li>The insurers who cover the cranes will raise premiums.</li></ol>' +
          '<section class="footnotes"><h2 class="sr-only">Footnotes</h2><ol><li><p>The critics replied in an open letter.</p></li></ol></section>',
      ),
    },
  ];

  it('marks a page that opens with a list item or a note at its first word, not at the number Chromium draws', () => {
    const result = insertPageBreaks(files(), {
      identifier: 'urn:uuid:x',
      pageSize: 'a4',
      pages: [
        { page: 1, text: 'The authority listed its reasons. 1. Ships wait outside the breakwater in 2023' },
        { page: 2, text: '3. The insurers who cover the cranes will raise premiums.' },
        { page: 3, text: 'Footnotes 1. The critics replied in an open letter.' },
      ],
    });
    expect(result.unplaced).toEqual([]);
    const xhtml = result.files[0]!.xhtml;
    // Not before the "3" ending "2023": the marker stands before "The insurers".
    expect(xhtml).toContain('in 2023</li><li><span epub:type="pagebreak" role="doc-pagebreak" id="page-2" aria-label="2" />The insurers');
    expect(xhtml).toContain('<p><span epub:type="pagebreak" role="doc-pagebreak" id="page-3" aria-label="3" />The critics');
  });

  it('makes a page the e-book lacks a build error, naming the page and its words', async () => {
    const { buildEpub, PageListError } = await import('../src/epub/index.js');
    const { document } = await loadManuscript(path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-and-tables'));
    const building = buildEpub(document, {
      print: {
        figurePages: new Map(),
        figureMoves: [],
        identifier: 'urn:uuid:00000000-0000-8000-8000-000000000000',
        pageSize: 'letter',
        pageStarts: [
          { page: 1, text: 'Notes, tables and sections A manuscript' },
          { page: 2, text: 'Words printed only on paper and nowhere in the e-book at all.' },
        ],
      },
    });
    await expect(building).rejects.toThrow(PageListError);
    await expect(building).rejects.toThrow(/print page 2 \(opening "Words printed only on paper/);
  });
});

describe('a figure the print edition set after the next list items', () => {
  it('is marked in its own item when a printed page holds nothing but it', () => {
    const files = [
      {
        filename: 'a.xhtml',
        xhtml: page(
          '<ol><li><p>Friday night</p><ul><li>Unplug the monitors.</li></ul><figure id="figure-1"><p>Stand-in picture</p><figcaption>The crates at eleven, stacked by floor.</figcaption></figure></li>' +
            '<li><p>Saturday: carry everything down the stairs.</p></li><li><p>Sunday: plug it all back in.</p></li></ol><p>That was it.</p>',
        ),
      },
    ];
    const result = insertPageBreaks(files, {
      identifier: 'urn:uuid:x',
      pageSize: 'letter',
      // The print set the figure after "Saturday" (src/pdf/figures.ts, blocksAfter), on a page of its own.
      figureMoves: [{ figureId: 'figure-1', after: 1 }],
      pages: [
        { page: 1, text: 'Friday night Unplug the monitors.', end: 'Saturday: carry everything down the stairs.' },
        { page: 2, text: 'Stand-in picture The crates at eleven, stacked by floor.', end: 'The crates at eleven, stacked by floor.' },
        { page: 3, text: 'Sunday: plug it all back in.' },
      ],
    });
    const xhtml = result.files[0]!.xhtml;
    expect(result.pageList.map((entry) => entry.page)).toEqual([1, 2, 3]);
    // Before the figure, where it stands in item 8: not among the list's items.
    expect(xhtml).toMatch(/<\/ul><span [^>]*id="page-2"[^>]*\/><figure id="figure-1">/);
    expect(xhtml).toMatch(/<li><p><span [^>]*id="page-3"[^>]*\/>Sunday/);
  });
});
