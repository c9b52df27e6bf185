/**
 * Blocks a reader must be able to tell apart on the page: a list item's
 * second paragraph, an interview's questions (paragraphs all in bold), and
 * a poem's own lines from the turnovers of a line too long for the measure,
 * a listing's lines from its turnovers, and the spaces inside inline code
 * from a justified line's stretched ones.
 * One article built to both editions with the real CLI: the PDF's lines read
 * back with pdftotext -bbox-layout, the e-book's page laid out in the browser
 * at a phone's width.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText, run, useBrowserAndTempDir } from './pdf-helpers.js';

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'block-shapes');

interface Line {
  page: number;
  left: number;
  top: number;
  text: string;
  /** Each word's left edge. */
  lefts: number[];
  /** Each word's box (PDF points), for the gaps between words and the size of their type. */
  words: Array<{ text: string; left: number; right: number; top: number; bottom: number }>;
}

/** The PDF's lines, page by page, as pdftotext -bbox-layout gives them. */
function lines(file: string): Line[] {
  const xml = run('pdftotext', ['-bbox-layout', file, '-']);
  return xml.split('<page ').slice(1).flatMap((page, index) =>
    [...page.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([\s\S]*?)<\/line>/g)].map((match) => {
      const words = [...match[3]!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((word) => ({
        text: word[5]!,
        left: Number(word[1]),
        top: Number(word[2]),
        right: Number(word[3]),
        bottom: Number(word[4]),
      }));
      return {
        page: index + 1,
        left: Number(match[1]),
        top: Number(match[2]),
        text: words.map((word) => word.text).join(' '),
        lefts: words.map((word) => word.left),
        words,
      };
    }),
  );
}

describe('blocks told apart', () => {
  const shared = useBrowserAndTempDir('galley-blocks-');
  const out = tempDir('galley-blocks-out-');
  let status: number | null;
  let stderr: string;
  let pdf: Line[] = [];
  let page: Page;

  beforeAll(async () => {
    const result = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    status = result.status;
    stderr = result.stderr;
    if (status !== 0) return;
    pdf = lines(path.join(out, 'block-shapes.pdf'));
    const zip = await openEpub(path.join(out, 'block-shapes.epub'));
    const folder = path.join(shared.dir, 'book');
    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const file = path.join(folder, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, await entry.async('nodebuffer'));
    }
    page = await shared.browser.newPage();
    await page.setViewport({ width: 360, height: 800 });
    await page.goto(pathToFileURL(path.join(folder, 'OEBPS', 'article.xhtml')).href);
  }, 300_000);

  const at = (start: string): number => {
    // A list item's line opens with its number.
    const index = pdf.findIndex((line) => line.text.replace(/^\d+\. /, '').startsWith(start));
    expect(index, `${start} in ${JSON.stringify(pdf.map((line) => line.text))}`).toBeGreaterThan(0);
    return index;
  };
  /** The space from one line's top to the next's, in the text's own paragraphs. */
  const pitch = (): number => pdf[at('Everything here') + 1]!.top - pdf[at('Everything here')]!.top;

  it('builds', () => {
    expect(status, stderr).toBe(0);
  });

  it('sets a list item\'s next paragraph half a line below, flush with the item\'s text, in the PDF', () => {
    const item = at('Back up the shared');
    const second = at('This took longer');
    const third = at('Start it on Wednesday');
    const next = at('Label every desk');
    expect(pdf[second]!.top - pdf[second - 1]!.top, 'space above the second paragraph').toBeGreaterThan(1.3 * pitch());
    expect(pdf[third]!.top - pdf[third - 1]!.top, 'space above the third paragraph').toBeGreaterThan(1.3 * pitch());
    expect(pdf[next]!.top - pdf[next - 1]!.top, 'the next item as far').toBeGreaterThan(1.3 * pitch());
    // The item's text starts after its number.
    const text = pdf[item]!.lefts[1]!;
    expect(Math.abs(pdf[second]!.left - text), 'flush with the item\'s text').toBeLessThan(1);
    expect(Math.abs(pdf[third]!.left - text)).toBeLessThan(1);
  });

  it('sets a question all in bold flush, space above it, its answer flush under it, in the PDF', () => {
    const prose = at('We then asked');
    const question = at('Why does an archive');
    const answer = at('Because nothing can');
    const indented = at('It was the only one');
    expect(pdf[question]!.top - pdf[prose]!.top, 'space above the question').toBeGreaterThan(1.5 * pitch());
    expect(pdf[answer]!.top - pdf[question]!.top, 'the answer right under it').toBeLessThan(1.2 * pitch());
    expect(Math.abs(pdf[question]!.left - pdf[prose + 1]!.left), 'the question flush').toBeLessThan(1);
    expect(Math.abs(pdf[answer]!.left - pdf[prose + 1]!.left), 'the answer flush').toBeLessThan(1);
    // The answer's own next paragraph is indented as text is.
    expect(pdf[indented]!.left - pdf[prose + 1]!.left).toBeGreaterThan(8);
  });

  it('does the same in the e-book, at a phone\'s width', async () => {
    const measured = await page.evaluate(() => {
      const paragraphs = [...document.querySelectorAll('p')];
      const find = (start: string): HTMLElement => paragraphs.find((p) => (p.textContent ?? '').trim().startsWith(start))!;
      const style = (start: string) => getComputedStyle(find(start));
      const gap = (start: string): number => {
        const element = find(start);
        const before = element.previousElementSibling ?? element.parentElement!.previousElementSibling!;
        return element.getBoundingClientRect().top - before.getBoundingClientRect().bottom;
      };
      const item = find('Back up the shared');
      const next = item.parentElement!.nextElementSibling as HTMLElement;
      return {
        lineHeight: parseFloat(getComputedStyle(document.body).lineHeight),
        second: { gap: gap('This took longer'), indent: style('This took longer').textIndent, align: style('This took longer').textAlign },
        itemLeft: item.getBoundingClientRect().left,
        secondLeft: find('This took longer').getBoundingClientRect().left,
        itemGap: next.getBoundingClientRect().top - item.parentElement!.getBoundingClientRect().bottom,
        question: { gap: gap('Why does an archive'), indent: style('Why does an archive').textIndent, align: style('Why does an archive').textAlign },
        answer: { gap: gap('Because nothing can'), indent: style('Because nothing can').textIndent },
        after: style('It was the only one').textIndent,
      };
    });
    expect(measured.second.gap).toBeGreaterThan(0.3 * measured.lineHeight);
    expect(measured.second.indent).toBe('0px');
    expect(measured.second.align).toBe('start');
    expect(measured.secondLeft).toBe(measured.itemLeft);
    expect(measured.itemGap).toBeGreaterThan(0.3 * measured.lineHeight);
    expect(measured.question.gap).toBeGreaterThan(0.5 * measured.lineHeight);
    expect(measured.question.indent).toBe('0px');
    expect(measured.question.align).toBe('start');
    expect(measured.answer.gap).toBeLessThan(1);
    expect(measured.answer.indent).toBe('0px');
    expect(measured.after).not.toBe('0px');
  });

  it('hangs the turnover of a verse line too long for the measure, and keeps the poet\'s indents, in the PDF', () => {
    const first = at('The stairs were seven');
    const turnover = first + 1;
    const next = at('and counted again');
    const indented = at('Seven flights');
    const deeper = at('seven flights');
    const margin = pdf[first]!.left;
    // The body's size, from the text's own leading (letter: 11 pt on 1.42, src/pdf/page.ts).
    const em = pitch() / 1.42;
    expect(next, 'the long line wraps').toBeGreaterThan(turnover);
    expect(pdf[turnover]!.left - margin, 'the turnover hangs').toBeGreaterThan(2.2 * em);
    expect(Math.abs(pdf[next]!.left - margin), 'the poet\'s next line flush').toBeLessThan(1);
    expect(pdf[indented]!.left - margin, 'four spaces: two ems').toBeGreaterThan(1.7 * em);
    expect(pdf[indented]!.left - margin).toBeLessThan(2.3 * em);
    expect(pdf[deeper]!.left - pdf[indented]!.left, 'eight spaces: two ems more').toBeGreaterThan(1.7 * em);
    expect(Math.abs(pdf[turnover]!.left - pdf[indented]!.left), 'a turnover never where an indented line starts').toBeGreaterThan(0.3 * em);
  });

  it('does the same in the e-book, at a phone\'s width', async () => {
    const measured = await page.evaluate(() => {
      const stanza = [...document.querySelectorAll('p')].find((p) => (p.textContent ?? '').startsWith('The stairs'))!;
      const em = parseFloat(getComputedStyle(stanza).fontSize);
      /** Each line box of a node's text: its left edge, by its top. */
      const lefts = (node: Node): number[] => {
        const range = document.createRange();
        range.selectNodeContents(node);
        const byTop = new Map<number, number>();
        for (const rect of range.getClientRects()) {
          if (rect.width === 0) continue;
          const top = Math.round(rect.top);
          byTop.set(top, Math.min(byTop.get(top) ?? Infinity, rect.left));
        }
        return [...byTop.entries()].sort((a, b) => a[0] - b[0]).map((entry) => entry[1]);
      };
      const all = lefts(stanza);
      const margin = stanza.getBoundingClientRect().left;
      const textOf = (start: string): Node => {
        const walker = document.createTreeWalker(stanza, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) if ((node.textContent ?? '').startsWith(start)) return node;
        throw new Error(start);
      };
      return {
        em,
        margin,
        long: lefts(textOf('The stairs')),
        next: lefts(textOf('and counted'))[0]!,
        indented: lefts(textOf('Seven flights'))[0]!,
        deeper: lefts(textOf('seven flights'))[0]!,
        lines: all.length,
      };
    });
    expect(measured.long.length, 'the long line wraps').toBeGreaterThan(1);
    expect(measured.long[0]! - measured.margin).toBeLessThan(1);
    for (const turnover of measured.long.slice(1)) expect(turnover - measured.margin, 'each turnover hangs').toBeGreaterThan(2.2 * measured.em);
    expect(measured.next - measured.margin).toBeLessThan(1);
    expect(measured.indented - measured.margin).toBeGreaterThan(1.7 * measured.em);
    expect(measured.indented - measured.margin).toBeLessThan(2.3 * measured.em);
    expect(measured.deeper - measured.indented).toBeGreaterThan(1.7 * measured.em);
  });

  it('marks where a listing\'s line wraps in the PDF with a drawn arrow, which the text leaves out', () => {
    const first = at('$ rsync --archive');
    const turnover = pdf[first + 1]!;
    expect(turnover.text.startsWith('photographs/'), turnover.text).toBe(true);
    const gutter = { left: pdf[first]!.left + 1, right: turnover.left - 1, top: turnover.words[0]!.top, bottom: turnover.words[0]!.bottom };
    expect(gutter.right - gutter.left, 'the turnover hangs').toBeGreaterThan(8);
    // The page at 144 dpi in grey: something is drawn in the hanging indent, left of the turnover's text.
    const scale = 2;
    const pgm = execFileSync('pdftoppm', ['-gray', '-r', String(72 * scale), '-f', String(turnover.page), '-l', String(turnover.page),
      '-x', String(Math.floor(gutter.left * scale)), '-y', String(Math.floor(gutter.top * scale)),
      '-W', String(Math.ceil((gutter.right - gutter.left) * scale)), '-H', String(Math.ceil((gutter.bottom - gutter.top) * scale)),
      path.join(out, 'block-shapes.pdf')]);
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
    const pixels = pgm.subarray(header[0].length);
    expect(Math.min(...pixels), 'a mark in the indent').toBeLessThan(170);
    // And nothing of it in the text a reader copies or searches.
    const text = pdfText(path.join(out, 'block-shapes.pdf'));
    expect(text).toMatch(/--exclude=\.cache \/srv\/archive\/\n\s*photographs\//);
    expect(text).not.toMatch(/[\u21A9-\u21B3\u2937\u23CE]/u);
  });

  it('leaves the spaces inside inline code as they are when a justified line widens its others, in the PDF', () => {
    // Lines of the paragraph with inline code: code is set smaller, so its words' boxes are lower.
    const size = (word: Line['words'][number]): number => word.bottom - word.top;
    const mixed = pdf.filter((line) => line.words.length > 3 && Math.max(...line.words.map(size)) - Math.min(...line.words.map(size)) > 1);
    const gaps = mixed.map((line) => {
      const text = Math.max(...line.words.map(size));
      const prose: number[] = [];
      const code: number[] = [];
      line.words.slice(1).forEach((word, index) => {
        const before = line.words[index]!;
        const gap = word.left - before.right;
        if (size(word) > text - 0.5 && size(before) > text - 0.5) prose.push(gap);
        if (size(word) < text - 1 && size(before) < text - 1) code.push(gap);
      });
      return { prose, code };
    });
    const natural = Math.min(...gaps.flatMap((line) => line.prose));
    const codeSpace = Math.min(...gaps.flatMap((line) => line.code));
    const loose = gaps.filter((line) => line.code.length > 0 && line.prose.length > 0 && Math.min(...line.prose) > 1.4 * natural);
    expect(loose.length, JSON.stringify(gaps)).toBeGreaterThan(0);
    for (const line of gaps) for (const gap of line.code) expect(gap, JSON.stringify(line)).toBeLessThan(codeSpace + 0.3);
  });
});
