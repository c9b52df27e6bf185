/**
 * Columns of figures set as a typesetter sets them, in both editions: a
 * column whose cells hold counts, amounts, shares or scores (or a dash for
 * "no data") the author did not align is set flush right, its header too,
 * with tabular figures; columns of words stay flush left; the author's own
 * alignment wins. A note called after a figure hangs past its column, the
 * figure's units under the others'; a figure with fewer decimals than the
 * others is given the zeros it lacks, hidden, so that the decimal points
 * stand in line. The same holds for a table in a list item or a quote, a
 * table of one column, of one row, and one of a header only, and through
 * calibre's AZW3. One build at letter.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { epubcheck, openEpub, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfLines, useBrowserAndTempDir } from './pdf-helpers.js';

const ARTICLE = `---
title: "The invented league"
date: 2025-03-01
language: en
---

These figures are invented, as are the clubs.

**Table 1. The invented league after twelve rounds.**

| Club | Played | Points | Share | Score | Wages | Note |
|---|---|---|---|---|---|---|
| Northport | 11 | 28 | +12.5% | 3–1 | $1,204,500 | top |
| Redcliffe | 98 | 9 | −3.0% | 10–0 | $98,000 | relegated[^a] |
| Eastham | 40 | 104 | 0.0% | 0–0 | — | new |

After the table, the season goes on.

- A list item holding a table:

  | Town | Bridges |
  |---|---|
  | Varro | 7 |
  | Kell | 1,115 |

> A quote holding a table:
>
> | Port | Crossings |
> |---|---|
> | Ostby | 3 |
> | Marrow | 2,222 |

| Count |
|---|
| 5 |
| 125 |

| Village | Wells | Yield |
|---|---|---|
| Sorrel | 66 | 3.5% |

| Hamlet | Mills |
|---|---|

Householders were asked how many trees stood before their doors and how many of them had been cut back since the spring; a month later they were asked again, and fewer of them remembered.

| Question | Now | Later |
|---|---|---|
| Asked | 12 | 30 |
| Answered at the door in the first week of the count, in every one of the town's districts | 4 | 3[^b] |

| Left | Centre | Right |
|:--|:-:|--:|
| 1 | 2 | 3 |
| 100 | 200 | 300 |

| Gauge | Reading |
|---|---|
| North | 7.25 |
| South | 6.5 |
| East | 10 |
| West | 6[^c] |

[^a]: Invented, like the rest.
[^b]: Three answered a month later.
[^c]: Read once.
`;

interface PrintedWord { page: number; top: number; left: number; right: number; text: string }

/**
 * The printed row whose first word is `first`: the words on its page that stand on its line, left to right.
 * (poppler puts a table's cells in lines of their own: a row is read by where its words stand.)
 */
function row(words: PrintedWord[], first: string): string[] & { edges: Array<{ left: number; right: number }> } {
  const start = words.find((word) => word.text === first && !words.some((other) => other.page === word.page && Math.abs(other.top - word.top) < 1 && other.right <= word.left));
  if (!start) throw new Error(`no printed row starts with ${first}`);
  const on = words.filter((word) => word.page === start.page && Math.abs(word.top - start.top) < 1).sort((a, b) => a.left - b.left);
  return Object.assign(on.map((word) => word.text), { edges: on.map(({ left, right }) => ({ left, right })) });
}

/** How far apart, in points, the right (or left) edges of the words at `index` of these rows stand. */
function spread(rows: Array<ReturnType<typeof row>>, index: number, side: 'left' | 'right'): number {
  const edges = rows.map((words) => words.edges[index]![side]);
  return Math.max(...edges) - Math.min(...edges);
}

describe('columns of figures', () => {
  const context = useBrowserAndTempDir('galley-table-figures-ebook-');
  const root = tempDir('galley-table-figures-');
  const out = path.join(root, 'out');
  const epub = path.join(out, 'league.epub');
  let built: SpawnSyncReturns<string>;
  let lines: PrintedWord[];

  beforeAll(() => {
    const dir = path.join(root, 'in', 'league');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), ARTICLE);
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) lines = pdfLines(path.join(out, 'league.pdf')).flatMap((page, index) => page.lines.flatMap((line) => line.words.map((word) => ({ ...word, page: index, top: line.top }))));
  }, 240_000);

  it('builds, and the e-book passes EPUBCheck', () => {
    expect(built.status, built.stderr).toBe(0);
    const check = epubcheck(epub);
    expect(check.fatals + check.errors + check.warnings, check.output).toBe(0);
  });

  it('prints each column of figures flush right under a header flush right, and the words flush left', () => {
    const rows = ['Club', 'Northport', 'Redcliffe', 'Eastham'].map((first) => row(lines, first));
    expect(rows[0]!.slice(0, 7)).toEqual(['Club', 'Played', 'Points', 'Share', 'Score', 'Wages', 'Note']);
    // Played, Points, Share, Score, Wages: "11" over "98", "9" under "28", "—" under "$98,000".
    for (const index of [1, 2, 3, 4, 5]) expect(spread(rows, index, 'right'), rows[0]![index]).toBeLessThan(0.5);
    for (const index of [0, 6]) expect(spread(rows, index, 'left'), rows[0]![index]).toBeLessThan(0.5);
  });

  it('does the same in a list item, a quote, a table of one column, of one row; a header alone stays as it is', () => {
    for (const table of [['Town', 'Varro', 'Kell'], ['Port', 'Ostby', 'Marrow'], ['Village', 'Sorrel']]) {
      const rows = table.map((first) => row(lines, first));
      expect(spread(rows, 1, 'right'), table[0]).toBeLessThan(0.5);
      expect(spread(rows, 0, 'left'), table[0]).toBeLessThan(0.5);
    }
    const count = ['Count', '5', '125'].map((first) => row(lines, first));
    expect(spread(count, 0, 'right')).toBeLessThan(0.5);
    expect([...row(lines, 'Hamlet')]).toEqual(['Hamlet', 'Mills']);
  });

  it("hangs a note's number past a column of figures, the last one too, the figure's units under the others'", () => {
    const [header, asked, answered] = ['Question', 'Asked', 'Answered'].map((first) => row(lines, first)) as [ReturnType<typeof row>, ReturnType<typeof row>, ReturnType<typeof row>];
    // The long question fills the measure; its row's last words are its figures and the note's number.
    expect(answered.slice(-3)).toEqual(['4', '3', '2']);
    const [figure, call] = answered.edges.slice(-2) as [{ left: number; right: number }, { left: number; right: number }];
    const rights = [header.edges[2]!.right, asked.edges[2]!.right, figure.right];
    expect(Math.max(...rights) - Math.min(...rights)).toBeLessThan(0.5);
    // The number stands after the figure, apart from it, and within the page's measure (the body's justified lines).
    expect(call.left - figure.right).toBeGreaterThan(1);
    const measure = Math.max(...row(lines, 'Householders').edges.map((edge) => edge.right));
    expect(call.right - measure).toBeLessThan(0.5);
  });

  it('sets the decimal points of a column in line, the zeros a figure lacks hidden', () => {
    const [north, south, east] = ['North', 'South', 'East'].map((first) => row(lines, first)) as Array<ReturnType<typeof row>>;
    expect([north![1], south![1], east![1]]).toEqual(['7.25', '6.5', '10']);
    const digit = (east!.edges[1]!.right - east!.edges[1]!.left) / 2;
    // "7" over "6", "10" a digit to their left; the hidden zeros print nothing.
    expect(Math.abs(north!.edges[1]!.left - south!.edges[1]!.left)).toBeLessThan(0.3);
    expect(Math.abs(north!.edges[1]!.left - digit - east!.edges[1]!.left)).toBeLessThan(0.3);
    expect(north!.edges[1]!.right - south!.edges[1]!.right).toBeGreaterThan(digit - 0.3);
  });

  it("sets a figure with a note's number on the decimal point too, the number right after the figure", () => {
    // "6[^c]" under "6.5" was read as "6 3", no figure: the column lost its hidden zeros and "10" and "6" stood flush right; the number then stood past the hidden zeros, a gap from its figure.
    const [north, east, west] = ['North', 'East', 'West'].map((first) => row(lines, first)) as Array<ReturnType<typeof row>>;
    expect([...west!]).toEqual(['West', '6', '3']);
    const digit = (east!.edges[1]!.right - east!.edges[1]!.left) / 2;
    expect(Math.abs(north!.edges[1]!.left - west!.edges[1]!.left)).toBeLessThan(0.3);
    expect(west!.edges[2]!.left - west!.edges[1]!.right).toBeLessThan(digit);
  });

  it("keeps the author's alignment: figures flush left, centred, flush right as the author aligned them", () => {
    const rows = ['Left', '1', '100'].map((first) => row(lines, first));
    expect(spread(rows, 0, 'left')).toBeLessThan(0.5);
    expect(spread(rows, 2, 'right')).toBeLessThan(0.5);
    const centres = rows.map((words) => (words.edges[1]!.left + words.edges[1]!.right) / 2);
    expect(Math.max(...centres) - Math.min(...centres)).toBeLessThan(0.5);
    expect(spread(rows, 1, 'right')).toBeGreaterThan(2);
  });

  it('sets them so in the e-book on a 360 px screen, each digit as wide as any other', async () => {
    const dir = path.join(context.dir, 'book');
    await unzipTo(await openEpub(epub), dir);
    const page = await context.browser.newPage();
    try {
      await page.setViewport({ width: 360, height: 640 });
      await page.goto(pathToFileURL(path.join(dir, 'OEBPS', 'article.xhtml')).href);
      await page.evaluate(() => document.fonts.ready);
      const tables = await page.evaluate(() => {
        // Each cell's text, a note's number that hangs and hidden zeros left out: where it starts and ends, and how wide it is.
        const box = (cell: Element) => {
          const rects = [...cell.querySelectorAll('*'), cell].flatMap((node) => [...node.childNodes].filter((child) => child.nodeType === Node.TEXT_NODE && !child.parentElement!.closest('.note-hang, .figure-pad')))
            .flatMap((text) => {
              const range = document.createRange();
              range.selectNodeContents(text);
              return [...range.getClientRects()].filter((rect) => rect.width > 0);
            });
          const left = Math.min(...rects.map((rect) => rect.left));
          const right = Math.max(...rects.map((rect) => rect.right));
          return { text: cell.textContent!.trim(), left, right, width: right - left };
        };
        return [...document.querySelectorAll('table')].map((table) => [...table.rows].map((tr) => [...tr.cells].map(box)));
      });
      const spreadOf = (cells: Array<{ left: number; right: number }>, side: 'left' | 'right') => Math.max(...cells.map((cell) => cell[side])) - Math.min(...cells.map((cell) => cell[side]));
      const column = (table: number, index: number) => tables[table]!.map((cells) => cells[index]!);
      const league = tables[0]!;
      expect(league[0]!.map((cell) => cell.text)).toEqual(['Club', 'Played', 'Points', 'Share', 'Score', 'Wages', 'Note']);
      for (const index of [1, 2, 3, 4, 5]) expect(spreadOf(column(0, index), 'right'), league[0]![index]!.text).toBeLessThan(0.5);
      for (const index of [0, 6]) expect(spreadOf(column(0, index), 'left'), league[0]![index]!.text).toBeLessThan(0.5);
      // Tabular figures: "11" as wide as "98", "10–0" as "3–1" and "0–0" apart from the dash.
      const played = column(0, 1).slice(1);
      expect(Math.abs(played[0]!.width - played[1]!.width)).toBeLessThan(0.1);
      for (const table of [1, 2, 4]) expect(spreadOf(column(table, 1), 'right')).toBeLessThan(0.5);
      expect(spreadOf(column(3, 0), 'right')).toBeLessThan(0.5);
      // A note's number hangs: "3" with its note under "30", within the table's box.
      expect(spreadOf(column(6, 2), 'right')).toBeLessThan(0.5);
      const hang = await page.evaluate(() => {
        const box = document.querySelectorAll('.table-scroll')[6]!;
        const call = box.querySelector('.note-hang sup')!.getBoundingClientRect();
        return { call: call.right, box: box.getBoundingClientRect().right, scrolls: box.scrollWidth > box.clientWidth };
      });
      expect(hang.call).toBeLessThanOrEqual(hang.box);
      expect(hang.scrolls).toBe(false);
      // The author's flush-left figures.
      expect(spreadOf(column(7, 0), 'left')).toBeLessThan(0.5);
      expect(spreadOf(column(7, 0), 'right')).toBeGreaterThan(2);
      // Decimal points in line: "7" over "6", "10" a digit to their left.
      const [, north, south, east, west] = column(8, 1);
      expect(Math.abs(north!.left - south!.left)).toBeLessThan(0.3);
      // "6" with its note's number over the "7" and the "6" too.
      expect(Math.abs(north!.left - west!.left)).toBeLessThan(0.3);
      expect(Math.abs(north!.left - east!.width / 2 - east!.left)).toBeLessThan(0.3);
      expect(await page.evaluate(() => [...document.querySelectorAll('.figure-pad')].map((pad) => getComputedStyle(pad).visibility))).toEqual(['hidden', 'hidden', 'hidden']);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps them flush right, in tabular figures, their hidden zeros and hanging calls, through calibre (AZW3, then EPUB)', () => {
    const azw3 = path.join(out, 'league.azw3');
    const back = path.join(out, 'league-back.epub');
    for (const [from, to] of [[epub, azw3], [azw3, back]] as const) {
      const converted = spawnSync('ebook-convert', [from, to], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' }, timeout: 180_000 });
      expect(converted.status, converted.stderr).toBe(0);
    }
    const dir = path.join(out, 'back');
    const unzipped = spawnSync('unzip', ['-q', '-o', back, '-d', dir]);
    expect(unzipped.status).toBe(0);
    const files = (sub: string, ext: string) => readdirSync(path.join(dir, sub)).filter((name) => name.endsWith(ext)).map((name) => readFileSync(path.join(dir, sub, name), 'utf8'));
    const html = [...files('.', '.html'), ...files('text', '.html')].join('\n');
    const css = [...files('.', '.css')].join('\n');
    // The rule calibre gives a cell's class (it writes one class a cell, each rule whole).
    const ruleOf = (tag: string, text: string): string => {
      const cell = new RegExp(`<${tag} class="([^"]+)">\\s*${text.replace(/[$.]/g, '\\$&')}\\s*<`).exec(html);
      expect(cell, `${tag} ${text}`).not.toBeNull();
      const rule = new RegExp(`(?:^|\\})\\s*\\.${cell![1]!.split(' ')[0]}\\s*\\{([^}]*)\\}`).exec(css);
      expect(rule, cell![1]).not.toBeNull();
      return rule![1]!;
    };
    for (const [tag, text] of [['td', '$1,204,500'], ['td', '98'], ['th', 'Wages']] as const) {
      const rule = ruleOf(tag, text);
      expect(rule, text).toMatch(/text-align:\s*right/);
      expect(rule, text).toMatch(/font-variant-numeric:\s*tabular-nums|font-feature-settings:\s*"tnum"/);
    }
    expect(ruleOf('td', 'Northport')).toMatch(/text-align:\s*left/);
    // The hidden zeros stay hidden, the note's number still hangs.
    const classRule = (name: string): string => new RegExp(`(?:^|\\})\\s*\\.${name}\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
    const pad = /6\.5<span class="([^"]+)"[^>]*>0<\/span>/.exec(html);
    expect(pad, 'the zero after 6.5').not.toBeNull();
    expect(classRule(pad![1]!.split(' ')[0]!)).toMatch(/visibility:\s*hidden/);
    const hang = /3<span class="([^"]+)">/.exec(html);
    expect(hang, 'the call after 3').not.toBeNull();
    expect(classRule(hang![1]!.split(' ')[0]!)).toMatch(/width:\s*0/);
  }, 200_000);
});
