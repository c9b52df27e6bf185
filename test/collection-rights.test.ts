/**
 * A collection's own rights (collection.yaml `rights`) are printed where a
 * reader looks for them: under "Sources and credits", after the cover's
 * credit and before the articles', in the e-book, the PDF and on the download
 * page. They reached only the package's dc:rights, while each article's own
 * rights stood under its headline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, parseHtml, repoRoot, runCli, tempDir, texts } from './helpers.js';
import { pdfText, run } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-rtl');
const RIGHTS = '© 2024 Lakeside Collection Rights Holder';

describe('a collection’s own rights', () => {
  const out = tempDir('galley-collection-rights-');

  beforeAll(() => {
    const result = runCli(['build', FIXTURE, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status, result.stderr).toBe(0);
  }, 400_000);

  it('stands under its heading in the e-book’s sources and credits, before the articles’', async () => {
    const credits = await entryText(await openEpub(path.join(out, 'collection-rtl.epub')), 'OEBPS/credits.xhtml');
    const tree = parseHtml(credits);
    expect(texts(tree, '.credits-rights h3')).toEqual(['Rights']);
    expect(texts(tree, '.credits-rights p.rights')).toEqual([RIGHTS]);
    expect(credits.indexOf(RIGHTS)).toBeLessThan(credits.indexOf('class="credits-article"'));
  });

  it('is in the PDF’s metadata (XMP dc:rights), as in the e-book’s package', () => {
    expect(run('pdfinfo', ['-meta', path.join(out, 'collection-rtl.pdf')])).toContain(`<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">${RIGHTS}</rdf:li></rdf:Alt></dc:rights>`);
  });

  it('is printed in the PDF’s sources and credits, before the first article’s', () => {
    const text = pdfText(path.join(out, 'collection-rtl.pdf'));
    const credits = text.lastIndexOf('Sources and credits');
    expect(credits).toBeGreaterThan(0);
    const at = text.indexOf(RIGHTS, credits);
    expect(at).toBeGreaterThan(credits);
    // Under its own heading (set in capitals), before the first article's pictures.
    expect(text.slice(credits, at)).toMatch(/Rights/i);
    const pictures = text.slice(credits).search(/Pictures/i);
    expect(pictures).toBeGreaterThan(0);
    expect(at).toBeLessThan(credits + pictures);
  });

  it('is on the download page, with the collection’s sources and credits', () => {
    const page = readFileSync(path.join(out, 'index.html'), 'utf8');
    const sources = page.indexOf('class="sources"', page.indexOf('Harbours in three languages'));
    expect(sources).toBeGreaterThan(0);
    expect(page.indexOf(RIGHTS, sources)).toBeGreaterThan(sources);
    expect(page.indexOf(RIGHTS, sources)).toBeLessThan(page.indexOf('class="source-article"', sources));
  });
});
