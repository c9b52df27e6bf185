/**
 * The e-book's own pages: which there are, their templates and their names.
 * Shared by the writer (src/epub/index.ts) and a collection's layout
 * (src/epub/collection.ts).
 */
import path from 'node:path';
import { readTemplate } from '../templates.js';

export type PageId = 'cover' | 'titlepage' | 'contents' | 'article' | 'credits' | 'colophon';

/** The names of the e-book's own pages (templates/epub/page-titles.json); the article's page is named by its headline. */
export function pageTitles(templatesDir: string, headline: string): Record<PageId, string> {
  const file = 'epub/page-titles.json';
  const titles = JSON.parse(readTemplate(file, templatesDir)) as Partial<Record<PageId, unknown>>;
  const named = { ...titles, article: headline };
  for (const id of ['cover', 'titlepage', 'credits', 'colophon'] as const) {
    if (typeof named[id] !== 'string' || named[id] === '') throw new Error(`${path.join(templatesDir, file)}: "${id}" needs the page's name.`);
  }
  return named as Record<PageId, string>;
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
