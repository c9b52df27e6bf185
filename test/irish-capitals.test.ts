/**
 * Irish keeps a prefixed letter in lower case when a word is set in capitals
 * ("AN tSPIDÉAL", "Ó hUIGINN", "I mBAILE"), which Chromium's `text-transform:
 * uppercase` does not do (src/capitals.ts). What galley sets in capitals (the
 * dateline, a credit line, a `#####` heading, the download page's byline, the
 * cover's imprint and a collection cover's bylines) keeps it, in an Irish
 * article only. One build of test/fixtures/good/capitals-ga, read as a reader
 * sees it: the PDF's text, and the e-book's and the download page's text as a
 * browser sets it.
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { inCapitalsOf, keptCaseRuns, markKeptCase } from '../src/capitals.js';
import { coverMarkup } from '../src/cover.js';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfText, useBrowserAndTempDir } from './pdf-helpers.js';
import { shownText, withPage } from './screen-helpers.js';

describe('Irish capitals, as an Irish reader writes them', () => {
  it.each([
    ['An tSpidéal', 'AN tSPIDÉAL'],
    ['Ciarán Ó hUiginn', 'CIARÁN Ó hUIGINN'],
    ['i mBaile Átha Cliath', 'I mBAILE ÁTHA CLIATH'],
    ['na nGael', 'NA nGAEL'],
    ['ár bhFear', 'ÁR bhFEAR'],
    ['i gcathair na hÉireann', 'I gCATHAIR NA hÉIREANN'],
    ['an tsráid', 'AN tSRÁID'],
    ['a tAthair', 'A tATHAIR'],
    ['na n-iascairí', 'NA n-IASCAIRÍ'],
    // A word's own h, and letters inside a word, are capitals like any other.
    ['hata Thomáis, Ní Fhlaithearta', 'HATA THOMÁIS, NÍ FHLAITHEARTA'],
  ])('%s → %s', (written, capitals) => {
    expect(inCapitalsOf(written, 'ga')).toBe(capitals);
  });

  it('leaves text in other languages to their own capitals', () => {
    expect(keptCaseRuns('Ó hUiginn', 'en')).toEqual([{ text: 'Ó hUiginn' }]);
    expect(inCapitalsOf('i mBaile', 'en-IE')).toBe('I MBAILE');
    expect(inCapitalsOf('Ó hUiginn', 'ga-IE')).toBe('Ó hUIGINN');
  });

  it('marks by the language in force: an English span in Irish text is not Irish', () => {
    const content: ElementContent[] = [
      { type: 'text', value: 'Ó hUiginn/' },
      { type: 'element', tagName: 'span', properties: { lang: 'en' }, children: [{ type: 'text', value: 'tAxis Press' }] },
    ];
    expect(toHtml({ type: 'root', children: markKeptCase(content, 'ga') })).toBe('Ó <span class="keepcase">h</span>Uiginn/<span lang="en">tAxis Press</span>');
    expect(toHtml({ type: 'root', children: markKeptCase([{ type: 'element', tagName: 'span', properties: { lang: 'ga' }, children: [{ type: 'text', value: 'An tSpidéal' }] }], 'en') })).toBe(
      '<span lang="ga">An <span class="keepcase">t</span>Spidéal</span>',
    );
  });

  it("draws a collection cover's Irish byline and an Irish imprint in Irish capitals", () => {
    const markup = coverMarkup({ title: 'Voices', language: 'en', contents: [{ headline: 'Athair agus iníon', byline: 'Seosamh Ó hEochaidh and Aoife Ní Fhlaithearta', language: 'ga' }, { headline: 'A harbour', byline: 'Pat hOward' }] });
    expect(markup).toContain('BY SEOSAMH Ó hEOCHAIDH AND AOIFE NÍ FHLAITHEARTA');
    // An English byline is left to the cover's own capitals.
    expect(markup).toContain('>By Pat hOward<');
    expect(coverMarkup({ title: 'Toghchán', language: 'ga', imprint: 'Foilseacháin an tSolais' })).toContain('FOILSEACHÁIN AN tSOLAIS');
  });
});

describe('an Irish article in capitals, in both editions and on the download page', () => {
  const root = tempDir('galley-irish-capitals-');
  const out = path.join(root, 'out');
  const context = useBrowserAndTempDir('galley-irish-capitals-epub-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const dir = path.join(root, 'capitals-ga');
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'capitals-ga'), dir, { recursive: true });
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds both editions', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the dateline, the credit line and a small heading with their prefixes in lower case', () => {
    const text = pdfText(path.join(out, 'capitals-ga.pdf'));
    expect(text).toContain('AN tSPIDÉAL');
    expect(text).toContain('CIARÁN Ó hUIGINN/NUACHT SHAMHAILTEACH');
    expect(text.replace(/\s+/g, ' ')).toContain('CEARTA NA nGAEL I mBAILE ÁTHA CLIATH');
    // The credits list is not in capitals: the name as written.
    expect(text).toContain('Ciarán Ó hUiginn/Nuacht Shamhailteach');
  });

  it('shows them so in the e-book and on the download page', async () => {
    const zip = await openEpub(path.join(out, 'capitals-ga.epub'));
    const dir = path.join(context.dir, 'epub');
    await unzipTo(zip, dir);
    await withPage(context.browser, async (page) => {
      const read = (file: string, selector: string): Promise<string> => shownText(page, file, selector);
      expect(await read(path.join(dir, 'OEBPS', 'titlepage.xhtml'), '.dateline')).toBe('AN tSPIDÉAL');
      // The names marked with their language run on in the byline's line, not a line each.
      expect(await read(path.join(dir, 'OEBPS', 'titlepage.xhtml'), '.byline')).toBe('By Seosamh Ó hEochaidh and Aoife Ní Fhlaithearta');
      expect(await read(path.join(dir, 'OEBPS', 'article.xhtml'), 'figcaption .credit')).toBe('CIARÁN Ó hUIGINN/NUACHT SHAMHAILTEACH');
      expect(await read(path.join(dir, 'OEBPS', 'article.xhtml'), 'h5')).toBe('CEARTA NA nGAEL I mBAILE ÁTHA CLIATH');
      expect(await read(path.join(out, 'index.html'), '.meta .byline')).toBe('BY SEOSAMH Ó hEOCHAIDH AND AOIFE NÍ FHLAITHEARTA');
    });
  }, 60_000);
});
