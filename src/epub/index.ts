/**
 * The EPUB writer: GalleyDocument → EPUB 3 package.
 *
 * epub-gen-memory assembles the package (zip layout, OPF/nav/NCX from our
 * templates). We subclass it where its defaults do not fit a reproducible,
 * valid edition: the identifier comes from the content, not a random UUID;
 * pictures, fonts and the cover come from memory instead of being fetched; zip
 * entry times are pinned; and each page is our own XHTML rather than HTML it
 * rewrites (it drops attributes such as epub:type and width).
 */
import path from 'node:path';
import { EPub, type Options } from 'epub-gen-memory';
import type JSZip from 'jszip';
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { FigureKind, GalleyDocument } from '../document.js';
import { headingWords } from '../heading-words.js';
import { hyphenateForScreens, screenRagged, screenTitles } from '../hyphenation.js';
import { printPagination, type PrintEdition } from '../print-edition.js';
import { insertPageBreaks } from './page-breaks.js';
import { renderEpubCover } from './cover.js';
import { cutLongPictures } from './long-pictures.js';
import { groundPictures } from './picture-grounds.js';
import { saidIn } from './xhtml.js';
import { coverFileType, coverFormatOf } from '../cover.js';
import { defaultTemplatesDir, readTemplate, renderTemplate } from '../templates.js';
import { version } from '../version.js';
import { colophonDateSource, documentView, documentWords, editionDate, isoSeconds } from '../view.js';
import { writeFileAtomic } from '../write-atomic.js';
import { isZippedAhead, packageFont, storedAhead, ZIP_LEVEL, zippedAhead } from './fonts.js';
import { contentToXhtml } from './xhtml.js';
import { fontFaceRules, fontFiles } from '../typefaces.js';
import { collectionCreators, collectionLayout, headlineEntry, notesEntries, sectionEntries, type SectionHeading, type TocEntry } from './collection.js';
import { creatorsOf } from './creators.js';
import { PAGES, pageTitles, type Page } from './pages.js';

export interface EpubOptions {
  /** Where to write the .epub. */
  outFile: string;
  templatesDir?: string;
  /** The edition's date; SOURCE_DATE_EPOCH or the article's date by default. */
  date?: Date;
  /**
   * The print edition's record: the credits name each picture's printed
   * page, and its page starts (when it has them) add page-break markers and
   * a page list.
   */
  print?: PrintEdition;
  /** The cover, when it was started earlier (see renderEpubCover). */
  cover?: Promise<Buffer>;
}

export { renderEpubCover } from './cover.js';

interface PackagedFile {
  name: string;
  bytes: Buffer;
}

/**
 * Entries of the zip smaller than this are stored rather than deflated,
 * unless they were deflated ahead (the fonts, the licences, the stylesheet:
 * zippedAhead). Deflating an article's pages, its package document and its
 * navigation saves a few kilobytes (the seed: 10 KB of an e-book of about
 * 560 KB), while pako's first use in a process costs about 25 ms of the main
 * thread of a cold `galley epub` and about 45 ms more of V8 compiling it, a
 * sixth of the e-book's whole CPU. A longer page is deflated as before.
 */
export const STORE_BELOW = 16 * 1024;

/** What jszip keeps of an entry's data before the zip is written (its internals: jszip 3 exposes no size). */
interface ZipEntryData {
  _data: unknown;
  _dataBinary: boolean;
}

/** The bytes a zip entry's data is written as, or undefined when it is not plain data. */
async function entryBytes(entry: JSZip.JSZipObject): Promise<Uint8Array | undefined> {
  const { _data, _dataBinary } = entry as unknown as ZipEntryData;
  if (isZippedAhead(_data)) return undefined;
  const data = await _data;
  // jszip writes a string as UTF-8, or one byte a character when it was given as binary.
  if (typeof data === 'string') return Buffer.from(data, _dataBinary ? 'latin1' : 'utf8');
  return data instanceof Uint8Array ? data : undefined;
}

/** epub-gen-memory with in-memory assets and a content-derived identifier. */
class GalleyEPub extends EPub {
  constructor(
    options: Options,
    content: ConstructorParameters<typeof EPub>[1],
    private readonly assets: {
      identifier: string;
      images: Array<PackagedFile & { id: string; extension: string; mediaType: string }>;
      fonts: PackagedFile[];
      /** Typeface licences, as plain text beside the fonts (see licenceFiles). */
      licences: PackagedFile[];
      /** META-INF/com.apple.ibooks.display-options.xml */
      appleDisplayOptions: string;
      /** The stylesheet (OEBPS/style.css), as epub-gen-memory was given it. */
      css: string;
      cover: Buffer;
      date: Date;
    },
  ) {
    super(options, content);
    this.uuid = assets.identifier;
    this.images = assets.images.map(({ id, extension, mediaType }) => ({ id, extension, mediaType, url: `${id}.${extension}` }));
    this.cover = coverFileType(coverFormatOf(assets.cover));
  }

  protected override async downloadAllImages(): Promise<void> {
    // No folder for no pictures: EPUBCheck warns about an empty one.
    if (this.assets.images.length === 0) return;
    const folder = this.zip.folder('OEBPS')!.folder('images')!;
    for (const image of this.assets.images) folder.file(`${image.id}.${image.extension}`, image.bytes);
  }

  protected override async downloadAllFonts(): Promise<void> {
    const folder = this.zip.folder('OEBPS')!.folder('fonts')!;
    // Deflated ahead (and kept in the font cache): jszip stores such an entry as it is. Its types know only plain data.
    for (const font of this.assets.fonts) folder.file(font.name, (await zippedAhead(font.bytes)) as unknown as Uint8Array);
    for (const licence of this.assets.licences) folder.file(licence.name, (await zippedAhead(licence.bytes)) as unknown as Uint8Array);
  }

  protected override async makeCover(): Promise<void> {
    this.zip.folder('OEBPS')!.file(`cover.${this.cover!.extension}`, this.assets.cover);
  }

  override async genEpub(): Promise<Buffer> {
    await this.render();
    // Apple Books sets its own typeface over the book's unless told otherwise.
    this.zip.folder('META-INF')!.file('com.apple.ibooks.display-options.xml', this.assets.appleDisplayOptions);
    // The same bytes as epub-gen-memory's own entry (jszip writes a string as UTF-8), deflated ahead.
    this.zip.folder('OEBPS')!.file('style.css', (await zippedAhead(Buffer.from(this.assets.css, 'utf8'))) as unknown as Uint8Array);
    for (const entry of Object.values(this.zip.files)) {
      // Zip entry times are part of the bytes: pin them to the edition date, as near as a zip can hold it.
      entry.date = zipEntryDate(this.assets.date);
      // Images and WOFF2 fonts are compressed already. Deflating a PNG again
      // saves about a tenth of its size (the cover: 330 → 296 KB) and is most
      // of the time an e-book takes to zip (70 ms of 80). Small pages are
      // stored (STORE_BELOW).
      const bytes = entry.dir ? undefined : await entryBytes(entry);
      if (/\.(jpe?g|png|gif|webp|woff2)$/.test(entry.name) || (bytes !== undefined && bytes.length < STORE_BELOW)) {
        (entry.options as { compression?: string }).compression = 'STORE';
        // Stored with its CRC-32 worked out ahead (storedAhead).
        if (bytes) (entry as unknown as ZipEntryData)._data = storedAhead(bytes);
      }
    }
    return this.zip.generateAsync({
      type: 'nodebuffer',
      mimeType: 'application/epub+zip',
      compression: 'DEFLATE',
      compressionOptions: { level: ZIP_LEVEL },
    });
  }
}

/** Builds the EPUB in memory. */
export interface BuiltEpub {
  buffer: Buffer;
  /** Print pages marked in the e-book: every page of the print edition, in order. */
  pageList: Array<{ page: number; href: string; label: string }>;
}

/**
 * The e-book's page list would miss pages of the print edition: a build
 * error, since "page N" must mean the same words in either edition.
 */
export class PageListError extends Error {
  constructor(readonly pages: Array<{ page: number; text: string }>) {
    const shown = pages.map(({ page, text }) => `${page} (opening "${text.slice(0, 60)}${text.length > 60 ? '…' : ''}")`).join(', ');
    super(
      `print page${pages.length === 1 ? '' : 's'} ${shown} not found in the e-book's text, so its page list would have gaps; ` +
        'the print edition shows text the e-book lacks: make both editions say the same words there',
    );
    this.name = 'PageListError';
  }
}

/**
 * The MARC relator (https://id.loc.gov/vocabulary/relators) the OPF gives the
 * maker of each kind of picture. pht (Photographer) and ctg (Cartographer:
 * "responsible for creating a map, atlas, globe, or other cartographic work")
 * say it exactly. Graphics and charts go with illustrations under ill
 * (Illustrator: "contributing to a resource by supplementing the primary
 * content with drawings, diagrams, photographs, etc."): in an article they
 * supplement the text, which is the primary content. art (Artist) is for
 * works whose primary content is the artwork itself, and the list itself
 * says "for book illustrators, prefer Illustrator [ill]".
 */
const MARC_ROLES: Record<FigureKind, string> = {
  photo: 'pht',
  map: 'ctg',
  illustration: 'ill',
  graphic: 'ill',
  chart: 'ill',
};

export async function buildEpub(original: GalleyDocument, options: Omit<EpubOptions, 'outFile'> = {}): Promise<BuiltEpub> {
  // A long infographic goes in as pieces a screen can show (the cover draws it whole), and a transparent
  // picture on its white ground, which a reading app's night theme cannot take away (the print edition keeps the original).
  const doc = await groundPictures(await cutLongPictures(original));
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const date = options.date ?? editionDate(doc);
  const { metadata } = doc;
  // galley's own words, in the article's language (a collection's: the collection's).
  const words = documentWords(doc, templatesDir);
  const imageHref = (assetId: string): string => {
    const image = doc.assets.images.find((candidate) => candidate.id === assetId);
    return image ? `images/${image.id}.${image.extension}` : assetId;
  };
  const view = screenTitles(
    documentView(doc, (figureId) => `article.xhtml#${figureId}`, {
      templatesDir,
      words,
      ...(options.print ? { figurePages: options.print.figurePages } : {}),
      markup: (content) => contentToXhtml({ type: 'root', children: content }, imageHref, { said: saidIn(words) }).body,
    }),
    metadata.language,
  );
  // A word too long for a phone's line gets soft hyphens (src/hyphenation.ts); the navigation and the OPF keep the words whole.
  const article = contentToXhtml(hyphenateForScreens(doc.content, metadata.language), imageHref, { tableLabel: (n) => words.t('table', { n }), said: saidIn(words) });
  const typefaces = doc.assets.typefaces;
  // The e-book ships each file as TrueType (see fonts.ts), under the same @font-face rules.
  const sfnt = new Map(await Promise.all(fontFiles(typefaces).map(async (font) => [font.fileName, await packageFont(font)] as const)));
  const epubTypefaces = typefaces.map((typeface) => ({
    ...typeface,
    fonts: typeface.fonts.map((font) => {
      const packaged = sfnt.get(font.fileName)!;
      return { ...font, fileName: packaged.fileName, mediaType: packaged.mediaType, bytes: packaged.bytes };
    }),
  }));
  const fonts = fontFiles(epubTypefaces);
  const licences = licenceFiles(typefaces);

  const fontFaces = fontFaceRules(epubTypefaces, (font) => `fonts/${font.fileName}`);
  const css = `${fontFaces}\n\n${readTemplate('epub/style.css', templatesDir)}`;

  const cover = await (options.cover ?? renderEpubCover(original, templatesDir));

  const dateSource = colophonDateSource(doc, options.date !== undefined);
  const titles = pageTitles(words, metadata.title);
  // The cover page shows the cover under its own name: cover.jpg (or cover.png, drawn so by a caller).
  const coverImage = `cover.${coverFileType(coverFormatOf(cover)).extension}`;
  // The colophon names the publisher the manuscript names (the title page has it in the view).
  const common = { typefaces, licences, identifier: doc.identifier, buildDate: isoSeconds(date), dateSource, version, words, coverImage, publisher: metadata.publisher };
  const wrap = (page: Page, title: string, inner: string, language?: { lang: string; dir: string }, titleAttributes = ''): string =>
    renderTemplate(
      'epub/page.xhtml.ejs',
      {
        lang: language?.lang ?? metadata.language,
        dir: language?.dir ?? metadata.direction ?? 'ltr',
        // A reading app pages every chapter the way the spine runs (page-progression-direction): a chapter written the
        // other way keeps the book's on html and body and takes its own on a wrapper (templates/epub/page.xhtml.ejs).
        bookDir: metadata.direction ?? 'ltr',
        title,
        titleAttributes,
        bodyType: page.bodyType,
        // The article's text, ragged in a language with no hyphenation patterns (see screenRagged).
        bodyClass: page.id === 'article' && screenRagged(metadata.language) ? `${page.bodyClass} unhyphenated` : page.bodyClass,
        xhtml: inner,
      },
      templatesDir,
    );
  let layout: { pages: Array<Page & { title: string; xhtml: string }>; toc: TocEntry[]; bodyHref: string };
  if (doc.parts) {
    layout = collectionLayout(doc, { templatesDir, common, words, wrap, sectionHeadings, titles, ...(options.print ? { figurePages: options.print.figurePages } : {}) });
  } else {
    const data = { view, body: article.body, notes: article.notes, notesLabelId: article.notesLabelId, ...common };
    const pages = PAGES.map((page) => {
      const title = titles[page.id];
      // The article's page is named by its headline; the others by galley's words, each under the page's id.
      const titleAttributes = page.id === 'article' ? '' : words.attributesOf(page.id);
      return { ...page, title, xhtml: wrap(page, title, renderTemplate(page.template, data, templatesDir), undefined, titleAttributes) };
    });
    const headings = sectionHeadings(doc.content);
    const toc = [
      { title: titles.titlepage, html: words.html('titlepage'), href: 'titlepage.xhtml', children: [] },
      { title: titles.article, ...headlineEntry(metadata), href: 'article.xhtml', children: [...sectionEntries(headings, 'article.xhtml'), ...notesEntries(article, 'article.xhtml', words)] },
      { title: titles.credits, html: words.html('credits'), href: 'credits.xhtml', children: [] },
      { title: titles.colophon, html: words.html('colophon'), href: 'colophon.xhtml', children: [] },
    ];
    layout = { pages, toc, bodyHref: 'article.xhtml' };
  }
  let pages = layout.pages;
  let pageList: Array<{ page: number; href: string; label: string }> = [];
  const pagination = printPagination(options.print);
  if (pagination) {
    // Each page named as its folio writes it, in the article's digits (words.number: a Persian ۲).
    const breaks = insertPageBreaks(pages, pagination, new Set(doc.uncovered ?? []), (page) => words.number(page));
    pages = pages.map((page, index) => ({ ...page, xhtml: breaks.files[index]!.xhtml }));
    pageList = breaks.pageList;
    if (breaks.unplaced.length > 0) {
      const unplaced = new Set(breaks.unplaced);
      throw new PageListError(pagination.pages.filter(({ page }) => unplaced.has(page)));
    }
  }
  const chapters = pages.map((page) => ({
    id: page.id,
    title: page.title,
    filename: page.filename,
    content: '',
    excludeFromToc: page.excludeFromToc ?? false,
    beforeToc: true,
    linear: page.linear ?? true,
    xhtml: page.xhtml,
  }));

  const hasImages = doc.assets.images.length > 0;
  const galley = {
    version,
    identifier: doc.identifier,
    title: metadata.title,
    subtitle: metadata.subtitle,
    language: metadata.language,
    direction: metadata.direction ?? 'ltr',
    date: metadata.date,
    modified: isoSeconds(date),
    creators: doc.parts ? collectionCreators(doc) : creatorsOf(metadata),
    licences: licences.map((licence) => ({ id: licence.id, href: `fonts/${licence.name}` })),
    contributors: uniqueBy(
      // A credit that names no maker (a handout, a family's picture, an archive's) is no contributor: it is in the credits as written.
      // Each maker a contributor of their own: "Ann Smith and Bo Li" is two photographers.
      doc.credits.flatMap((credit) => credit.makers.map((name) => ({ name, role: MARC_ROLES[credit.kind] }))),
      (contributor) => `${contributor.name}\n${contributor.role}`,
    ),
    publisher: metadata.publisher,
    source: metadata.source.url ?? metadata.source.publication,
    rights: metadata.rights,
    subjects: metadata.keywords,
    // A chart is named among the visual modes as what it is (schema.org's chartOnVisual): its data is in its picture.
    accessModes: hasImages ? ['textual', 'visual', ...(doc.credits.some((credit) => credit.kind === 'chart') ? ['chartOnVisual'] : [])] : ['textual'],
    accessModesSufficient: hasImages ? ['textual', 'textual,visual'] : ['textual'],
    accessibilityFeatures: [
      'structuralNavigation',
      'tableOfContents',
      'readingOrder',
      'displayTransformability',
      ...(hasImages ? ['alternativeText'] : []),
      ...(pageList.length > 0 ? ['pageBreakMarkers', 'pageNavigation'] : []),
    ],
    pageList,
    pageBreakSource: pageList.length > 0 ? pagination?.identifier : undefined,
    accessibilitySummary: renderTemplate('epub/accessibility-summary.txt.ejs', { hasImages, pageList: pageList.length > 0, words }, templatesDir).trim(),
    toc: layout.toc,
    bodyHref: layout.bodyHref,
    isCollection: doc.parts !== undefined,
    /** The names of the e-book's own pages, for the landmarks. */
    pageTitles: titles,
    /** galley's words (src/words.ts), for the package document and the navigation. */
    words,
  };

  const epub = new GalleyEPub(
    {
      title: metadata.title,
      description: metadata.subtitle ?? '',
      author: metadata.authors,
      lang: metadata.language,
      date: metadata.date,
      css,
      // Pages are complete documents already (page-break markers need the whole page).
      chapterXHTML: '<%- xhtml %>',
      contentOPF: readTemplate('epub/content.opf.ejs', templatesDir),
      tocXHTML: readTemplate('epub/nav.xhtml.ejs', templatesDir),
      fonts: fonts.map((font) => ({ filename: font.fileName, url: font.fileName })),
      prependChapterTitles: false,
      numberChaptersInTOC: false,
      tocInTOC: false,
      verbose: false,
      // Extra data for our OPF and nav templates (epub-gen-memory passes options through).
      galley,
    } as Options & { galley: typeof galley },
    chapters,
    {
      identifier: doc.identifier,
      images: doc.assets.images.map((image) => ({ id: image.id, extension: image.extension, mediaType: image.mediaType, name: image.id, bytes: image.bytes })),
      fonts: fonts.map((font) => ({ name: font.fileName, bytes: font.bytes })),
      licences: licences.map((licence) => ({ name: licence.name, bytes: Buffer.from(licence.text, 'utf8') })),
      appleDisplayOptions: readTemplate('epub/com.apple.ibooks.display-options.xml', templatesDir),
      css,
      cover,
      date,
    },
  );
  const buffer = await epub.genEpub();
  return { buffer, pageList };
}

/** Builds the EPUB and writes it atomically: the previous edition survives any failure. */
export async function renderEpub(doc: GalleyDocument, options: EpubOptions): Promise<{ file: string; bytes: number; pages: number }> {
  const built = await buildEpub(doc, options);
  await writeFileAtomic(options.outFile, built.buffer);
  return { file: path.resolve(options.outFile), bytes: built.buffer.length, pages: built.pageList.length };
}

/** The article's `##` headings with the `###` under each (ids from rehype-slug), for the table of contents: a long essay's subsections too. */
export function sectionHeadings(content: GalleyDocument['content']): SectionHeading[] {
  const headings: SectionHeading[] = [];
  // The headings still open, deepest last: a heading goes under the nearest one above it of a higher level.
  const open: SectionHeading[] = [];
  visit(content, 'element', (node: Element) => {
    const level = /^h([2-6])$/.exec(node.tagName)?.[1];
    if (!level || typeof node.properties.id !== 'string' || node.properties.dataFootnotes !== undefined) return;
    if (/footnote-label$/.test(node.properties.id)) return;
    const heading: SectionHeading = { id: node.properties.id, title: headingWords(node), level: Number(level) as 2 | 3 | 4 | 5 | 6, children: [] };
    while (open.length > 0 && open.at(-1)!.level! >= heading.level!) open.pop();
    // An h3 goes under the h2 before it (a long essay's "1.1 On the winter" under "Part 1"), an h4 under its h3, and so on; one before any higher heading stands alone.
    (open.at(-1)?.children ?? headings).push(heading);
    open.push(heading);
  });
  return headings;
}

/**
 * Each typeface's licence as a plain-text file beside its fonts. The SIL Open
 * Font License asks for its text to travel with the fonts, "as stand-alone
 * text files" among other ways; a page of the book would be read (calibre and
 * Kindle ignore `linear="no"` and set it as six pages of text).
 */
function licenceFiles(typefaces: GalleyDocument['assets']['typefaces']): Array<{ id: string; name: string; text: string; family: string }> {
  return typefaces.map((typeface, index) => ({
    id: `font-licence-${index + 1}`,
    name: `${typeface.family.replace(/[^A-Za-z0-9]+/g, '-')}-LICENSE.txt`,
    text: typeface.licenseText,
    family: typeface.family,
  }));
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(key(item)) ? false : (seen.add(key(item)), true)));
}

/** The first and last moments a zip entry's time can hold (MS-DOS's, in UTC as jszip writes it): 1980 to 2107. */
const ZIP_FIRST = Date.UTC(1980, 0, 1);
const ZIP_LAST = Date.UTC(2107, 11, 31, 23, 59, 58);

/**
 * `date` as a zip entry's time: a date the format cannot hold is taken to its
 * nearest end. An article of 1969 had its entries dated 2097 (the year is
 * stored less 1980, in seven bits) and one before 1852 the year 1980 + its
 * remainder; its pages still say the article's own date.
 */
function zipEntryDate(date: Date): Date {
  return new Date(Math.min(Math.max(date.getTime(), ZIP_FIRST), ZIP_LAST));
}
