/**
 * The e-book's own pages: which there are, their templates and their names.
 * Shared by the writer (src/epub/index.ts) and a collection's layout
 * (src/epub/collection.ts).
 */
import type { Words } from '../words.js';

export type PageId = 'cover' | 'titlepage' | 'contents' | 'article' | 'credits' | 'colophon';

/** The names of the e-book's own pages, in the edition's words (templates/words/); the article's page is named by its headline. */
export function pageTitles(words: Words, headline: string): Record<PageId, string> {
  return {
    cover: words.t('cover'),
    titlepage: words.t('titlepage'),
    contents: words.t('contents'),
    article: headline,
    credits: words.t('credits'),
    colophon: words.t('colophon'),
  };
}

export interface Page {
  id: string;
  filename: string;
  template: string;
  bodyType: string;
  bodyClass: string;
  excludeFromToc?: boolean;
  linear?: boolean;
}

export const PAGES: Array<Page & { id: PageId }> = [
  { id: 'cover', filename: 'cover.xhtml', template: 'epub/cover.xhtml.ejs', bodyType: 'frontmatter', bodyClass: 'cover-page', excludeFromToc: true },
  { id: 'titlepage', filename: 'titlepage.xhtml', template: 'epub/titlepage.xhtml.ejs', bodyType: 'frontmatter', bodyClass: 'titlepage-page' },
  { id: 'article', filename: 'article.xhtml', template: 'epub/article.xhtml.ejs', bodyType: 'bodymatter', bodyClass: 'article-page' },
  { id: 'credits', filename: 'credits.xhtml', template: 'epub/credits.xhtml.ejs', bodyType: 'backmatter', bodyClass: 'credits-page' },
  { id: 'colophon', filename: 'colophon.xhtml', template: 'epub/colophon.xhtml.ejs', bodyType: 'backmatter', bodyClass: 'colophon-page' },
];
