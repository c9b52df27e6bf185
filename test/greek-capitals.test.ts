/**
 * Greek set in capitals drops its accents (Κωνσταντίνος → ΚΩΝΣΤΑΝΤΙΝΟΣ), and
 * a browser's `text-transform: uppercase` does so only where the text's
 * language is Greek. Both editions set a picture's credit line and the
 * dateline in capitals: in an English article, a Greek name there is marked
 * Greek. One build of a small article, then both editions as a reader sees
 * them: the PDF's text, and the e-book's page in a browser.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfText, useBrowserAndTempDir } from './pdf-helpers.js';
import { shownText, withPage } from './screen-helpers.js';

describe('Greek names in capitals, in an English article', () => {
  const root = tempDir('galley-greek-capitals-');
  const out = path.join(root, 'out');
  const context = useBrowserAndTempDir('galley-greek-capitals-epub-');
  let built: SpawnSyncReturns<string>;

  beforeAll(() => {
    const dir = path.join(root, 'greek-capitals');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'words-de', 'images', 'photo.png'), path.join(dir, 'images', 'photo.png'));
    writeFileSync(path.join(dir, 'article.md'), [
      '---', 'title: "An invented harbour"', 'date: 2024-09-02', 'language: en', 'dateline: "Άγιος Ευστράτιος"', '---', '',
      'The ferry came in at dawn, as it does in this invented report.', '',
      ':::figure{src="images/photo.png" alt="A stand-in picture of the harbour" credit="Κωνσταντίνος Αθανασόπουλος/Sample Island Press"}',
      'The harbour at dawn.', ':::', '',
    ].join('\n'));
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);

  it('builds both editions', () => {
    expect(built.status, built.stderr).toBe(0);
  });

  it('prints the credit and the dateline in Greek capitals, without accents', () => {
    const text = pdfText(path.join(out, 'greek-capitals.pdf'));
    expect(text).toContain('ΚΩΝΣΤΑΝΤΙΝΟΣ ΑΘΑΝΑΣΟΠΟΥΛΟΣ/SAMPLE ISLAND PRESS');
    expect(text).toContain('ΑΓΙΟΣ ΕΥΣΤΡΑΤΙΟΣ');
    expect(text).not.toMatch(/[ΆΈΉΊΌΎΏ]/u);
    // The credits list is not in capitals: the name as written.
    expect(text).toContain('Κωνσταντίνος Αθανασόπουλος/Sample Island Press');
  });

  it('shows them so in the e-book too', async () => {
    const zip = await openEpub(path.join(out, 'greek-capitals.epub'));
    const dir = path.join(context.dir, 'epub');
    await unzipTo(zip, dir);
    await withPage(context.browser, async (page) => {
      const read = (file: string, selector: string): Promise<string> => shownText(page, path.join(dir, 'OEBPS', file), selector);
      expect(await read('article.xhtml', 'figcaption .credit')).toBe('ΚΩΝΣΤΑΝΤΙΝΟΣ ΑΘΑΝΑΣΟΠΟΥΛΟΣ/SAMPLE ISLAND PRESS');
      expect(await read('titlepage.xhtml', '.dateline')).toBe('ΑΓΙΟΣ ΕΥΣΤΡΑΤΙΟΣ');
    });
  }, 60_000);
});
