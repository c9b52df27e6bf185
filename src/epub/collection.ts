/**
 * A collection's e-book: the pages and contents of a document with parts.
 * Cover, title page, a contents page (each article's headline, byline and
 * dek), one page per article (its own headline block, body and notes),
 * "Sources and credits" grouped by article, colophon. The navigation nests
 * each article's sections under its headline.
 */
import type { GalleyDocument } from '../document.js';
import { hyphenateForScreens, screenRagged, screenTitles } from '../hyphenation.js';
import { renderTemplate } from '../templates.js';
import { runsHtml } from '../line-breaks.js';
import { coverPictureView, documentView, documentWords, joinNames, languageAttributes } from '../view.js';
import type { Words } from '../words.js';
import { creatorsOf } from './creators.js';
import type { Page, PageId } from './pages.js';
import { contentToXhtml, saidIn } from './xhtml.js';

export interface TocEntry {
  title: string;
  href: string;
  children: TocEntry[];
  /** lang, xml:lang and dir of an entry in another language than the book's (languageAttributes), with its children. */
  attributes?: string;
  /** The entry as markup: a headline whose runs the manuscript marks in their languages, each in a span of its own (runsHtml). */
  html?: string;
}

/** The `html` of a headline's entry in the navigation, when the manuscript marks its runs' languages. */
export function headlineEntry(metadata: GalleyDocument['metadata']): Pick<TocEntry, 'html'> {
  return metadata.titleRuns ? { html: runsHtml(metadata.titleRuns, metadata.language) } : {};
}

/** A section of the article in the navigation: an h2 with the h3s under it, or an h3 before any h2. */
export interface SectionHeading {
  id: string;
  title: string;
  level?: 2 | 3 | 4 | 5 | 6;
  children: SectionHeading[];
}

/**
 * The navigation's entries for an article's sections, in `href`: h2s with
 * the levels under them nested, down to h6, as the PDF's outline has them
 * (Chromium's, from every heading): a field guide's "Smoke alarms" (h5) was
 * among the PDF's bookmarks but not in the e-book's contents.
 */
export function sectionEntries(headings: SectionHeading[], href: string): TocEntry[] {
  return headings.map((heading) => ({ title: heading.title, href: `${href}#${heading.id}`, children: sectionEntries(heading.children, href) }));
}

/**
 * The navigation's entry for an article's notes, after its sections, as the
 * PDF's outline has "Notes" there: the notes' heading in `href`, in the words
 * the heading is set in (the article's own). None when the article has no notes.
 */
export function notesEntries(notes: { notes: unknown[]; notesLabelId: string | undefined }, href: string, words: Words): TocEntry[] {
  if (notes.notes.length === 0) return [];
  return [{ title: words.t('notes'), html: words.html('notes'), href: `${href}#${notes.notesLabelId ?? 'notes-heading'}`, children: [] }];
}

interface LayoutContext {
  templatesDir: string;
  /** What every page template gets: typefaces, licences, identifier, dates, version. */
  common: Record<string, unknown>;
  /** Wraps a page's markup in the XHTML page template. */
  wrap: (page: Page, title: string, inner: string, language?: { lang: string; dir: string }, titleAttributes?: string) => string;
  /** The names of the e-book's own pages. */
  titles: Record<PageId, string>;
  /** galley's words, in the collection's language: its parts' credits are labelled in them too. */
  words: Words;
  /** The article's `##` headings (src/epub/index.ts). */
  sectionHeadings: (content: GalleyDocument['content']) => SectionHeading[];
  /** The print page of each figure (the print record's), for the credits; parts keep their prefixed figure ids. */
  figurePages?: ReadonlyMap<string, number>;
}

/** The file of the collection's n-th article (1-based). */
export function partFile(index: number): string {
  return `article-${index}.xhtml`;
}

export function collectionLayout(doc: GalleyDocument, context: LayoutContext): { pages: Array<Page & { title: string; xhtml: string }>; toc: TocEntry[]; bodyHref: string } {
  const { templatesDir, common, wrap } = context;
  const parts = doc.parts ?? [];
  const words = context.titles;
  const imageHref = (assetId: string): string => {
    const image = doc.assets.images.find((candidate) => candidate.id === assetId);
    return image ? `images/${image.id}.${image.extension}` : assetId;
  };
  const partViews = parts.map((part, index) => {
    const view = screenTitles(
      documentView(part, (figureId) => `${partFile(index + 1)}#${figureId}`, {
        templatesDir,
        words: context.words,
        language: doc.metadata.language,
        ...(context.figurePages ? { figurePages: context.figurePages } : {}),
        markup: (content) => contentToXhtml({ type: 'root', children: content }, imageHref, { said: saidIn(context.words) }).body,
      }),
      part.metadata.language,
    );
    // An article in another language than the collection's is quoted in its own (its headline, dek and names).
    const ownLanguage = languageAttributes(part.metadata.language, doc.metadata.language);
    const bookLanguage = languageAttributes(doc.metadata.language, part.metadata.language);
    return { part, view, href: partFile(index + 1), id: `credits-part-${index + 1}`, headingId: `part-${index + 1}-headline`, ownLanguage, bookLanguage };
  });
  const view = screenTitles(collectionView(doc, context.words), doc.metadata.language);
  const page = (id: string, filename: string, title: string, template: string, bodyType: string, bodyClass: string, data: Record<string, unknown>, extra: Partial<Page> = {}, language?: { lang: string; dir: string }) => {
    const spec: Page = { id, filename, template, bodyType, bodyClass, ...extra };
    // An article's page is named by its headline; the collection's own pages by galley's words, each under the page's id.
    const titleAttributes = id.startsWith('article-') ? '' : context.words.attributesOf(id);
    return { ...spec, title, xhtml: wrap(spec, title, renderTemplate(template, { ...common, ...data }, templatesDir), language, titleAttributes) };
  };
  // Each article's notes, for its entry in the navigation.
  const partNotes: TocEntry[][] = [];
  const pages = [
    page('cover', 'cover.xhtml', words.cover, 'epub/cover.xhtml.ejs', 'frontmatter', 'cover-page', { view }, { excludeFromToc: true }),
    page('titlepage', 'titlepage.xhtml', words.titlepage, 'epub/collection-titlepage.xhtml.ejs', 'frontmatter', 'titlepage-page', { view }),
    page('contents', 'contents.xhtml', words.contents, 'epub/contents.xhtml.ejs', 'frontmatter', 'contents-page', { entries: partViews }),
    ...partViews.map(({ part, href, headingId }, index) => {
      // An article's own page speaks its language, as it does alone: its byline's "By … and …", its date, its notes'
      // heading and its tables' labels from its words table, in a page marked with its language. (The contents and
      // the credits, which quote it among the collection's words, keep the collection's.)
      const ownWords = documentWords(part, templatesDir);
      const ownView = documentView(part, (figureId) => `#${figureId}`, { templatesDir, words: ownWords, markup: (content) => contentToXhtml({ type: 'root', children: content }, imageHref, { said: saidIn(ownWords) }).body });
      const article = contentToXhtml(hyphenateForScreens(part.content, part.metadata.language), imageHref, { tableLabel: (n) => ownWords.t('table', { n }), said: saidIn(ownWords) });
      // Ragged in a language with no hyphenation patterns (see screenRagged).
      const bodyClass = screenRagged(part.metadata.language) ? 'article-page unhyphenated' : 'article-page';
      partNotes[index] = notesEntries(article, href, ownWords);
      return page(`article-${index + 1}`, href, part.metadata.title, 'epub/collection-article.xhtml.ejs', 'bodymatter', bodyClass, {
        view: ownView,
        words: ownWords,
        headingId,
        body: article.body,
        notes: article.notes,
        notesLabelId: article.notesLabelId,
      }, {}, { lang: part.metadata.language, dir: part.metadata.direction ?? 'ltr' });
    }),
    page('credits', 'credits.xhtml', words.credits, 'epub/collection-credits.xhtml.ejs', 'backmatter', 'credits-page', {
      cover: doc.cover ? coverPictureView(doc.cover, context.words) : undefined,
      parts: partViews,
      rights: doc.metadata.rights,
    }),
    page('colophon', 'colophon.xhtml', words.colophon, 'epub/colophon.xhtml.ejs', 'backmatter', 'colophon-page', {}),
  ];
  const toc: TocEntry[] = [
    // galley's own pages' entries as markup: a word said in English (no word for it in the language's table) is marked so (Words.html).
    { title: words.titlepage, html: context.words.html('titlepage'), href: 'titlepage.xhtml', children: [] },
    { title: words.contents, html: context.words.html('contents'), href: 'contents.xhtml', children: [] },
    ...partViews.map(({ part, href, ownLanguage }, index) => ({
      title: part.metadata.title,
      ...headlineEntry(part.metadata),
      href,
      ...(ownLanguage ? { attributes: ownLanguage } : {}),
      children: [...sectionEntries(context.sectionHeadings(part.content), href), ...(partNotes[index] ?? [])],
    })),
    {
      title: words.credits,
      html: context.words.html('credits'),
      href: 'credits.xhtml',
      children: partViews.map(({ part, id, ownLanguage }) => ({ title: part.metadata.title, ...headlineEntry(part.metadata), href: `credits.xhtml#${id}`, children: [], ...(ownLanguage ? { attributes: ownLanguage } : {}) })),
    },
    { title: words.colophon, html: context.words.html('colophon'), href: 'colophon.xhtml', children: [] },
  ];
  return { pages, toc, bodyHref: partFile(1) };
}

/** What a collection's title page shows. */
export function collectionView(doc: GalleyDocument, words?: Words) {
  const base = documentView({ ...doc, credits: [] }, () => '', words ? { words } : {});
  return { ...base, editors: joinNames(doc.metadata.editors ?? [], (words ?? documentWords(doc)).language) };
}

/**
 * Who library apps name as the collection's makers: its editors (MARC
 * `edt`), then every article's authors, or, for an article without a
 * byline, whoever answers for it; the publisher when that leaves no one.
 */
export function collectionCreators(doc: GalleyDocument): Array<{ name: string; role?: string }> {
  const creators = [
    ...(doc.metadata.editors ?? []).map((name) => ({ name, role: 'edt' })),
    ...(doc.parts ?? []).flatMap((part) => creatorsOf(part.metadata)),
  ];
  const seen = new Set<string>();
  const unique = creators.filter((creator) => (seen.has(creator.name) ? false : (seen.add(creator.name), true)));
  if (unique.length > 0) return unique;
  return doc.metadata.publisher ? [{ name: doc.metadata.publisher }] : [];
}
