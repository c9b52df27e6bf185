/**
 * Emphasis inside the italic headings (`####` and `######`) of
 * test/fixtures/good/miscellany-forms: "Level four, *emphasised*, with a
 * note". Both editions set h4 and h6 in italic, and the emphasised word was
 * italic among italics: the author's emphasis did not show. It is set upright,
 * as a caption's is, in the PDF (read with pdf.js) and in the e-book (the
 * style Chromium computes from its style sheet).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfFacedRuns, useBrowserAndTempDir } from './pdf-helpers.js';

/** The faces each word of the PDF's pages is drawn in (pdf.js), by word. */
async function wordFaces(file: string): Promise<Map<string, Set<string>>> {
  const faces = new Map<string, Set<string>>();
  for (const { text, face } of await pdfFacedRuns(file)) {
    for (const word of text.split(/[\s,]+/).filter(Boolean)) {
      if (!faces.has(word)) faces.set(word, new Set());
      faces.get(word)!.add(face);
    }
  }
  return faces;
}

describe('emphasis inside an italic heading', () => {
  const context = useBrowserAndTempDir('galley-heading-emphasis-');
  const out = tempDir('galley-heading-emphasis-out-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    built = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', 'miscellany-forms'), '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 180_000);

  it('prints the emphasised words of the h4 and h6 upright among italics', async () => {
    expect(built.status, built.stderr).toBe(0);
    const faces = await wordFaces(path.join(out, 'miscellany-forms.pdf'));
    expect([...(faces.get('emphasised') ?? [])]).toEqual(['Literata-Regular']);
    expect([...(faces.get('stressed') ?? [])]).toEqual(['Literata-Regular']);
    expect([...(faces.get('four') ?? [])]).toEqual(['Literata-Italic']);
    expect([...(faces.get('six') ?? [])]).toEqual(['Literata-Italic']);
  });

  it('sets them upright in the e-book, and an h2 or body emphasis still in italic', async () => {
    const book = tempDir('galley-heading-emphasis-book-');
    await unzipTo(await openEpub(path.join(out, 'miscellany-forms.epub')), book);
    const page = await context.browser.newPage();
    try {
      await page.goto(pathToFileURL(path.join(book, 'OEBPS', 'article.xhtml')).href);
      const styles = await page.evaluate(() =>
        Object.fromEntries(['h2', 'h4', 'h6'].map((tag) => [tag, [...document.querySelectorAll(`${tag} em`)].map((em) => `${getComputedStyle(em.parentElement!).fontStyle}/${getComputedStyle(em).fontStyle}`)])),
      );
      expect(styles).toEqual({ h2: ['normal/italic', 'normal/italic'], h4: ['italic/normal'], h6: ['italic/normal'] });
    } finally {
      await page.close();
    }
  });
});
