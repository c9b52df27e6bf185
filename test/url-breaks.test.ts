/**
 * A URL or an e-mail address breaks at its punctuation: after / . ? & = _ @
 * and before - (never at its own hyphen's end, never between two letters),
 * in both editions. A links roundup (test/fixtures/good/links-roundup) broke
 * "utm_campaign=wee" / "kly", "utm_mediu" / "m", "www.example-" /
 * "research-institute.org" (which poppler's text joins into another address),
 * and tracked a line's letters out to fill it before an address that could
 * not start there ("A r e p o r t", 8 % wider).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { URL_IN_TEXT, urlPieces } from '../src/line-breaks.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfWordBoxes } from './pdf-helpers.js';

const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'links-roundup');

describe('urlPieces', () => {
  it('breaks after / . ? & = _ @ and before -, keeping runs of marks together', () => {
    expect(urlPieces('https://www.example-research.org/a_b?utm_source=news&x=1')).toEqual(['https://', 'www.', 'example', '-research.', 'org/', 'a_', 'b?', 'utm_', 'source=', 'news&', 'x=1']);
    expect(urlPieces('team-2@uni-of.example.ac.uk')).toEqual(['team', '-2@', 'uni', '-of.', 'example.', 'ac.', 'uk']);
    expect(urlPieces('https://x.org/?a=1')).toEqual(['https://', 'x.', 'org/?', 'a=1']);
    expect(urlPieces('plain')).toEqual(['plain']);
    expect('Write to team-2@uni.example.ac.uk, not to @handle.'.match(URL_IN_TEXT)).toEqual(['team-2@uni.example.ac.uk']);
  });
});

describe('a links roundup in print and in the e-book', () => {
  const out = tempDir('galley-url-breaks-');
  let status: number | null;
  let stderr: string;
  let zip: JSZip;
  const addresses = [...readFileSync(path.join(manuscript, 'article.md'), 'utf8').matchAll(URL_IN_TEXT)].map((match) => match[0]);

  beforeAll(async () => {
    ({ status, stderr } = runCli(['build', manuscript, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() }));
    zip = await openEpub(path.join(out, 'links-roundup.epub'));
  }, 300_000);

  it('breaks every address of the PDF at its punctuation only', () => {
    expect(status, stderr).toBe(0);
    const text = spawnSync('pdftotext', ['-layout', path.join(out, 'links-roundup.pdf'), '-'], { encoding: 'utf8' }).stdout;
    // The text with each line's start and end joined by a "|", as the lines stand.
    const joined = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^page \d+ of \d+$/i.test(line)).join('|');
    expect(addresses.length).toBeGreaterThan(40);
    const bad: string[] = [];
    let found = 0;
    for (const address of new Set(addresses)) {
      const pattern = new RegExp([...address].map((char) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('\\|?'), 'g');
      for (const match of joined.matchAll(pattern)) {
        found++;
        const pieces = match[0].split('|');
        for (let i = 1; i < pieces.length; i++) {
          const before = pieces[i - 1]!.at(-1)!;
          const after = pieces[i]![0]!;
          // A part longer than a line (a token of 60 letters) breaks where it must.
          const part = (pieces[i - 1]!.match(/[^/.?&=_@-]*$/u)![0] + pieces[i]!.match(/^[^/.?&=_@-]*/u)![0]).length;
          if (!('/.?&=_@'.includes(before) || after === '-') && part < 50) bad.push(`${pieces[i - 1]} / ${pieces[i]}`);
        }
      }
    }
    expect(found).toBeGreaterThan(40);
    expect(bad).toEqual([]);
  });

  it('tracks no line of the PDF out before an address: the same words are the same width everywhere', () => {
    const words = pdfWordBoxes(path.join(out, 'links-roundup.pdf')).flatMap((page) => page.lines.flatMap((line) => line.words));
    const widths = words.filter((word) => word.text === 'report').map((word) => word.right - word.left);
    expect(widths.length).toBeGreaterThan(8);
    expect(Math.max(...widths) / Math.min(...widths), JSON.stringify(widths)).toBeLessThan(1.02);
  });

  it('marks the same break points in the e-book', async () => {
    // Each hyphen is held to the character after it (a browser breaks after a hyphen): read without those spans.
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect(xhtml).toContain('<span class="nobreak">-r</span>esearch');
    const page = xhtml.replace(/<span class="nobreak">(-+.)<\/span>/gu, '$1').replaceAll('<wbr />', '|');
    expect(page).toContain('utm_|campaign=|weekly|-roundup');
    expect(page).toContain('www.|example|-research|-institute.|org/');
    expect(page).toContain('research.|cities.|team|-2@|university');
  });
});
