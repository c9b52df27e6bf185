/**
 * An article's notes, gathered at its end, are endnotes: an `endnotes`
 * section holding a list of `endnote` items, each opening with its
 * back-link. Reading apps that pop notes up hide `footnote` asides from the
 * page (Foliate and foliate-js, Apple Books): with the notes as such asides,
 * the "Notes" heading and its rule stood over a blank. Here the notes stay
 * on the page under a style sheet that hides those asides as foliate-js
 * does, each reference leads to an item foliate-js pops up as an endnote,
 * and the e-book's contents list the notes' heading after the article's
 * sections, as the PDF's outline does: alone and in a collection, in the
 * words the heading is set in.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, parseHtml, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt, withPage } from './screen-helpers.js';
import { selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import type { Element } from 'hast';

const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'good');

/** What foliate-js's reader (reader.js) and Foliate give every book: the notes apps pop up are not shown in the text. */
const HIDDEN_ASIDES = `@namespace epub "http://www.idpf.org/2007/ops";
aside[epub|type~="endnote"], aside[epub|type~="footnote"], aside[epub|type~="note"], aside[epub|type~="rearnote"] { display: none; }`;

/** The navigation's entries under the one whose link is `href`: their text and link. */
function childrenOf(nav: string, href: string): Array<[string, string]> {
  const tree = parseHtml(nav);
  const item = selectAll('nav#toc li', tree).find((li) => li.children.some((child) => child.type === 'element' && child.tagName === 'a' && child.properties.href === href));
  expect(item, href).toBeDefined();
  const list = item!.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol');
  return list ? list.children.filter((child): child is Element => child.type === 'element').map((li) => { const a = selectAll('a', li)[0]!; return [toString(a), String(a.properties.href)]; }) : [];
}

describe('notes as endnotes', () => {
  const context = useBrowserAndTempDir('galley-endnotes-');
  let article: string;
  let articleNav: string;
  let collectionNav: string;
  let collectionArticle: string;

  beforeAll(async () => {
    const out = tempDir('galley-endnotes-out-');
    for (const name of ['reading-apps', 'collection-rtl']) {
      const result = runCli(['epub', path.join(FIXTURES, name), '--out', out, '--no-page-list']);
      expect(result.status, result.stderr).toBe(0);
    }
    const book = tempDir('galley-endnotes-book-');
    const zip = await openEpub(path.join(out, 'reading-apps.epub'));
    await unzipTo(zip, book);
    article = path.join(book, 'OEBPS', 'article.xhtml');
    articleNav = await entryText(zip, 'OEBPS/toc.xhtml');
    const collection = await openEpub(path.join(out, 'collection-rtl.epub'));
    collectionNav = await entryText(collection, 'OEBPS/toc.xhtml');
    collectionArticle = await entryText(collection, 'OEBPS/article-1.xhtml');
  }, 180_000);

  it('keeps every note on the page in a reading app that hides footnote asides, and leads each reference to an endnote', async () => {
    await withPage(context.browser, async (page) => {
      await showAt(page, article, 360);
      await page.addStyleTag({ content: HIDDEN_ASIDES });
      const found = await page.evaluate(() => {
        const EPUB = 'http://www.idpf.org/2007/ops';
        const refs = [...document.querySelectorAll('a[role="doc-noteref"]')];
        return refs.map((ref) => {
          const note = document.getElementById(ref.getAttribute('href')!.slice(1))!;
          // foliate-js (footnotes.js) pops up an endnote or footnote, and hides it from the page only when it is an aside.
          return { type: note.getAttributeNS(EPUB, 'type'), element: note.localName, shown: note.getClientRects().length > 0 && (note as HTMLElement).innerText.trim().length > 10 };
        });
      });
      expect(found.length).toBe(2);
      expect(found).toEqual(found.map(() => ({ type: 'endnote', element: 'li', shown: true })));
      // The heading stands over the notes, not over nothing.
      const under = await page.$eval('.notes-heading', (heading) => (heading.nextElementSibling as HTMLElement | null)?.innerText.trim().length ?? 0);
      expect(under).toBeGreaterThan(20);
    });
  });

  it('lists the notes in the contents, after any sections, linked to their heading', () => {
    const entries = childrenOf(articleNav, 'article.xhtml');
    expect(entries.at(-1)).toEqual(['Notes', 'article.xhtml#footnote-label']);
    expect(entries.filter(([title]) => title === 'Notes')).toHaveLength(1);
  });

  it('lists a collection article’s notes under it, in the words of its heading, and none for an article without notes', () => {
    const heading = /<h2 id="([^"]+)" class="notes-heading">([^<]+)<\/h2>/.exec(collectionArticle);
    expect(heading).not.toBeNull();
    expect(childrenOf(collectionNav, 'article-1.xhtml').at(-1)).toEqual([heading![2], `article-1.xhtml#${heading![1]}`]);
    for (const href of ['article-2.xhtml', 'article-3.xhtml']) expect(childrenOf(collectionNav, href).map(([, link]) => link).filter((link) => /notes|footnote/.test(link))).toEqual([]);
  });
});
