/**
 * A page-break marker is announced by its label, the page number. Inside an
 * element that a screen reader names by its text (a heading, a link, a
 * table's header cell or caption) the label became part of that name: the
 * title page's headline was "1 The tide gauge that ran out of numbers" in the
 * list of headings, a table's first column header "2 Month" for every cell
 * under it, a note's way back a link holding page 2, a data cell "2 Station
 * Q12", a caption read "3 Figure 3: …" after its picture. Read here as Chromium's
 * accessibility tree names them, in the e-books built from fixtures where
 * printed pages open at each of these.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { withPage } from './screen-helpers.js';

const books = [
  // The title page's headline, a table's header cell.
  ['harbor-gauge', path.join(repoRoot, 'manuscript', 'harbor-gauge')],
  // A table's caption.
  ['data-tables', path.join(repoRoot, 'test', 'fixtures', 'good', 'data-tables')],
  // A note's back-link.
  ['rtl-hebrew-notes', path.join(repoRoot, 'test', 'fixtures', 'good', 'rtl-hebrew-notes')],
  // Headlines and section headings of a collection's articles, a heading in the credits, the contents' links.
  ['collection-rtl', path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-rtl')],
  // Data cells: a table running on over pages, each page marked in the row it goes on with.
  ['long-table', path.join(repoRoot, 'test', 'fixtures', 'good', 'long-table')],
  // Figures' captions: pages that go on, after a figure print set later, with another figure.
  ['eight-figures', path.join(repoRoot, 'test', 'fixtures', 'good', 'eight-figures')],
] as const;

/** Letters alone: the name and the text compared do not differ by spacing, soft hyphens, line breaks or case (a heading set in capitals is named in them). */
const bare = (text: string): string => text.replace(/[\s\u00ad]+/g, '').toLowerCase();

describe('page-break markers and the names of what holds them', () => {
  const context = useBrowserAndTempDir('galley-pagebreak-names-');
  const folders: Record<string, string> = {};

  beforeAll(async () => {
    const out = tempDir('galley-pagebreak-names-out-');
    const built = runCli(['build', ...books.map(([, dir]) => dir), '--out', out]);
    expect(built.status, built.stderr).toBe(0);
    for (const [name] of books) {
      const folder = tempDir(`galley-pagebreak-names-${name}-`);
      await unzipTo(await openEpub(path.join(out, `${name}.epub`)), folder);
      folders[name] = path.join(folder, 'OEBPS');
    }
  }, 240_000);

  it.each(books.map(([name]) => name))('%s: every heading, link, cell and table is named by its own words, not the page number in it', async (name) => {
    const pages = readdirSync(folders[name]!).filter((file) => file.endsWith('.xhtml'));
    const checked: string[] = [];
    const misnamed: string[] = [];
    let markers = 0;
    await withPage(context.browser, async (page) => {
      // Chromium's own name of each element, one node at a time (puppeteer's snapshot reads the whole tree for each).
      const cdp = await page.createCDPSession();
      for (const file of pages) {
        await page.goto(pathToFileURL(path.join(folders[name]!, file)).href);
        markers += await page.$$eval('[role="doc-pagebreak"]', (found) => found.length);
        // Nor does a marker stand in a link that is named otherwise (a note's way back): going to the page would land in it.
        // One in a data cell or a caption (a page that begins inside it) is hidden from screen readers, which read either whole.
        const held = await page.$$eval('[role="doc-pagebreak"]', (found) =>
          found
            .filter((marker) => marker.parentElement?.closest('a, h1, h2, h3, h4, h5, h6, th, caption') || (marker.getAttribute('aria-hidden') !== 'true' && marker.closest('td, figcaption')))
            .map((marker) => marker.parentElement!.outerHTML.slice(0, 120)),
        );
        misnamed.push(...held.map((html) => `${file}: a marker in ${html}`));
        const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
        const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: 'h1, h2, h3, h4, h5, h6, a[href], th, td, table' });
        for (const nodeId of nodeIds) {
          // The name its own words give it: its label, or its text (a table's, its caption's); a marker has no text.
          const { object } = await cdp.send('DOM.resolveNode', { nodeId });
          const { result } = await cdp.send('Runtime.callFunctionOn', {
            objectId: object.objectId!,
            returnByValue: true,
            functionDeclaration: String(function (this: Element) {
              return this.getAttribute('aria-label') ?? (this instanceof HTMLTableElement ? this.caption?.textContent ?? '' : this.textContent ?? '');
            }),
          });
          const own = String(result.value);
          const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
          const node = nodes[0];
          const said = String(node?.name?.value ?? '');
          // Not in the accessibility tree (the hidden page list and landmarks): nothing is said.
          if (!node || node.ignored || node.role?.value === 'none' || (own === '' && said === '')) continue;
          checked.push(said);
          if (bare(said) !== bare(own)) misnamed.push(`${file}: ${node.role?.value} "${said}" (its words: "${own}")`);
        }
      }
      await cdp.detach();
    });
    // The fixture still has page markers, and elements holding them before the fix.
    expect(markers, name).toBeGreaterThan(1);
    expect(checked.length, name).toBeGreaterThan(3);
    expect(misnamed).toEqual([]);
  });
});
