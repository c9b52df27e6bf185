/**
 * Arabic and Hebrew set no italics: an Arabic article's dek stands upright in
 * the PDF (Amiri has an italic, which slanted it), the e-book and on the
 * download page, as on the cover; a left-to-right article's dek stays italic.
 * So do the PDF's running head and the credits' copies of the captions.
 * One build of an Arabic and an English article, read back with pdffonts and
 * with the e-book's and the page's computed styles in Chromium.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { run, useBrowserAndTempDir } from './pdf-helpers.js';

const good = path.join(repoRoot, 'test', 'fixtures', 'good');

describe('a right-to-left dek', () => {
  const out = tempDir('galley-rtl-dek-');
  const context = useBrowserAndTempDir('galley-rtl-dek-epub-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    built = runCli(['build', path.join(good, 'words-ar'), path.join(good, 'credits-pl'), '--out', out]);
  }, 240_000);

  it('is set upright in the PDF: no italic on the Arabic article\'s first page, while the Polish dek is italic', () => {
    expect(built.status, built.stderr).toBe(0);
    // The fonts of page 1 (pdffonts' first column, after two lines of header).
    const first = (file: string): string[] => run('pdffonts', ['-f', '1', '-l', '1', path.join(out, file)]).split('\n').slice(2).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).filter((name) => name !== '');
    expect(first('words-ar.pdf')).toContain('Amiri-Regular');
    expect(first('words-ar.pdf').filter((name) => /Italic/.test(name))).toEqual([]);
    expect(first('credits-pl.pdf')).toContain('Literata-Italic');
  });

  it('is not the only thing upright: the Arabic PDF sets none of galley\'s italics, its running head and its credits\' caption copies included', () => {
    const all = run('pdffonts', [path.join(out, 'words-ar.pdf')]).split('\n').slice(2).map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')).filter((name) => name !== '');
    expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [path.join(out, 'words-ar.pdf')]))?.[1])).toBeGreaterThan(1);
    expect(all).toContain('Amiri-Regular');
    expect(all.filter((name) => /Italic/.test(name))).toEqual([]);
  });

  it('is upright in the e-book and on the download page, the other italic', async () => {
    const page = await context.browser.newPage();
    try {
      const style = async (url: string, selector: string): Promise<string> => {
        await page.goto(url);
        return page.$eval(selector, (element) => getComputedStyle(element).fontStyle);
      };
      for (const [name, expected] of [['words-ar', 'normal'], ['credits-pl', 'italic']] as const) {
        const dir = path.join(context.dir, name);
        await unzipTo(await openEpub(path.join(out, `${name}.epub`)), dir);
        expect(await style(pathToFileURL(path.join(dir, 'OEBPS', 'titlepage.xhtml')).href, '.dek'), name).toBe(expected);
      }
      await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
      const deks = await page.$$eval('.dek', (elements) => elements.map((element) => [element.textContent, getComputedStyle(element).fontStyle]));
      expect(deks.map(([text, style]) => `${/\p{Script=Arabic}/u.test(text ?? '') ? 'ar' : 'pl'} ${style}`).sort()).toEqual(['ar normal', 'pl italic']);
    } finally {
      await page.close();
    }
  }, 60_000);
});
