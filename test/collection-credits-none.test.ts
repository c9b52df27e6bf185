/**
 * A collection's "Sources and credits" says once that an article has nothing
 * to credit (it said it twice, in two wordings), with a typographic
 * apostrophe; an article's own edition still says it in its own words.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';

const good = (name: string): string => path.join(repoRoot, 'test', 'fixtures', 'good', name);
const flat = (text: string): string => text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('an article with nothing to credit', () => {
  const out = tempDir('galley-credits-none-');
  let status: number | null;
  let stderr: string;

  beforeAll(() => {
    ({ status, stderr } = runCli(['epub', good('collection-plain'), good('verse-in-prose'), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() }));
  }, 120_000);

  it('is said once in a collection, and in the article\'s own edition', async () => {
    expect(status, stderr).toBe(0);
    const collection = flat(await entryText(await openEpub(path.join(out, 'collection-plain.epub')), 'OEBPS/credits.xhtml'));
    expect(collection).toContain('The notebook of a harbour clerk No pictures, agency copy or earlier publication to credit. The harbour at first light');
    expect(collection).not.toContain('This article has no pictures');
    expect(collection).not.toContain("article's");
    const article = flat(await entryText(await openEpub(path.join(out, 'verse-in-prose.epub')), 'OEBPS/credits.xhtml'));
    expect(article).toContain('This article has no pictures, no agency copy and no earlier publication to credit, and names no rights holder.');
  });
});
