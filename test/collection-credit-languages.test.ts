/**
 * A collection's "Sources and credits" quotes each article's captions,
 * credits, publication and rights in the article's language. Only the
 * article's heading carried its lang and dir; the Arabic caption and credit
 * sat in an entry in the book's English, so a screen reader spoke them with
 * the English voice. Here the Arabic article of an English collection
 * (test/fixtures/good/collection-rtl) has each credit entry in Arabic, right
 * to left, galley's words in it ("Figure 1, page 4:", "Photo") in English, in
 * the e-book's markup and in the PDF's tagged structure; the English
 * article's entries carry no marks.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { languageElements, type Tagged } from './pdf-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-rtl');
const CAPTION = 'الميناء في الصباح الباكر';

describe("a collection's credits in each article's language", () => {
  let credits: string;
  let tagged: Tagged[];

  beforeAll(async () => {
    const out = tempDir('galley-collection-credit-languages-');
    const result = runCli(['build', FIXTURE, '--out', out, '--quiet', '--no-page-list']);
    expect(result.status, result.stderr).toBe(0);
    credits = await entryText(await openEpub(path.join(out, 'collection-rtl.epub')), 'OEBPS/credits.xhtml');
    tagged = await languageElements(path.join(out, 'collection-rtl.pdf'));
  }, 240_000);

  /** The credit entries (li) of the section of the credits that `id` heads. */
  const entries = (id: string): string[] => {
    const start = credits.indexOf(`aria-labelledby="${id}"`);
    const section = credits.slice(start, credits.indexOf('</section>', start));
    return section.match(/<li\b[^>]*>[\s\S]*?<\/li>/g) ?? [];
  };

  it("sets each of the Arabic article's credit entries in Arabic, right to left, galley's words in it in English (e-book)", () => {
    const arabic = entries('credits-part-1');
    // Two pictures and one source quoted.
    expect(arabic).toHaveLength(3);
    for (const entry of arabic) expect(entry).toMatch(/^<li lang="ar" xml:lang="ar" dir="rtl">/);
    expect(arabic[0]).toMatch(/<span lang="en" xml:lang="en" dir="ltr" aria-atomic="false"><a class="credit-figure"[^>]*>Figure 1<\/a>, page \d+:<\/span>/);
    expect(arabic[0]).toContain(`<span class="credit-caption">${CAPTION}`);
    expect(arabic[0]).toContain('<span class="credit-line"><span lang="en" xml:lang="en" dir="ltr" aria-atomic="false">Photo</span>: ');
    expect(credits).toMatch(/<p class="rights" lang="ar" xml:lang="ar" dir="rtl">© 2024 دار مثال للنشر<\/p>/);
    // The English article's entry, in the book's language: no marks.
    const english = entries('credits-part-3');
    expect(english).toHaveLength(1);
    expect(english[0]).toMatch(/^<li>\s*<a class="credit-figure"/);
  });

  it("tags the Arabic caption and credit with /Lang ar in the PDF, and galley's words in them with /Lang en", () => {
    // The entry itself (its figure's number, caption and credit): the article's own figure caption is tagged ar on its page as well.
    const caption = tagged.find((element) => element.lang === 'ar' && element.text.includes('الصباح') && element.text.includes('Figure'));
    expect(caption, JSON.stringify(tagged.filter((element) => element.lang === 'ar').map((element) => [element.role, element.text.slice(0, 40)]))).toBeDefined();
    expect(caption!.text).toContain('مثال');
    expect(tagged.some((element) => element.lang === 'en' && /^Figure\s*1,\s*page\s*\d+:$/.test(element.text.trim()))).toBe(true);
  });
});
