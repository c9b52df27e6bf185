/**
 * GalleyDocument → the print page and everything it loads, as in-memory files
 * for the sandbox: index.html, print.css, the typeface's fonts and the
 * pictures. Nothing here touches the disk except reading templates.
 */
import { createHash } from 'node:crypto';
import type { Element, ElementContent, Root } from 'hast';
import type { Position } from 'unist';
import { toHtml } from 'hast-util-to-html';
import { toString } from 'hast-util-to-string';
import type { FontAsset, GalleyDocument, ImageAsset } from '../document.js';
import { codeFontStack, fontFaceRules, fontFiles, fontStack, languagesWithOwnFaces, TEXT_FACE_AVERAGE_ADVANCE_EM } from '../typefaces.js';
import { defaultTemplatesDir, readTemplate, renderTemplate } from '../templates.js';
import { colophonDateSource, coverPictureView, documentView, documentWords, editionDate, isoSeconds, joinNames, languageAttributes, runsContent } from '../view.js';
import { markKeptCase } from '../capitals.js';
import type { Words } from '../words.js';
import { capitalisesNouns, hyphenateOverlong, hyphenateText, hyphenateTree, hyphenatorFor, tieLastWords, wordKey } from './hyphenate.js';
import { hyphenateHeadline, isHyphenated, type Hyphenator } from '../hyphenation.js';
import { version } from '../version.js';
import { phraseBreaksHtml, runsHtml } from '../line-breaks.js';
import { printLinkAddresses } from './links.js';
import { CAPTION_LEAST, FIGURE_SPACE_EM, MIN_FIGURE_SCALE, moveFigures, stripCuts } from './figures.js';
import { applyTracking, blockText, hyphenateNames, skeleton } from './loose-lines.js';
import { pdfIdentifier } from './identifier.js';
import { geometryFor, measureIn, type PageGeometry, type PageSize } from './page.js';
import { sandboxOrigin, type SandboxFiles } from './sandbox.js';
import { standInFor } from './stand-ins.js';
import { narrowestWidth, tableColumns } from '../table-columns.js';

export interface PrintPageOptions {
  pageSize?: PageSize;
  templatesDir?: string;
  /** Print page of each figure (figure id → page), known after a first layout. */
  figurePages?: ReadonlyMap<string, number>;
  /** The edition's identifier, for the colophon; by default derived as renderPdf does. */
  identifier?: string;
  /** The edition's date, for the colophon; SOURCE_DATE_EPOCH or the article date by default. */
  date?: Date;
  /** Words not to hyphenate, named by wordKey(): a layout found them broken across pages or stacking hyphens. */
  keepWhole?: ReadonlySet<string>;
  /** Names hyphenated all the same, each where it opens the line after a loose line (line key → the name's letters, hyphenateNames): a layout found that line too loose. */
  names?: ReadonlyMap<string, string>;
  /** Figures to print later (figure id → blocks to move past): a layout found them leaving a page short. */
  figureShifts?: ReadonlyMap<string, number>;
  /** Figures whose pictures print smaller (figure id → the picture's height in CSS pixels): a layout found them leaving a page short, with no text of their section to fill it. */
  figureHeights?: ReadonlyMap<string, number>;
  /** Lines to track out (line key → steps of 0.01 em): a layout found their word spaces too wide. */
  tracking?: ReadonlyMap<string, number>;
  /** Loose lines tracking could not mend (line key): the tie of their paragraph's last two words goes. */
  untie?: ReadonlySet<string>;
  /** Lines spread too wide for tracking to mend (line key): set ragged, a forced break at their end. */
  ragged?: ReadonlySet<string>;
  /** How many lines the open page set each paragraph and list item in (by loose-lines.ts, blockLineCounts' key): those of three or fewer are kept on one page. */
  blockLines?: ReadonlyMap<string, number>;
  /** Filled by the build: whether each paragraph and list item (by loose-lines.ts, blockLineCounts' key) was kept on one page. */
  blockKeeps?: Map<string, boolean>;
  /** A collection's cover as SVG (src/cover.ts), printed as its first page; without it the PDF opens with the title page. */
  cover?: string;
  /**
   * Pictures a print of this process has shown already are laid out as
   * their stand-ins (./stand-ins.ts), which finishing replaces with the
   * pictures as printed: only for a print that finishing will see.
   */
  standIns?: boolean;
}

export interface PrintPage {
  files: SandboxFiles;
  html: string;
  warnings: string[];
  geometry: PageGeometry;
  /** Whether each paragraph and list item (by loose-lines.ts, blockLineCounts' key) is kept on one page. */
  blockKeeps: ReadonlyMap<string, boolean>;
}

/** Raster pictures printed below this resolution look soft. */
export const minimumPpi = 150;

/**
 * A warning about a place in a manuscript's text: `file:line:column: text`
 * (the pipeline tells it as that file's, a collection's part's included);
 * the text alone when the place is unknown.
 */
export function locatedWarning(file: string, position: Position | undefined, text: string): string {
  return position ? `${file}:${position.start.line}:${position.start.column}: ${text}` : text;
}

/** A warning made by locatedWarning, split again, when it names one of `files`. */
export function splitWarning(warning: string, files: readonly string[]): { file: string; line: number; column: number; text: string } | undefined {
  for (const file of files) {
    if (!warning.startsWith(`${file}:`)) continue;
    const place = /^(\d+):(\d+): ([\s\S]*)$/.exec(warning.slice(file.length + 1));
    if (place) return { file, line: Number(place[1]), column: Number(place[2]), text: place[3]! };
  }
  return undefined;
}

/** Digests of pictures' bytes, each computed once. */
const imageDigests = new WeakMap<Buffer, string>();

/**
 * A picture's path inside the sandbox: its id and a digest of its bytes, so
 * that a path always means the same bytes, whichever document of a batch the
 * sandbox's page showed before (a page patched from one document to the next
 * keeps what it loaded under a path: ./sandbox.ts).
 */
function imagePath(image: ImageAsset): string {
  return `images/${image.id}-${imageDigest(image)}.${image.extension}`;
}

/** A digest of a picture's bytes (16 hex digits), computed once for each picture. */
export function imageDigest(image: ImageAsset): string {
  let digest = imageDigests.get(image.bytes);
  if (digest === undefined) imageDigests.set(image.bytes, (digest = createHash('sha256').update(image.bytes).digest('hex').slice(0, 16)));
  return digest;
}

/** The path of a picture's stand-in (./stand-ins.ts): a JPEG of its size in pixels, named by the picture's bytes. */
function standInPath(image: ImageAsset): string {
  return `images/${image.id}-${imageDigest(image)}.stand-in.jpg`;
}

/** The URL of a picture inside the sandbox. */
export function imageUrl(image: ImageAsset): string {
  return `${sandboxOrigin}${imagePath(image)}`;
}

function fontUrl(font: FontAsset): string {
  return `${sandboxOrigin}fonts/${font.fileName}`;
}

/** A CSS string literal: "…" with quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, ' ')}"`;
}

/** The title as a running head: short enough for one line of small type. */
export function runningHead(title: string, max = 72): string {
  const plain = title.replace(/\s+/g, ' ').trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** `text` between the Unicode isolates of its direction when that is not the direction around it. */
function isolated(text: string, direction: 'ltr' | 'rtl', around: 'ltr' | 'rtl'): string {
  return direction === around ? text : `${direction === 'rtl' ? '\u2067' : '\u2066'}${text}\u2069`;
}

function isElement(node: ElementContent | Root['children'][number]): node is Element {
  return node.type === 'element';
}

function hasClass(element: Element, name: string): boolean {
  const current: unknown = element.properties.className;
  return (Array.isArray(current) ? current.map(String) : typeof current === 'string' ? current.split(/\s+/) : []).includes(name);
}

function addClass(element: Element, name: string): void {
  const current: unknown = element.properties.className;
  const list = Array.isArray(current) ? current.map(String) : typeof current === 'string' ? current.split(/\s+/) : [];
  if (!list.includes(name)) list.push(name);
  element.properties.className = list;
}

/**
 * A numbered list whose largest number has two or three digits gets a wider
 * indent (`.numbers-2`, `.numbers-3` in print.css): Chromium hangs the
 * number into the page's margin otherwise, where the page clips it. The
 * largest number is counted from the list's `start` (a list that picks up
 * at 7 reaches 10 with its fourth item), or is the start of a reversed one.
 */
function markNumberWidth(list: Element): void {
  const items = list.children.filter((child) => isElement(child) && child.tagName === 'li').length;
  const start = Number(list.properties.start ?? 1);
  const first = Number.isFinite(start) ? Math.trunc(start) : 1;
  const largest = list.properties.reversed ? first : first + items - 1;
  const digits = String(Math.abs(largest)).length;
  if (digits >= 3) addClass(list, 'numbers-3');
  else if (digits === 2) addClass(list, 'numbers-2');
}

/** A code listing of more lines than this may run on to the next page; a shorter one is kept whole. */
export const LISTING_KEPT_WHOLE = 8;

/**
 * A listing longer than LISTING_KEPT_WHOLE lines is marked `.runs-on`
 * (print.css lets it break between its lines, three at least on each page):
 * kept whole, one that does not fit would leave the page before it up to
 * half empty.
 */
function markLongListing(listing: Element): void {
  const lines = plainText(listing).replace(/\n$/, '').split('\n').length;
  if (lines > LISTING_KEPT_WHOLE) addClass(listing, 'runs-on');
}

/** Table type is 0.88 of the text's (print.css), a wide table's 0.7 of that; a column's gap 0.8 em, a wide table's 0.4 em. */
const TABLE_TYPE = 0.88;
/** A quotation's type is 0.95 of the text's, a quotation in it the same (print.css); each is indented 1.4 of its ems on either side. */
const QUOTE_TYPE = 0.95;
const QUOTE_INDENT_EM = 1.4;
const WIDE_TABLE_TYPE = 0.7;
const COLUMN_GAP_EM = 0.8;
const WIDE_COLUMN_GAP_EM = 0.4;
/**
 * How far `element` indents what it holds, in its own ems (print.css): a
 * quotation on either side, a list (wider for two- and three-digit numbers:
 * markNumberWidth) and a definition on its start side.
 */
function indentOf(element: Element): number {
  switch (element.tagName) {
    case 'blockquote':
      return 2 * QUOTE_INDENT_EM;
    case 'ul':
    case 'ol':
      return hasClass(element, 'numbers-3') ? 2.6 : hasClass(element, 'numbers-2') ? 2 : 1.4;
    case 'dd':
      return 1.4;
    default:
      return 0;
  }
}

/**
 * A wide table whose columns' longest words (and unbroken cells) need more
 * than this share of the measure at its type is `crowded`: set smaller still,
 * and a word broken where it must be. Under 1, since the sum is an estimate
 * from the face's average advance.
 */
const CROWDED_SHARE = 0.9;

/**
 * Lays out a table's columns for print. Marks the cells of its columns whose
 * every cell is short (`.unbroken`: print.css keeps them on one line; see
 * table-columns.ts). A wide table (more than six columns, smaller type) is
 * laid out the same way, by its content: its columns of figures as narrow as
 * their figures and the words' columns given the rest, where equal columns
 * broke "Northport" into "Northpor / t" beside half-empty columns of
 * two-digit numbers. One whose longest words would not fit the measure even
 * so is marked `crowded`. A table in a quotation or a list is laid out for
 * its measure (`indentEm`, how far it is indented, in the text's ems) and a
 * quotation's type (`quotes`, how many it stands in): kept whole for the
 * page's measure, its short cells ran past the quotation's indent and the
 * page's edge.
 */
function markShortColumns(table: Element, geometry: PageGeometry, quotes: number, indentEm: number): void {
  const wide = Array.isArray(table.properties.className) && table.properties.className.includes('wide');
  const quoted = quotes > 0 ? QUOTE_TYPE : 1;
  const em = ((wide ? WIDE_TABLE_TYPE : 1) * TABLE_TYPE * quoted * geometry.fontSizePt) / 72;
  const gap = wide ? WIDE_COLUMN_GAP_EM : COLUMN_GAP_EM;
  const measure = measureIn(geometry) - (indentEm * geometry.fontSizePt) / 72;
  const columns = tableColumns(table, { em, measure, gapEm: gap, roomForWords: true });
  if (!columns.some((column) => column.cells.length > 0)) return;
  const narrowest = narrowestWidth(columns, { em, gapEm: gap });
  // A crowded table's columns are equal and every cell may break: none is kept whole.
  if (wide && narrowest > CROWDED_SHARE * measure) addClass(table, 'crowded');
  else for (const column of columns) if (column.unbroken) for (const cell of column.cells) addClass(cell, 'unbroken');
}

/** What a layout found to mend in the body (see PrintPageOptions). */
export type PrintBodyOptions = Pick<PrintPageOptions, 'keepWhole' | 'names' | 'figureShifts' | 'tracking' | 'untie' | 'figureHeights' | 'ragged' | 'standIns' | 'blockLines' | 'blockKeeps'>;

/**
 * The article body for print: pictures point into the sandbox, the opening
 * picture is marked as the lead, prose carries soft hyphens, and links that
 * lead out of the document carry their address.
 */
export function printBody(doc: GalleyDocument, geometry: PageGeometry, warnings: string[], options: PrintBodyOptions = {}): Root {
  const { keepWhole = new Set(), names = new Map(), figureShifts = new Map(), tracking = new Map(), untie = new Set(), figureHeights = new Map(), ragged = new Set(), standIns = false, blockLines, blockKeeps } = options;
  const tree = structuredClone(doc.content);
  moveFigures(tree, figureShifts);
  fitFigures(tree, figureHeights);
  const images = new Map(doc.assets.images.map((image) => [image.id, image]));
  const measure = measureIn(geometry);
  const maxFigureHeightIn = maxFigureHeight(geometry);
  const maxTallFigureHeightIn = maxTallFigureHeight(geometry);

  const kinds = new Map(doc.credits.map((credit) => [credit.figureId, credit.kind]));

  // How many quotations the node stands in, and how far it is indented (text ems): a table in a quotation or a list is laid out for its measure.
  const visit = (node: Root | Element, quotes = 0, indentEm = 0): void => {
    // A strip's pictures and the piece that follows each (set after the children are gone through).
    const pieces = new Map<Element, Element[]>();
    node.children = node.children.filter((child) => {
      if (!isElement(child)) return true;
      if (child.tagName === 'img') {
        const figure = node.type === 'element' && node.tagName === 'figure' ? node : undefined;
        const kind = figure ? kinds.get(String(figure.properties.id ?? '')) : undefined;
        const id = String(child.properties.src ?? '');
        const image = images.get(id);
        if (!image) {
          warnings.push(`picture "${id}" is not among the document's images; left out of the PDF`);
          return false;
        }
        // A strip's pieces show parts of the picture, which Chromium may write as pictures of their own: never a stand-in.
        const standIn = standIns && !(figure && kind && kind !== 'photo' && image.width > 0 && image.height >= TALL_PICTURE * image.width) ? standInFor(image, imageDigest(image)) : undefined;
        child.properties.src = standIn ? `${sandboxOrigin}${standInPath(image)}` : imageUrl(image);
        delete child.properties.loading;
        delete child.properties.srcSet;
        const tall = image.width > 0 && image.height >= TALL_PICTURE * image.width;
        const strip = figure && kind && kind !== 'photo' && tall ? stripWidth(image, measure, maxTallFigureHeightIn) : undefined;
        if (figure && strip !== undefined) {
          // A long infographic runs over pages at a width its words can be read at.
          addClass(figure, 'strip');
          addClass(child, 'strip');
          child.properties.style = `width: ${inches(strip)}`;
          const head = figureHeights.get(String(figure.properties.id ?? ''));
          const whole = (strip * 96 * image.height) / image.width;
          // Its first piece fills the room left on the page it is called on (figures.ts, stripHead), or a page when it
          // begins one, and the rest runs on from the next page, a piece a page (break-before, print.css): Chromium
          // moves a picture that does not fit whole to the next page before carrying it over, and left that page short,
          // and carried it over cut where each page ended, through a label's letters. Each cut is in rows of one colour
          // near the page's end (stripCuts). The pieces are the same picture, each showing its part.
          const block = textBlockHeight(geometry) * 96;
          const first = head ?? block - (FIGURE_SPACE_EM * geometry.fontSizePt * 96) / 72 - 2;
          const cuts = stripCuts(whole, first, block, whole / image.height, image.quietRows);
          if (cuts.length > 0) {
            const edges = [0, ...cuts, whole];
            const piece = (n: number): string =>
              `width: ${inches(strip)}; height: ${Math.round((edges[n + 1]! - edges[n]!) * 100) / 100}px; object-fit: cover; object-position: 50% ${n === 0 ? '0' : `-${edges[n]}px`}`;
            child.properties.style = piece(0);
            pieces.set(
              child,
              cuts.map((_, n): Element => ({ type: 'element', tagName: 'img', properties: { src: child.properties.src, alt: '', className: ['strip'], style: piece(n + 1) }, children: [] })),
            );
          }
          const pages = Math.ceil(((strip * image.height) / image.width) / textBlockHeight(geometry));
          if (pages > 1) warnings.push(locatedWarning(doc.file, child.position, `picture ${image.src} (${image.width}×${image.height} px) is too tall for a page at a width its words can be read at: it prints ${inches(strip).replace('in', ' in')} wide over ${pages} pages, cut at each page's end, or a little above it where it is one colour across; to choose the cuts, make it ${pages} pictures`));
        } else if (tall) addClass(child, 'tall');
        const fitted = figure && strip === undefined ? figureHeights.get(String(figure.properties.id ?? '')) : undefined;
        const caption = figure?.children.find((inner): inner is Element => isElement(inner) && inner.tagName === 'figcaption');
        // The picture's printed width (CSS pixels): printed smaller (fitFigures) to its fitted height; else as print.css
        // sets it, the measure wide at most, its height at most the figure's limit, a raster picture at most its own size.
        const printedWidth =
          figure && strip === undefined && image.width > 0 && image.height > 0
            ? fitted !== undefined
              ? (fitted * image.width) / image.height
              : Math.min(measure * 96, ((tall ? maxTallFigureHeightIn : maxFigureHeightIn) * 96 * image.width) / image.height, image.mediaType === 'image/svg+xml' ? Number.POSITIVE_INFINITY : image.width)
            : undefined;
        if (printedWidth !== undefined && caption && (fitted !== undefined || printedWidth < measure * 96 - 1)) {
          // Under a picture narrower than the column (printed smaller, or a portrait at its full height) the caption and
          // credit take its width, or CAPTION_LEAST of the figure's, centred as it is: as wide as the column under a
          // picture half as wide, they read as the text's. figures.ts (captionGrowth) reckons with the lines they may take more.
          const width = Math.round(printedWidth * 100) / 100;
          caption.properties.style = `width: max(${width}px, ${CAPTION_LEAST * 100}%); margin-inline: auto`;
        }
        if (image.mediaType !== 'image/svg+xml' && image.width > 0 && image.height > 0) {
          const fittedWidthIn = strip ?? Math.min(measure, ((tall ? maxTallFigureHeightIn : maxFigureHeightIn) * image.width) / image.height);
          const printedWidthIn = Math.min(fittedWidthIn, image.width / 96);
          const ppi = image.width / printedWidthIn;
          if (ppi < minimumPpi) {
            const inches = (value: number): string => `${value.toFixed(value < 1 ? 2 : 1)} in`;
            // Rounded before ceil: 150 × 5.3 in is 795 px, not the 796 that 5.3's rounding error makes.
            const pixelsFor = (widthIn: number): number => Math.ceil(Math.round(minimumPpi * widthIn * 1000) / 1000);
            // A picture smaller than its room prints one pixel per CSS pixel (1/96 in): more pixels print it larger, not sharper.
            const advice =
              image.width / 96 < fittedWidthIn
                ? `, at its own size (${inches(printedWidthIn)} across): more pixels would print it larger, not sharper; ` +
                  `draw it as SVG to print it sharp at this size, or give it ${pixelsFor(fittedWidthIn)} px across or more to fill its room at ${minimumPpi} ppi`
                : `, ${inches(printedWidthIn)} across: ${minimumPpi} ppi at that width needs ${pixelsFor(printedWidthIn)} px across`;
            warnings.push(locatedWarning(doc.file, child.position, `picture ${image.src} prints at ${Math.round(ppi)} ppi (${image.width}×${image.height} px)${advice}`));
          }
        }
      }
      if (child.tagName === 'ol') markNumberWidth(child);
      if (child.tagName === 'pre') markLongListing(child);
      if (child.tagName === 'table') markShortColumns(child, geometry, quotes, indentEm);
      const quoted = child.tagName === 'blockquote';
      visit(child, quotes + (quoted ? 1 : 0), indentEm + indentOf(child) * (quotes > 0 || quoted ? QUOTE_TYPE : 1));
      return true;
    });
    for (const [picture, rest] of pieces) node.children.splice(node.children.indexOf(picture) + 1, 0, ...rest);
  };
  visit(tree);

  markLeadIns(tree);

  const first = tree.children.find((child) => isElement(child) || (child.type === 'text' && child.value.trim() !== ''));
  if (first && isElement(first) && first.tagName === 'figure') addClass(first, 'lead');

  const patterns = hyphenatorFor(doc.metadata.language);
  // Words a layout pass found broken across two pages, or ending a third hyphenated line in a row, are set whole.
  const keepingWhole = (own: Hyphenator | undefined): Hyphenator | undefined =>
    own && keepWhole.size > 0 ? (word, options) => (keepWhole.has(wordKey(word)) ? word : own(word, options)) : own;
  const hyphenate = keepingWhole(patterns);
  // A span in another language is left whole (hyphenateTree's default): broken by its own patterns, a Russian phrase in an English article
  // was split over lines where the tagged PDF's words of that language are read.
  if (hyphenate) {
    hyphenateTree(tree, hyphenate, capitalisesNouns(doc.metadata.language));
    hyphenateNames(tree, names, (word) => hyphenateText(word, hyphenate, true));
  }
  if (patterns) hyphenateOverlongHeadings(tree, patterns, geometry);
  // Hebrew, Arabic, Chinese, Japanese, Korean, Vietnamese are not hyphenated: nothing is missing.
  else if (isHyphenated(doc.metadata.language)) warnings.push(`no hyphenation patterns for language "${doc.metadata.language}"; the PDF is set without hyphenation`);
  tieLastWords(tree);
  // After hyphenation: an address is never hyphenated.
  printLinkAddresses(tree);
  // After the addresses: a paragraph's lines hold them.
  markShortParagraphs(tree, geometry, blockLines, blockKeeps);
  keepCodeSpaces(tree);
  // Last: a line is found by all of its printed text, addresses included.
  applyTracking(tree, tracking, untie, ragged);
  keepLanguageSpans(tree);
  return tree;
}

/**
 * A space inside inline code in a justified line: Chromium widens every space
 * of the line alike, so `npm ci --prefer-offline` printed as "npm  ci
 * --prefer-offline", spaces a reader could type. Each space of inline code
 * (not a listing's, which is never justified) is set in a box of its own
 * (`.code-space`, print.css), which justification does not widen; the line
 * still breaks there, and the text a reader copies keeps the space.
 */
function keepCodeSpaces(tree: Root): void {
  const split = (node: Element): void => {
    node.children = node.children.flatMap((child): ElementContent[] => {
      if (isElement(child)) {
        split(child);
        return [child];
      }
      if (child.type !== 'text' || !child.value.includes(' ')) return [child];
      return child.value.split(/( +)/).filter((part) => part !== '').map((part): ElementContent =>
        part.startsWith(' ') ? { type: 'element', tagName: 'span', properties: { className: ['code-space'] }, children: [{ type: 'text', value: part }] } : { type: 'text', value: part },
      );
    });
  };
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (!isElement(child) || child.tagName === 'pre') continue;
      if (child.tagName === 'code') split(child);
      else walk(child);
    }
  };
  walk(tree);
}

/**
 * Prints the pictures of the figures named smaller: at most the height given
 * (CSS pixels), in their proportions (print.css centres a picture narrower
 * than the text).
 */
function fitFigures(tree: Root, heights: ReadonlyMap<string, number>): void {
  if (heights.size === 0) return;
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      const height = child.tagName === 'figure' ? heights.get(String(child.properties.id ?? '')) : undefined;
      const picture = height === undefined ? undefined : child.children.find((inner): inner is Element => isElement(inner) && inner.tagName === 'img');
      if (picture) {
        addClass(child, 'fitted');
        picture.properties.style = `max-height: ${height}px`;
      } else visit(child);
    }
  };
  visit(tree);
}

/** Roles a PDF has no tag for, which made Chromium tag their elements /NonStruct (see nameNotes). */
const PRINTLESS_ROLES: ReadonlySet<string> = new Set(['doc-noteref', 'doc-backlink', 'doc-endnotes']);

/**
 * The notes' heading and back-links in galley's words: the reader's parser
 * names them in English ("Footnotes", "Back to reference 1") and hides the
 * heading from the eye (`sr-only`). The heading is printed, as the e-book
 * shows it ("Notes", print.css's `.notes-heading`).
 *
 * The back-links lead from a note to each of its calls, as the e-book's do
 * (a PDF is read on a screen too, where the reader who followed a call
 * wants to go back). On paper they add nothing, so the first one is the
 * note's printed number: a link with no text of its own, hung over the
 * number (print.css's `.note-number`), which looks as it did. A note called
 * more than once prints a back-link to each further call after its text,
 * "↑2 ↑3", as the e-book writes them.
 *
 * The notes' DPUB roles (PRINTLESS_ROLES) go: Chromium tags the PDF from its
 * accessibility tree, where a call and a back-link with their role are not
 * links and the items of a list with `doc-endnotes` are not list items, and
 * it tags what it does not know as /NonStruct. Without them a call is a
 * /Link holding its link annotation, and the notes are an /L of /LI.
 *
 * A call is named "Note 1" (the word `noteCall`, with the number it prints),
 * as the e-book names it: the link's name, its annotation's /Contents and
 * its element's /Alt (link-names.ts), where its text alone said "1".
 */
export function nameNotes(tree: Root, words: Words): Root {
  const visit = (node: Root | Element, inNotes: boolean): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      const notes = inNotes || (child.tagName === 'section' && child.properties.dataFootnotes !== undefined);
      if (PRINTLESS_ROLES.has(String(child.properties.role ?? ''))) delete child.properties.role;
      if (child.tagName === 'a' && child.properties.dataFootnoteRef !== undefined) {
        const shown = toString(child).trim();
        if (shown !== '') child.properties.ariaLabel = words.t('noteCall', { n: shown });
      }
      if (notes && /^h[1-6]$/.test(child.tagName)) {
        child.children = [{ type: 'text', value: words.t('notes') }];
        child.properties.className = ['notes-heading'];
      }
      else if (notes && child.tagName === 'a' && child.properties.dataFootnoteBackref !== undefined) {
        const number = /(\d+(?:-\d+)?)$/.exec(String(child.properties.ariaLabel ?? ''))?.[1];
        if (number) child.properties.ariaLabel = words.t('noteBack', { n: number });
      }
      if (notes && child.tagName === 'li') placeBackLinks(child);
      visit(child, notes);
    }
  };
  visit(tree, false);
  return tree;
}

/** A note's back-links, as nameNotes says: the first over the note's number, the others "↑2", "↑3" after its text. */
function placeBackLinks(note: Element): void {
  const links: Element[] = [];
  const take = (node: Element): void => {
    node.children = node.children.filter((child) => {
      if (!isElement(child)) return true;
      if (child.tagName === 'a' && child.properties.dataFootnoteBackref !== undefined) {
        links.push(child);
        return false;
      }
      take(child);
      return true;
    });
  };
  take(note);
  const [first, ...others] = links;
  if (!first) return;
  // The space before the back-links went with them from the end of the note's last block.
  const last = [...note.children].reverse().find(isElement) ?? note;
  for (let end = last.children.at(-1); end?.type === 'text'; end = last.children.at(-1)) {
    end.value = end.value.replace(/\s+$/, '');
    if (end.value !== '') break;
    last.children.pop();
  }
  first.children = [];
  first.properties.className = ['note-number'];
  // At the start of the note's first paragraph, hanging into the room its number stands in.
  const lead = note.children.find(isElement);
  (lead?.tagName === 'p' ? lead : note).children.unshift(first);
  others.forEach((link, index) => {
    // Its number as the manuscript wrote it, in the article's digits ("۲" in Persian).
    const sup = link.children.find((child): child is Element => isElement(child) && child.tagName === 'sup');
    const shown = sup ? toString(sup) : String(index + 2);
    link.children = [{ type: 'text', value: '\u2191' }, { type: 'element', tagName: 'sup', properties: {}, children: [{ type: 'text', value: shown }] }];
    link.properties.className = ['note-again'];
    last.children.push({ type: 'text', value: ' ' }, link);
  });
}

/**
 * Chromium tags the PDF from its accessibility tree, and leaves a plain
 * `<span>` out of it: its text lands in the paragraph's /NonStruct run,
 * without the span's /Lang. A span carrying any global ARIA attribute stays
 * in that tree and becomes a structure element of its own, with /Lang. So
 * each language span gets `aria-atomic="false"`, the attribute's default
 * value, which says nothing else about it (and print has no live regions).
 */
export function keepLanguageSpans<T extends Root | Element>(tree: T): T {
  const visit = (node: Root | Element): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.tagName === 'span' && child.properties.lang !== undefined && child.properties.ariaAtomic === undefined) child.properties.ariaAtomic = 'false';
      visit(child);
    }
  };
  visit(tree);
  return tree;
}

/**
 * Type sizes, in em of the text, that print.css sets a heading's words in:
 * the headline, the dek and the body's headings.
 */
const HEADING_SCALE = { headline: 2.15, dek: 1.18, h2: 1.2, h3: 1, h4: 1, h5: 1, h6: 1 } as const;

/** A letter of a long word in bold, in em: wider than the text's average advance, which counts spaces. */
const BOLD_LETTER_EM = 0.55;

/**
 * About the most letters a word set `scale` times the text's size can have
 * and fit on a line: a longer one gets its soft hyphens. One near the bound
 * that still does not fit breaks without a hyphen (print.css's
 * overflow-wrap), which is rarer than hyphenating a heading's word that fits.
 */
export function longestHeadingWord(geometry: PageGeometry, scale: number): number {
  return Math.floor((charactersPerLine(geometry) * TEXT_FACE_AVERAGE_ADVANCE_EM) / (BOLD_LETTER_EM * scale));
}

/** Soft hyphens in the words of the body's headings too long for a line of their own (see hyphenateOverlong). */
function hyphenateOverlongHeadings(tree: Root, patterns: NonNullable<ReturnType<typeof hyphenatorFor>>, geometry: PageGeometry): void {
  const walk = (node: Root | Element, longest: number | undefined): void => {
    for (const child of node.children) {
      if (child.type === 'text' && longest !== undefined) child.value = hyphenateOverlong(child.value, patterns, longest);
      else if (isElement(child) && !['code', 'kbd', 'samp', 'pre'].includes(child.tagName)) {
        const scale = (HEADING_SCALE as Record<string, number | undefined>)[child.tagName];
        walk(child, scale === undefined ? longest : longestHeadingWord(geometry, scale));
      }
    }
  };
  walk(tree, undefined);
}

/** What keepLanguageSpans gives a language span, for markup made as text. */
const KEEP_SPAN = ' aria-atomic="false"';

type Runs = Array<{ text: string; lang?: string; dir?: 'ltr' | 'rtl' }>;

/**
 * The dateline's runs as markup whose language spans stay structure
 * elements with their /Lang (keepLanguageSpans), as the dek's do; the
 * title page's own loop sets them as plain spans, which Chromium leaves out
 * of the tagged PDF.
 */
function datelineHtml(runs: Runs, language: string): string {
  // Irish prefixes kept in lower case in its capitals, as the view marks them (src/capitals.ts).
  return toHtml(keepLanguageSpans({ type: 'root', children: markKeptCase(runsContent(runs), language) }));
}

/** The dateline's language spans kept in the PDF's structure, when it has any (datelineHtml). */
function keepDatelineSpans<T extends { datelineRuns: Runs }>(view: T, language: string): T {
  return view.datelineRuns.some((run) => run.lang) ? { ...view, datelineHtml: datelineHtml(view.datelineRuns, language) } : view;
}

/** A view whose headline's, dek's and dateline's language spans stay structure elements with their /Lang in the PDF (keepLanguageSpans): a collection's contents and headline blocks. */
function keepDekSpans<T extends { titleHtml: string; titleRuns?: Runs | undefined; subtitleHtml?: string | undefined; subtitleRuns?: Runs | undefined; datelineRuns: Runs }>(view: T, language: string): T {
  const kept = keepDatelineSpans(view, language);
  const withTitle = kept.titleRuns ? { ...kept, titleHtml: runsHtml(kept.titleRuns, language, KEEP_SPAN) } : kept;
  return withTitle.subtitleRuns ? { ...withTitle, subtitleHtml: runsHtml(withTitle.subtitleRuns, language, KEEP_SPAN) } : withTitle;
}

/** Each run's overlong words with their soft hyphens, by its own language's patterns (a run in a language without them as it is). */
function hyphenateRuns(runs: Runs, patterns: NonNullable<ReturnType<typeof hyphenatorFor>>, longest: number): Runs {
  return runs.map((run) => {
    const own = run.lang ? hyphenatorFor(run.lang) : patterns;
    return own ? { ...run, text: hyphenateOverlong(run.text, own, longest) } : run;
  });
}

/** The headline and dek as print sets them: a word too long for one of their lines may break at a syllable. */
function printTitleView<T extends { title: string; subtitle?: string | undefined; titleHtml: string; titleRuns?: Runs | undefined; subtitleHtml?: string | undefined; subtitleRuns?: Runs | undefined; datelineRuns: Runs }>(view: T, language: string, geometry: PageGeometry): T {
  const patterns = hyphenatorFor(language);
  // A headline's or dek's language spans are kept as structure elements with their /Lang (keepLanguageSpans).
  if (!patterns) return keepDekSpans(view, language);
  const longestInHeadline = longestHeadingWord(geometry, HEADING_SCALE.headline);
  // The templates print the markup (phraseBreaksHtml: for a hyphenated language, the text escaped).
  // A word too long for a line breaks only where the e-book, the download page and the cover may break it (hyphenateHeadline).
  const titleRuns = view.titleRuns?.map((run) => ({ ...run, text: hyphenateHeadline(run.text, run.lang ?? language, longestInHeadline) }));
  const title = titleRuns ? titleRuns.map((run) => run.text).join('') : hyphenateHeadline(view.title, language, longestInHeadline);
  const withTitle = titleRuns ? { ...view, title, titleRuns, titleHtml: runsHtml(titleRuns, language, KEEP_SPAN) } : { ...view, title, titleHtml: phraseBreaksHtml(title, language) };
  if (!view.subtitle) return withTitle;
  const longest = longestHeadingWord(geometry, HEADING_SCALE.dek);
  if (view.subtitleRuns) {
    const runs = hyphenateRuns(view.subtitleRuns, patterns, longest);
    return { ...withTitle, subtitle: runs.map((run) => run.text).join(''), subtitleRuns: runs, subtitleHtml: runsHtml(runs, language, KEEP_SPAN) };
  }
  const subtitle = hyphenateOverlong(view.subtitle, patterns, longest);
  return { ...withTitle, subtitle, subtitleHtml: phraseBreaksHtml(subtitle, language) };
}

/** Roughly how many characters of body text fit on a line. */
export function charactersPerLine(geometry: PageGeometry): number {
  return (measureIn(geometry) * 72) / (geometry.fontSizePt * TEXT_FACE_AVERAGE_ADVANCE_EM);
}

function plainText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(plainText).join('');
  return '';
}

/**
 * Marks paragraphs and list items of three lines or fewer to be kept on one
 * page. Chromium honours widows and orphans (two each) only when a
 * paragraph can satisfy both: a three-line paragraph it splits two and one,
 * leaving a widow, where it splits four lines two and two, as a typesetter
 * does. Keeping them whole costs at most two blank lines at a page foot.
 *
 * A block's lines are those the open page set at the print measure
 * (`blockLines`, by loose-lines.ts, blockLineCounts' key). Before the page is measured, or
 * for a block it did not read, they are reckoned from its characters, and
 * up to four lines' worth are kept, the reckoning being rough: that kept a
 * four-line paragraph whole at the foot of a page, which left three lines
 * empty, and a Chinese paragraph of eight lines passed for four (its
 * characters twice as wide as the reckoning's).
 *
 * A stanza's lines are broken by hand, each a line of its own however short:
 * counted by its characters, a stanza of eight or nine short lines passed for
 * four and was kept whole, and one that did not fit at the foot of a page
 * went on to the next, leaving up to a fifth of the page empty (after a
 * section break, "* * *", that ended the page). A stanza is counted by its
 * lines, and a long one runs on, two lines at least on each page.
 */
function markShortParagraphs(tree: Root, geometry: PageGeometry, blockLines?: ReadonlyMap<string, number>, blockKeeps?: Map<string, boolean>): void {
  const perLine = charactersPerLine(geometry);
  const limit = perLine * 4;
  const walk = (node: Root | Element): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      // A list item holding a figure is as tall as its picture, whatever its text: kept whole, it took its figure's page along (the item's lines and the page before it half empty).
      if (child.tagName === 'p' || (child.tagName === 'li' && !holdsFigure(child))) {
        const key = skeleton(blockText(child));
        const measured = hasClass(child, 'verse') ? undefined : blockLines?.get(key);
        const short =
          measured !== undefined
            ? measured <= SPLIT_LEAST_LINES - 1
            : hasClass(child, 'verse')
              ? verseLines(child, perLine) <= 4
              : plainText(child).replace(/\u00AD/g, '').length <= limit;
        if (short) addClass(child, 'keep');
        if (!hasClass(child, 'verse')) blockKeeps?.set(key, short);
      }
      if (child.tagName !== 'figure' && child.tagName !== 'p') walk(child);
    }
  };
  walk(tree);
}

/** A paragraph Chromium splits keeping two lines on each page (print.css: orphans and widows) has at least this many. */
export const SPLIT_LEAST_LINES = 4;

function holdsFigure(node: Element): boolean {
  return node.children.some((child) => isElement(child) && (child.tagName === 'figure' || holdsFigure(child)));
}

/** How many lines a stanza takes: each line broken by hand, and each of those as many as its length needs. */
function verseLines(stanza: Element, perLine: number): number {
  const lines: string[] = [''];
  const collect = (node: ElementContent): void => {
    if (node.type === 'text') lines[lines.length - 1] += node.value;
    else if (node.type === 'element' && node.tagName === 'br') lines.push('');
    else if (node.type === 'element') node.children.forEach(collect);
  };
  stanza.children.forEach(collect);
  return lines.reduce((sum, line) => sum + Math.max(1, Math.ceil(line.replace(/\u00AD/g, '').trim().length / perLine)), 0);
}

/** What a paragraph ending in a colon leads into, and is kept with: a list, a table, a quotation or a listing. */
const LED_INTO = new Set(['ul', 'ol', 'dl', 'table', 'blockquote', 'pre']);

/**
 * Marks a paragraph that leads into a list ("…, of words I must never
 * translate twice:"), a table or a quotation ("The council wrote:") with
 * `lead-in`: print.css keeps it on the page of what it introduces, rather
 * than leave it at the foot of the page before.
 */
function markLeadIns(tree: Root): void {
  const walk = (node: Root | Element): void => {
    const blocks = (node.children as Array<Root['children'][number]>).filter((child): child is Element => isElement(child));
    for (const [index, child] of blocks.entries()) {
      const next = blocks[index + 1];
      if (child.tagName === 'p' && next && LED_INTO.has(next.tagName) && /[:：]\s*$/.test(plainText(child))) addClass(child, 'lead-in');
      if (child.tagName !== 'figure' && child.tagName !== 'p') walk(child);
    }
  };
  walk(tree);
}

/**
 * A collection's next article opens a new page, so an article's last page
 * may hold nothing but its last block: a reference list's last entry (two
 * lines) stood alone on an otherwise empty page. Its last paragraph or list
 * item (inside its last list or the notes) is marked `article-end`, which
 * collection.css keeps with the block before it: that page takes the item
 * before it too (and the heading over them, which keeps with what follows),
 * or lines of the paragraph before it.
 */
function markArticleEnd(tree: Root): Root {
  let node: Root | Element = tree;
  for (;;) {
    const last = (node.children as Array<Root['children'][number]>).filter((child): child is Element => isElement(child)).at(-1);
    if (!last) return tree;
    if (['ul', 'ol', 'section'].includes(last.tagName)) node = last;
    else {
      if (last.tagName === 'p' || last.tagName === 'li') addClass(last, 'article-end');
      return tree;
    }
  }
}

function textBlockHeight(geometry: PageGeometry): number {
  return geometry.heightIn - geometry.marginTopIn - geometry.marginBottomIn;
}

/** Pictures never take more than this share of the text block's height. */
function maxFigureHeight(geometry: PageGeometry): number {
  return textBlockHeight(geometry) * 0.55;
}

/**
 * The width (inches) a tall picture with words in it (a graphic, chart, map
 * or illustration) prints at across pages, when the narrow-portrait height
 * would print it narrower than its words can be read at: the smaller of the
 * measure and MIN_FIGURE_SCALE.words of its own size (one pixel per 1/96 in).
 * A 600 × 4800 infographic printed 0.75 in wide, its labels under 2 pt;
 * it now prints 3.75 in wide over the pages it needs (Chromium carries a
 * picture taller than the page on to the next). Undefined: it fits a page readably.
 */
export function stripWidth(image: Pick<ImageAsset, 'width' | 'height'>, measure: number, maxTallHeightIn: number): number | undefined {
  const readable = Math.min(measure, (MIN_FIGURE_SCALE.words * image.width) / 96);
  const fitted = (maxTallHeightIn * image.width) / image.height;
  return fitted < readable ? readable : undefined;
}

/** The figures (of the article, or of a collection's articles) whose picture prints as a strip over pages (stripWidth), and their pictures. */
export function stripFigures(doc: GalleyDocument, geometry: PageGeometry): Map<string, ImageAsset> {
  const strips = new Map<string, ImageAsset>();
  const measure = measureIn(geometry);
  const tallest = maxTallFigureHeight(geometry);
  for (const part of [doc, ...(doc.parts ?? [])]) {
    const images = new Map(part.assets.images.map((image) => [image.id, image]));
    const kinds = new Map(part.credits.map((credit) => [credit.figureId, credit.kind]));
    const visit = (node: Root | Element): void => {
      for (const child of node.children) {
        if (!isElement(child)) continue;
        if (child.tagName !== 'figure') {
          visit(child);
          continue;
        }
        const id = String(child.properties.id ?? '');
        const kind = kinds.get(id);
        const picture = child.children.find((inner): inner is Element => isElement(inner) && inner.tagName === 'img');
        const image = picture ? images.get(String(picture.properties.src ?? '')) : undefined;
        if (image && kind && kind !== 'photo' && image.width > 0 && image.height >= TALL_PICTURE * image.width && stripWidth(image, measure, tallest) !== undefined) strips.set(id, image);
      }
    };
    visit(part.content);
  }
  return strips;
}

/** A picture at least this many times taller than wide is a narrow portrait (a 2:3 portrait photo is not). */
export const TALL_PICTURE = 2;

/**
 * A narrow portrait prints at most this share of the text block tall (other
 * pictures 0.55): at the full height it is a strip a page tall, that goes to
 * the next page and leaves the one where it is called a third empty.
 */
function maxTallFigureHeight(geometry: PageGeometry): number {
  return (geometry.heightIn - geometry.marginTopIn - geometry.marginBottomIn) * 0.4;
}

const inches = (value: number): string => `${Math.round(value * 1000) / 1000}in`;

/** Builds index.html and the files it loads. */
export function buildPrintPage(doc: GalleyDocument, options: PrintPageOptions = {}): PrintPage {
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const geometry = geometryFor(options.pageSize ?? 'letter', doc.metadata.language);
  const warnings: string[] = [];

  const typefaces = doc.assets.typefaces;
  // galley's own words, in the article's language (a collection's: the collection's).
  const words = documentWords(doc, templatesDir);
  const blockKeeps = new Map<string, boolean>();
  const bodyOptions = { ...options, blockKeeps };
  const body = doc.parts ? '' : toHtml(nameNotes(printBody(doc, geometry, warnings, bodyOptions), words), { allowDangerousHtml: false });

  // Caption copies in the credits keep their language spans too (see keepLanguageSpans).
  const markup = (content: ElementContent[]): string => toHtml(keepLanguageSpans({ type: 'root', children: structuredClone(content) }));
  const view = documentView(doc, (figureId) => `#${figureId}`, { templatesDir, words, markup, ...(options.figurePages ? { figurePages: options.figurePages } : {}) });

  const pageCss = renderTemplate(
    'print/page.css.ejs',
    {
      page: {
        name: geometry.name,
        size: geometry.size,
        marginTop: inches(geometry.marginTopIn),
        marginBottom: inches(geometry.marginBottomIn),
        marginInner: inches(geometry.marginInnerIn),
        marginOuter: inches(geometry.marginOuterIn),
        fontSize: `${geometry.fontSizePt}pt`,
        lineHeight: String(geometry.lineHeight),
        maxFigureHeight: inches(maxFigureHeight(geometry)),
        maxTallFigureHeight: inches(maxTallFigureHeight(geometry)),
        measure: inches(measureIn(geometry)),
      },
      fontFamily: fontStack(typefaces) || 'serif',
      languageFontFamilies: languagesWithOwnFaces().map((language) => [language, fontStack(typefaces, language) || 'serif']),
      codeFontFamily: codeFontStack(typefaces),
      runningHead: cssString(runningHead(doc.metadata.title)),
      runningHeadStyle: uprightOrItalic(doc.metadata.direction),
      words,
    },
    templatesDir,
  );

  const common = {
    lang: doc.metadata.language,
    dir: doc.metadata.direction ?? 'ltr',
    pageSize: geometry.name,
    fontFaces: fontFaceRules(typefaces, fontUrl, 'block'),
    pageCss,
    typefaces,
    version,
    identifier: options.identifier ?? pdfIdentifier(doc, geometry.name),
    buildDate: isoSeconds(options.date ?? editionDate(doc)),
    dateSource: colophonDateSource(doc, options.date !== undefined),
    /** The publisher the manuscript names, for the colophon. */
    publisher: doc.metadata.publisher,
    words,
  };
  const html = doc.parts
    ? renderTemplate('print/collection.html.ejs', { ...common, ...collectionPrintData(doc, geometry, warnings, bodyOptions, templatesDir, words) }, templatesDir)
    : renderTemplate(
    'print/article.html.ejs',
    {
      ...common,
      view,
      titleView: keepDatelineSpans(printTitleView(view, doc.metadata.language, geometry), doc.metadata.language),
      doc,
      body,
    },
    templatesDir,
  );

  const files: SandboxFiles = new Map();
  files.set('index.html', { body: html, contentType: 'text/html; charset=utf-8' });
  files.set('print.css', { body: readTemplate('print/print.css', templatesDir), contentType: 'text/css; charset=utf-8' });
  // The mark print.css draws where a listing's line wraps (an image, so that it is not in the PDF's text).
  files.set('turnover.svg', { body: readTemplate('print/turnover.svg', templatesDir), contentType: 'image/svg+xml' });
  for (const font of fontFiles(typefaces)) files.set(`fonts/${font.fileName}`, { body: font.bytes, contentType: font.mediaType });
  if (doc.parts && options.cover) files.set(COVER_FILE, { body: options.cover, contentType: 'image/svg+xml' });
  for (const image of doc.assets.images) {
    files.set(imagePath(image), { body: image.bytes, contentType: image.mediaType, lasting: true });
    const standIn = options.standIns ? standInFor(image, imageDigest(image)) : undefined;
    if (standIn) files.set(standInPath(image), { body: standIn, contentType: 'image/jpeg', lasting: true });
  }
  return { files, html, warnings, geometry, blockKeeps };
}

/** Where the print page finds a collection's cover. */
const COVER_FILE = 'cover.svg';

/** The id of the headline of a collection's n-th article (1-based): the contents link to it, and its page is read back. */
export function partHeadingId(index: number): string {
  return `part-${index}-headline`;
}

/** Arabic and Hebrew set no italics: what galley sets in italic (the running head) stands upright in a right-to-left text. */
function uprightOrItalic(direction: 'ltr' | 'rtl' | undefined): 'normal' | 'italic' {
  return direction === 'rtl' ? 'normal' : 'italic';
}

/** What print/collection.html.ejs shows besides what every print page gets: the parts, the contents and the grouped credits. */
function collectionPrintData(doc: GalleyDocument, geometry: PageGeometry, warnings: string[], options: PrintPageOptions, templatesDir: string, words: Words) {
  const pages = options.figurePages;
  const parts = (doc.parts ?? []).map((part, i) => {
    const view = keepDekSpans(documentView(part, (figureId) => `#${figureId}`, { templatesDir, words, language: doc.metadata.language }), part.metadata.language);
    // Its own pages speak its language, as it does alone (the byline, the date, the notes' heading): see ownView.
    const ownWords = documentWords(part, templatesDir);
    for (const credit of view.credits) {
      const page = pages?.get(credit.figureId);
      if (page !== undefined) credit.page = page;
    }
    const headingId = partHeadingId(i + 1);
    return {
      view,
      headingId,
      href: `#${headingId}`,
      page: pages?.get(headingId),
      id: `credits-part-${i + 1}`,
      pageName: `part-${i + 1}`,
      // A headline that runs the other way than the page's running head is isolated in its own direction (RLI or LRI … PDI):
      // a Hebrew headline with a number or a Latin name in it otherwise prints in the wrong order in an English book.
      runningHead: cssString(isolated(runningHead(part.metadata.title), part.metadata.direction ?? 'ltr', doc.metadata.direction ?? 'ltr')),
      runningHeadStyle: uprightOrItalic(part.metadata.direction),
      lang: part.metadata.language,
      dir: part.metadata.direction ?? 'ltr',
      // Its headline, dek and names quoted in the contents and the credits, in its own language (see the partials).
      ownLanguage: languageAttributes(part.metadata.language, doc.metadata.language),
      bookLanguage: languageAttributes(doc.metadata.language, part.metadata.language),
      body: toHtml(nameNotes(markArticleEnd(printBody(part, geometry, warnings, { ...options, untie: undefined })), ownWords), { allowDangerousHtml: false }),
      // The headline block over its body, in its own words and date (the contents and the credits quote it in the collection's).
      ownView: keepDekSpans(documentView(part, (figureId) => `#${figureId}`, { templatesDir, words: ownWords }), part.metadata.language),
      ownWords,
    };
  });
  const editors = joinNames(doc.metadata.editors ?? [], words.language);
  return {
    view: { ...documentView({ ...doc, credits: [] }, () => '', { templatesDir, words }), editors },
    entries: parts,
    parts,
    creditParts: parts,
    cover: doc.cover ? coverPictureView(doc.cover, words) : undefined,
    coverPage: options.cover ? { src: COVER_FILE } : undefined,
    collectionCss: renderTemplate('print/collection.css.ejs', { parts, page: { width: inches(geometry.widthIn), height: inches(geometry.heightIn) } }, templatesDir),
  };
}
