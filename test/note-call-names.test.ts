/**
 * A note's call is named "Note 1" in the article's language, in both
 * editions: the e-book's `doc-noteref` link as Chromium's accessibility tree
 * names it (it said "1"), the PDF's link annotation (/Contents) and its
 * /Link element (/Alt), read with qpdf. The name holds the number the call
 * shows, in the article's digits ("Note ۱" in Persian), so that its visible
 * label is in its name. The e-books stay clean for EPUBCheck and Ace.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../src/pdf/browser.js';
import { wordsFor } from '../src/words.js';
import { ace, epubcheck, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { run, useBrowserAndTempDir } from './pdf-helpers.js';
import { withPage } from './screen-helpers.js';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'good');
/** Each fixture, its language and the numbers its first two calls show. */
const books = [
  ['notes-and-tables', 'en', ['1', '2']],
  ['notes-fa', 'fa', ['۱', '۲']],
  ['rtl-hebrew-notes', 'he', ['1', '2']],
] as const;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The PDF's link annotations' /Contents and its /Link elements' /Alt, as qpdf gives them. */
function pdfLinkNames(file: string): { contents: string[]; alts: string[] } {
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', file])) as { qpdf: [unknown, Record<string, { value?: Json }>] };
  const contents: string[] = [];
  const alts: string[] = [];
  const text = (value: Json | undefined): string => String(value ?? '').replace(/^u:/, '');
  for (const object of Object.values(json.qpdf[1])) {
    const value = object.value;
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    if (value['/Subtype'] === '/Link') contents.push(text(value['/Contents']));
    if (value['/S'] === '/Link' && value['/Alt'] !== undefined) alts.push(text(value['/Alt']));
  }
  return { contents, alts };
}

describe('note calls named "Note 1"', () => {
  const context = useBrowserAndTempDir('galley-note-call-names-');
  const out = tempDir('galley-note-call-names-out-');
  const folders: Record<string, string> = {};

  beforeAll(async () => {
    const built = runCli(['build', ...books.map(([name]) => path.join(fixtures, name)), '--out', out]);
    expect(built.status, built.stderr).toBe(0);
    for (const [name] of books) {
      const folder = tempDir(`galley-note-call-names-${name}-`);
      await unzipTo(await openEpub(path.join(out, `${name}.epub`)), folder);
      folders[name] = path.join(folder, 'OEBPS');
    }
  }, 240_000);

  it.each(books)('%s: the e-book names each call in its language, as Chromium reads it', async (name, language, shown) => {
    const words = wordsFor(language);
    const names: string[] = [];
    await withPage(context.browser, async (page) => {
      await page.goto(pathToFileURL(path.join(folders[name]!, 'article.xhtml')).href);
      const cdp = await page.createCDPSession();
      const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
      const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'a[role="doc-noteref"]' });
      for (const nodeId of nodeIds) {
        const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
        names.push(String(nodes[0]?.name?.value ?? ''));
      }
      await cdp.detach();
    });
    expect(names.slice(0, 2)).toEqual(shown.map((n) => words.t('noteCall', { n })));
    // Said in the article's language, not as the bare number.
    expect(names.every((said) => said !== '' && !/^\P{L}*$/u.test(said))).toBe(true);
  });

  it.each(books)('%s: the PDF names each call so, its annotation and its /Link element', (name, language, shown) => {
    const words = wordsFor(language);
    const calls = shown.map((n) => words.t('noteCall', { n }));
    const { contents, alts } = pdfLinkNames(path.join(out, `${name}.pdf`));
    for (const call of calls) {
      expect(contents, name).toContain(call);
      expect(alts, name).toContain(call);
    }
    // No annotation is named by a number alone.
    expect(contents.filter((said) => /^\P{L}*$/u.test(said)), name).toEqual([]);
  });

  it('keeps the e-books clean for EPUBCheck and Ace', () => {
    for (const [name] of books) {
      const file = path.join(out, `${name}.epub`);
      const check = epubcheck(file);
      expect(check.fatals + check.errors + check.warnings, check.output).toBe(0);
      expect(ace(file, findBrowser().path), name).toEqual([]);
    }
  }, 600_000);
});
