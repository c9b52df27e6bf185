/**
 * A figure's credit and the dateline may mark a name's language with
 * `:span[…]{lang=…}`, as the body does: a Turkish name in an English article
 * is set in Turkish capitals (İZMİT, ALİ ŞİMŞEK, where English capitals give
 * İZMIT, ALI), an English name in a Hebrew credit runs left to right. Both
 * editions and the download page honour the spans; the e-book's metadata
 * names the maker in plain text; a span without a language is an error at
 * its place in the attribute or the field.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, epubcheck, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { languageElements, pdfText, useBrowserAndTempDir } from './pdf-helpers.js';
import { shownText, withPage } from './screen-helpers.js';

const photo = path.join(repoRoot, 'test', 'fixtures', 'good', 'words-de', 'images', 'photo.png');

function manuscript(root: string, name: string, lines: string[]): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  cpSync(photo, path.join(dir, 'images', 'photo.png'));
  writeFileSync(path.join(dir, 'article.md'), lines.join('\n'));
  return dir;
}

describe('names marked with their language in a credit and the dateline', () => {
  const root = tempDir('galley-marked-names-');
  const out = path.join(root, 'out');
  const context = useBrowserAndTempDir('galley-marked-names-epub-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const turkish = manuscript(root, 'ferries', [
      '---', 'title: "Ferries on the Bosphorus"', 'date: 2025-10-10', 'language: en', 'dateline: ":span[İzmit]{lang=tr}"', '---', '',
      'An invented report from :span[İzmit]{lang=tr}.', '',
      ':::figure{src="images/photo.png" alt="A stand-in picture of a ferry" credit=":span[Ali Şimşek]{lang=tr}/Haberler"}',
      'A ferry leaves.', ':::', '',
    ]);
    const hebrew = manuscript(root, 'hall', [
      '---', 'title: "אולם הכנסים"', 'date: 2025-03-14', 'language: he', '---', '',
      'הכתבה הזאת בדויה מתחילתה ועד סופה.', '',
      ':::figure{src="images/photo.png" alt="תמונה להמחשה" credit="צילום: :span[Miriam Katz]{lang=en}/העיתון הבדיוני"}',
      'אולם הכנסים בגני התערוכה.', ':::', '',
    ]);
    built = runCli(['build', turkish, hebrew, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds both editions of both', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the Turkish name and place in Turkish capitals, and no span syntax anywhere', () => {
    const text = pdfText(path.join(out, 'ferries.pdf'));
    expect(text).toContain('ALİ ŞİMŞEK/HABERLER');
    expect(text).toContain('İZMİT');
    expect(text).not.toMatch(/ALI |İZMIT/);
    // The credits list is not in capitals: the name as written.
    expect(text).toContain('Photo: Ali Şimşek/Haberler');
    expect(text + pdfText(path.join(out, 'hall.pdf'))).not.toMatch(/span|\{lang/i);
    expect(pdfText(path.join(out, 'hall.pdf'))).toContain('Miriam Katz');
  });

  it('tags the dateline\'s place with its language in the PDF\'s title block, as the dek\'s runs are', async () => {
    const turkish = (await languageElements(path.join(out, 'ferries.pdf'))).filter((element) => element.lang === 'tr').map((element) => element.text.trim());
    // The body's "İzmit" and the caption's credit were tagged before; the dateline's run, in capitals, was not.
    expect(turkish).toContain('İZMİT');
  });

  it('sets them so in the e-book, marks them in its pages, and names the maker in plain text', async () => {
    const zip = await openEpub(path.join(out, 'ferries.epub'));
    const dir = path.join(context.dir, 'ferries');
    await unzipTo(zip, dir);
    await withPage(context.browser, async (page) => {
      const read = (file: string, selector: string): Promise<string> => shownText(page, path.join(dir, 'OEBPS', file), selector);
      expect(await read('article.xhtml', 'figcaption .credit')).toBe('ALİ ŞİMŞEK/HABERLER');
      expect(await read('titlepage.xhtml', '.dateline')).toBe('İZMİT');
    });
    expect(await entryText(zip, 'OEBPS/credits.xhtml')).toContain('<span class="credit-line">Photo: <span lang="tr" xml:lang="tr">Ali Şimşek</span>/Haberler</span>');
    expect(await entryText(zip, 'OEBPS/content.opf')).toMatch(/<dc:contributor id="contributor-1">Ali Şimşek<\/dc:contributor>/);

    const hebrew = await openEpub(path.join(out, 'hall.epub'));
    expect(await entryText(hebrew, 'OEBPS/article.xhtml')).toContain('<p class="credit">צילום: <span lang="en" dir="ltr" xml:lang="en">Miriam Katz</span>/העיתון הבדיוני</p>');
    expect(await entryText(hebrew, 'OEBPS/credits.xhtml')).toContain('<span lang="en" dir="ltr" xml:lang="en">Miriam Katz</span>/העיתון הבדיוני</span>');
    expect(await entryText(hebrew, 'OEBPS/content.opf')).toMatch(/<dc:contributor id="contributor-1">Miriam Katz<\/dc:contributor>/);
    for (const name of ['ferries', 'hall']) {
      const check = epubcheck(path.join(out, `${name}.epub`));
      expect([check.fatals, check.errors, check.warnings], check.output).toEqual([0, 0, 0]);
    }
  }, 120_000);

  it('marks them on the download page', () => {
    const site = readFileSync(path.join(out, 'index.html'), 'utf8');
    expect(site).toContain('<span class="credit-line"><span lang="tr">Ali Şimşek</span>/Haberler</span>');
    expect(site).toContain('<span class="credit-line"><span lang="en" dir="ltr">Miriam Katz</span>/העיתון הבדיוני</span>');
    expect(site).not.toMatch(/:span\[/);
  });

  it('refuses a span without a language in a credit or the dateline, at the span, and writes nothing', () => {
    const bad = manuscript(tempDir(), 'bad', [
      '---', 'title: "Ferries"', 'date: 2025-10-10', 'dateline: "Near :span[İzmit]{lang=t_r}"', '---', '',
      'Text.', '',
      ':::figure{src="images/photo.png" alt="A ferry" credit="Photo: :span[Ali Şimşek]/Haberler"}',
      'A ferry.', ':::', '',
    ]);
    const badOut = tempDir();
    const result = runCli(['build', bad, '--out', badOut]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('bad/article.md:4:17: error: span: `t_r` is not a BCP 47 language tag');
    expect(result.stderr).toContain('bad/article.md:9:63: error: span without `lang`');
  });
});
