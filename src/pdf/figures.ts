/**
 * Figures that do not fit. A figure is never split, so when it does not fit
 * in the room left on a page Chromium moves it to the next one and leaves
 * the rest of the page empty (nine lines and more at A4). Chromium has no
 * page floats; galley reads the layout back and does what a typesetter
 * does: the figure goes after the paragraphs that fill the gap (the last of
 * them running on to the next page), and the text is laid out again.
 *
 * First only past the text of its own section (never past a heading,
 * another figure or code, nor a table that does not fit the gap whole; past
 * a section break, "* * *", and the text after it). Where the section ends first, the
 * picture prints smaller to fit the room left (down to MIN_FIGURE_SCALE);
 * where that is not enough either, the figure goes past the next heading and
 * the text under it (shiftFor's `headings`), and heads the next page: one
 * page later at most, as a printed book floats a figure. The e-book keeps
 * the manuscript's order.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { Destination } from './destinations.js';
import type { PageGeometry } from './page.js';
import type { ScreenFigure } from './sandbox.js';
import type { FigureKind, ImageAsset } from '../document.js';
import { pageTexts, type PageText } from './page-text.js';
import type { PrintedPage } from './page-starts.js';
import { skeleton } from './loose-lines.js';
import { quietCuts } from '../picture-cuts.js';

/** A heading over a figure takes at most this many lines of text (its own lines, larger, and its space above and below). */
const HEADING_LINES = 5;

/** A page may end this many lines short before a figure after it is moved. */
export const MAX_SHORT_LINES = 3;

/**
 * How many times a layout's figure gaps are mended, each a print: three,
 * and one more for each figure (at most eight). A
 * pass makes at most one picture smaller or one move past a heading (each
 * changes the pages after it), and a figure moved after the text that fills
 * its gap can bring the next one to the top of a page: an article with
 * eight figures ran out of passes with pages ending a third or half empty
 * before its last figures (one for every three: a 6x9 page 31 % empty). A
 * live page of short sections and three figures ran out at three: its chart,
 * printed smaller for a layout the picture above it then changed, needed a
 * fourth to fit, and two letter pages ended 31 % and 45 % empty. An A4
 * article of five figures ran out at six, its long chart under a heading cut
 * for the room the pass before gave it, and a page ended 78 % empty; eight
 * set it (`filler-strip-heading`). A print where nothing moved ends the
 * passes: an article whose figures fit pays nothing for them.
 */
export function figurePasses(figures: number): number {
  return Math.min(8, 3 + figures);
}

/**
 * A figure that no text of its own section can make room for is printed
 * smaller, to fit the page it did not fit on, down to this share of its
 * picture's height (and so of its width, in its proportions): a photo to
 * half its height, a picture with words in it (a chart, a map, a graphic)
 * to 60 %, below which its labels get hard to read.
 */
export const MIN_FIGURE_SCALE = { photo: 0.5, words: 0.6 } as const;

/**
 * A long infographic printed as a strip over pages (html.ts, stripWidth)
 * begins on the page it is called on when its first piece there can be at
 * least this share of the text block tall: Chromium moved it whole to the
 * next page, and a data piece's page 1 ended 40 % empty at letter. A
 * smaller piece would be a sliver of the picture: the text after it fills
 * the page instead, as for any figure, and where there is none the page
 * ends short (no more than a quarter empty: test/pdf-page-holes.test.ts).
 */
export const STRIP_LEAST = 0.2;

/** A figure's space above it (print.css, `figure`'s margin), in ems of the text. */
export const FIGURE_SPACE_EM = 1.1;

/**
 * The height (CSS pixels) of a strip's first piece, printed in the `room`
 * (points) a page has left before the strip went to the next page; undefined
 * when the piece would be less than STRIP_LEAST of the text block. The rest runs
 * on from the next page, broken where each page ends, and its caption comes
 * under its last piece: where that piece would be a sliver over the caption
 * (a data piece at letter: 2.6 px of the picture, so that the caption stood
 * alone at the top of a page), or would fill its page and leave the caption
 * none, the first piece is made shorter, so that the last one takes a few
 * lines' height of the picture to the caption's page.
 */
export function stripHead(room: number, box: ScreenFigure, geometry: PageGeometry, picture?: Pick<ImageAsset, 'height' | 'quietRows'>): number | undefined {
  const px = (points: number) => (points * 96) / 72;
  const block = px((geometry.heightIn - geometry.marginTopIn - geometry.marginBottomIn) * 72);
  const margin = px(FIGURE_SPACE_EM * geometry.fontSizePt);
  // The figure's space above it, and two pixels spare: Chromium's fragmentation rounds to its layout unit.
  let head = Math.floor(px(room) - margin - 2);
  const caption = box.height - box.picture - margin;
  const least = px(STRIP_LAST_LINES * geometry.fontSizePt * geometry.lineHeight);
  // The pieces are cut where stripCuts cuts them, in the picture's quiet rows: its last piece is what is left under the last cut.
  const rowHeight = picture && picture.height > 0 ? box.picture / picture.height : 1;
  const lastPiece = (first: number): number => box.picture - (stripCuts(box.picture, first, block, rowHeight, picture?.quietRows).at(-1) ?? 0);
  // A last piece a sliver tall, or one that leaves its caption no room, takes more of the picture from the first
  // (again, a few times at most, where moving the cuts moves them to other quiet rows).
  for (let tries = 0; tries < 4; tries++) {
    const last = lastPiece(head);
    if (last < least) head -= Math.ceil(least - last);
    else if (last + caption + 4 > block) head -= Math.ceil(block - last + least);
    else break;
  }
  return head >= STRIP_LEAST * block && head < box.picture ? head : undefined;
}

/** A strip's last piece, on its caption's page, is at least this many lines of text tall. */
const STRIP_LAST_LINES = 3;

/**
 * A strip's cut is moved up to a band of quiet rows at most this share of
 * the text block above where the page ends: a page of a strip may end this
 * much short, where a cut at the page's end would go through a label.
 */
export const STRIP_CUT_REACH = 0.2;

/**
 * A cut stands at least this many CSS pixels (and two of the picture's rows)
 * inside its band: the picture is scaled to print, and a device pixel at the
 * piece's edge mixes the rows around it.
 */
const STRIP_CUT_EDGE = 2;

/** Two pixels spare under each piece: Chromium's fragmentation rounds to its layout unit. */
const STRIP_SPARE = 2;

/**
 * Where a strip's picture (`picture` CSS pixels tall as printed, `rowHeight`
 * CSS pixels a row of the picture) is cut into pieces, each printed on a page
 * of its own: the first at most `first` tall, each later one at most `block`
 * (the text block, less STRIP_SPARE). Chromium cut a picture taller than its
 * page where the page ended, through a label's letters as often as not. Each
 * cut is made in a band of `quiet` rows (the picture's rows of one colour,
 * ImageAsset.quietRows) within STRIP_CUT_REACH of the text block above the
 * page's end: where the band reaches the page's end, there; else in its
 * middle, so that the rows either side stay with their labels; never
 * nearer its edge than STRIP_CUT_EDGE (a thinner band is not used); where no band is in reach, the cut is at the page's end, as
 * before. The cuts are CSS pixels from the picture's top, in order.
 */
export function stripCuts(picture: number, first: number, block: number, rowHeight: number, quiet: ReadonlyArray<readonly [number, number]> = []): number[] {
  return quietCuts(picture, (index) => (index === 0 ? first : block - STRIP_SPARE), { unit: rowHeight, reach: STRIP_CUT_REACH * block, edge: Math.max(STRIP_CUT_EDGE, 2 * rowHeight), quiet });
}

export interface FigureGap {
  figureId: string;
  /** The page the figure was moved to (1-based). */
  page: number;
  /** Empty lines at the foot of the page before it. */
  lines: number;
  /** The empty space at the foot of the page before it, in points (below the last line's descenders), less what a heading over the figure takes. */
  room: number;
  /** The empty space at the foot of the page before it, in points, the heading's share included: how short that page ends with the heading over the figure on the next. */
  foot: number;
}

/**
 * The height (CSS pixels) to print a figure's picture at so that the figure
 * fits in `room` points, when that is at least MIN_FIGURE_SCALE of its
 * `whole` height (by its kind: its height today unless it was printed
 * smaller already) and less than today's; undefined when it is not (or the
 * figure has no picture).
 */
export function fittedPictureHeight(box: ScreenFigure, room: number, kind: FigureKind = 'photo', whole = box.picture): number | undefined {
  if (box.picture <= 0) return undefined;
  // Two pixels spare: Chromium's fragmentation rounds to its layout unit. The caption, as narrow as the picture, may take more lines.
  const height = settled((picture) => (room * 96) / 72 - (box.height - box.picture) - 2 - captionGrowth(box, picture));
  const least = kind === 'photo' ? MIN_FIGURE_SCALE.photo : MIN_FIGURE_SCALE.words;
  return height >= whole * least && height < box.picture ? height : undefined;
}

/**
 * Under a picture printed smaller its caption and credit take the picture's
 * width, and at least this share of the figure's: as wide as the column
 * under a picture half as wide, they read as the text's, not the picture's.
 */
export const CAPTION_LEAST = 0.5;

/** The widths a figure's caption is measured at (src/pdf/sandbox.ts, figureBoxes), as shares of the figure's: CAPTION_LEAST to all of it, in 20 steps. */
export const CAPTION_SHARES: readonly number[] = Array.from({ length: 21 }, (_, step) => CAPTION_LEAST + (step * (1 - CAPTION_LEAST)) / 20);

/**
 * How much taller (CSS pixels) a figure's caption is with its picture
 * printed `picture` pixels tall than as laid out: it takes the picture's
 * width (html.ts), and so may take more lines. Read from its heights at
 * CAPTION_SHARES, at the widest of them no wider than it will be (a
 * narrower caption takes no fewer lines); 0 where they were not measured.
 */
export function captionGrowth(box: ScreenFigure, picture: number): number {
  if (!box.captions || box.caption === undefined || !box.width || !box.shape) return 0;
  const share = Math.min(1, Math.max(CAPTION_LEAST, (picture * box.shape) / box.width));
  const at = CAPTION_SHARES.findLastIndex((measured) => measured <= share + 1e-9);
  return (box.captions[Math.max(0, at)] ?? box.caption) - box.caption;
}

/**
 * A picture height (whole CSS pixels) that `height` gives no more than, for
 * a picture that height: a caption grows as its picture shrinks, so the
 * height is asked again for the smaller picture, until it holds (a few
 * times at most: the caption's lines change in steps).
 */
function settled(height: (picture: number) => number): number {
  let picture = Math.floor(height(Number.POSITIVE_INFINITY));
  for (let tries = 0; tries < 6; tries++) {
    const next = Math.floor(height(picture));
    if (next >= picture) return picture;
    picture = next;
  }
  return picture;
}

/**
 * A figure that does not fit even at its floor (MIN_FIGURE_SCALE), with no
 * text after it to fill the page (a photo essay's pictures one after the
 * other), would leave the page before it empty under the picture above it.
 * Where that is more than this share of the text block, the picture above
 * it there gives up room too (both down to their floors, at one size where
 * they are of one shape), and only where even that is not enough does it
 * move. A photo essay's 3:2 pair at 6x9 left page 1 23 % empty under the
 * first, the second's two-line credit making it a line too tall to fit at
 * half its height.
 */
export const FIGURE_EMPTY_SHARE = 0.2;

/** The share of the text block that `room` (points) is. */
export function emptyShare(room: number, geometry: PageGeometry): number {
  return room / ((geometry.heightIn - geometry.marginTopIn - geometry.marginBottomIn) * 72);
}

/** The baseline of the lowest text in the text block of each page, in points from the page's bottom (undefined: no text). */
function lowestText(pages: PageText[], geometry: PageGeometry): Array<number | undefined> {
  return pages.map(({ height, items }) => {
    const top = height - geometry.marginTopIn * 72 + 4;
    const bottom = geometry.marginBottomIn * 72 - 4;
    let low: number | undefined;
    for (const item of items) {
      if (item.str.trim() === '' || item.y > top || item.y < bottom) continue;
      low = low === undefined ? item.y : Math.min(low, item.y);
    }
    return low;
  });
}

/**
 * Figures printed at the top of a page after a page that ended more than
 * `MAX_SHORT_LINES` short. The lead figure (first on page 1) never is.
 */
export async function figureGaps(
  pdf: Uint8Array,
  figureIds: string[],
  geometry: PageGeometry,
  destinations?: ReadonlyMap<string, Destination>,
  /** The text of the PDF's pages, when the caller reads it already (a read-back under way). */
  pages?: Promise<PageText[]>,
  /** Whether the manuscript puts the figure right after a heading or a list item's lead (which Chromium keeps with it, on the next page). */
  afterHeading: (figureId: string) => boolean = () => false,
): Promise<FigureGap[]> {
  if (figureIds.length === 0) return [];
  // The PDF's destinations, when the caller has read them already (they may name more than the figures).
  const places = destinations ? new Map(figureIds.flatMap((id) => (destinations.has(id) ? [[id, destinations.get(id)!] as const] : []))) : await (await import('./destinations.js')).namedDestinations(pdf, figureIds);
  const lineHeight = geometry.fontSizePt * geometry.lineHeight;
  // Chromium measures a destination from the top of the text block; a figure that opens a page is at 0, one under the heading that opens it a few lines lower.
  const atTop = [...places].filter(
    ([figureId, place]) => place.page > 1 && place.fromTop !== undefined && (place.fromTop < lineHeight || (place.fromTop < HEADING_LINES * lineHeight && afterHeading(figureId))),
  );
  if (atTop.length === 0) return [];
  const lowest = lowestText(await (pages ?? pageTexts(pdf)), geometry);
  const gaps: FigureGap[] = [];
  for (const [figureId, place] of atTop) {
    const baseline = lowest[place.page - 2];
    if (baseline === undefined) continue;
    // From the last line's descenders to the foot of the text block.
    const room = baseline - geometry.fontSizePt * 0.3 - geometry.marginBottomIn * 72;
    const lines = Math.floor(room / lineHeight);
    // The heading over the figure takes its share of the room.
    if (lines > MAX_SHORT_LINES) gaps.push({ figureId, page: place.page, lines, room: room - (place.fromTop ?? 0), foot: room });
  }
  return gaps;
}

/** An article's last page that holds no more than this many lines of it is a tail (in a collection, the next article opens the page after). */
export const TAIL_LINES = 6;

/**
 * The pages before those that open an article (`opens`, a collection's:
 * each opens a page) that hold no more than TAIL_LINES lines: the page (1-based) and how
 * tall its text is, in points, from the text block's top to its last line's descenders.
 * An Irish article's block quote, its attribution and its last line ran on
 * to a page of their own under a picture at letter and 6x9.
 */
export function articleTails(pages: PageText[], geometry: PageGeometry, opens: readonly number[]): Array<{ page: number; height: number; room: number }> {
  const lowest = lowestText(pages, geometry);
  const lineHeight = geometry.fontSizePt * geometry.lineHeight;
  // The page before the first article's is the collection's own (its contents).
  return opens.slice(1).flatMap((open) => {
    const page = open - 1;
    if (page < 2 || opens.includes(page)) return [];
    const tail = tailOn(pages, lowest, page, geometry);
    return tail && tail.height <= TAIL_LINES * lineHeight ? [tail] : [];
  });
}

/** Page `page`'s text, as a tail: how tall it is, from the text block's top to its last line's descenders, and the room left at the foot of the page before (under its caption), which the tail takes first. */
function tailOn(pages: PageText[], lowest: Array<number | undefined>, page: number, geometry: PageGeometry): { page: number; height: number; room: number } | undefined {
  const baseline = lowest[page - 1];
  if (baseline === undefined) return undefined;
  const height = pages[page - 1]!.height - geometry.marginTopIn * 72 - baseline + geometry.fontSizePt * 0.3;
  const room = Math.max(0, (lowest[page - 2] ?? 0) - geometry.fontSizePt * 0.3 - geometry.marginBottomIn * 72);
  return { page, height, room };
}

/**
 * A picture gives up no more than this share of its height to take back the end matter (tailRoom's `least`): a page
 * of credits alone is no fault, but a brief of one photo and one paragraph printed its credits and colophon on a
 * second page, the first a quarter empty, where a photo a tenth smaller left one page.
 */
export const END_MATTER_SCALE = 0.8;

/**
 * The end matter (the credits and the colophon) alone on the last page, after the page the article ends on
 * (`articleEnd`, articleEndPage): that page as a tail (articleTails), for a picture on the page before to take back.
 */
export function endMatterTail(pages: PageText[], geometry: PageGeometry, articleEnd: number): { page: number; height: number; room: number } | undefined {
  if (articleEnd < 1 || pages.length !== articleEnd + 1) return undefined;
  return tailOn(pages, lowestText(pages, geometry), articleEnd + 1, geometry);
}

/**
 * The height (CSS pixels) to print a figure's picture at so that a tail
 * (articleTails) fits on the figure's page, in the room left at its foot and
 * what the picture gives up, with a line and a half more for the space the
 * page break took from above the tail's blocks; undefined
 * when that is below the picture's MIN_FIGURE_SCALE (or `floor`, a share of its height).
 */
export function tailRoom(box: ScreenFigure, kind: FigureKind | undefined, tail: { height: number; room: number }, lineHeight: number, floor?: number): number | undefined {
  if (box.picture <= 0) return undefined;
  const height = settled((picture) => box.picture - ((tail.height + 1.5 * lineHeight - tail.room) * 96) / 72 - captionGrowth(box, picture));
  const least = floor ?? (kind === undefined || kind === 'photo' ? MIN_FIGURE_SCALE.photo : MIN_FIGURE_SCALE.words);
  return height >= box.picture * least && height < box.picture ? height : undefined;
}

function isElement(node: RootContent | ElementContent): node is Element {
  return node.type === 'element';
}

function textLength(node: RootContent | ElementContent): number {
  if (node.type === 'text') return node.value.replace(/\u00AD/g, '').length;
  if (isElement(node)) return node.children.reduce((sum, child) => sum + textLength(child), 0);
  return 0;
}

const HEADINGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

/** Blocks a figure may be moved past, and roughly how many lines each takes (a heading: its lines, at its size, and its space above and below; a section break: two; a short table: tableLines). */
function linesOf(node: Element, charactersPerLine: number, headings: boolean): number | undefined {
  const lines = (length: number) => Math.max(1, Math.ceil(length / charactersPerLine));
  if (node.tagName === 'p' || node.tagName === 'blockquote') return lines(textLength(node));
  // A section break ("* * *", its space above and below): the text after it, an article's last lines, fills the page too.
  if (node.tagName === 'hr') return 2;
  if (headings && HEADINGS.has(node.tagName)) return Math.ceil(textLength(node) * 1.2 / charactersPerLine) + 1.5;
  if (node.tagName === 'ul' || node.tagName === 'ol') {
    const items = node.children.filter(isElement);
    return items.reduce((sum, item) => sum + lines(textLength(item)), 1);
  }
  if (node.tagName === 'table') return tableLines(node, charactersPerLine);
  // A list item after a figure that ends the item before it (blocksAfter): its own lines, and a line at least for each item of the lists in it.
  if (node.tagName === 'li') return itemLines(node, charactersPerLine);
  return undefined;
}

function itemLines(item: Element, charactersPerLine: number): number {
  const lists = item.children.filter((child): child is Element => isElement(child) && (child.tagName === 'ul' || child.tagName === 'ol'));
  const own = item.children.filter((child) => !lists.includes(child as Element)).reduce((sum, child) => sum + textLength(child), 0);
  const nested = lists.flatMap((list) => list.children.filter(isElement)).reduce((sum, inner) => sum + itemLines(inner, charactersPerLine), 0);
  return Math.max(1, Math.ceil(own / charactersPerLine)) + nested;
}

/** A table of up to this many rows under its header is kept on one page (print.css), and may fill a gap whole. */
const WHOLE_TABLE_ROWS = 8;

/**
 * Roughly how many lines of text a short table takes, its caption and space
 * above and below, set at 0.88 of the text's size (print.css): each row as
 * many lines as its longest cell takes in an even share of the measure, and
 * its padding. On the high side: a table that does not fit where it is
 * counted to goes whole to the next page and leaves the gap. Undefined for
 * a longer table, which runs on over pages.
 */
function tableLines(table: Element, charactersPerLine: number): number | undefined {
  const children = (node: Element, tag: string) => node.children.filter((child): child is Element => isElement(child) && child.tagName === tag);
  const sections = table.children.filter(isElement);
  const rows = [...children(table, 'tr'), ...sections.flatMap((section) => (['thead', 'tbody', 'tfoot'].includes(section.tagName) ? children(section, 'tr') : []))];
  const body = sections.filter((section) => section.tagName === 'tbody').reduce((sum, section) => sum + children(section, 'tr').length, 0);
  if (rows.length === 0 || body > WHOLE_TABLE_ROWS) return undefined;
  const perLine = charactersPerLine / 0.88;
  const columns = Math.max(...rows.map((row) => row.children.filter(isElement).length), 1);
  const rowLines = rows.reduce((sum, row) => {
    const cells = row.children.filter(isElement);
    const tallest = Math.max(1, ...cells.map((cell) => Math.ceil(textLength(cell) / (perLine / columns))));
    return sum + tallest * 0.9 + 0.3;
  }, 0);
  const caption = children(table, 'caption')[0];
  const captionLines = caption ? Math.ceil(textLength(caption) / perLine) * 0.85 + 0.3 : 0;
  return Math.ceil(rowLines + captionLines + 1.5);
}

/** Blocks that never run on to the next page: they fill a gap only where they fit in it whole. */
function keptWhole(node: Element): boolean {
  return node.tagName === 'table';
}

/** The parent and index of the element with `id`. */
function find(tree: Root | Element, id: string): { parent: Root | Element; index: number } | undefined {
  for (let index = 0; index < tree.children.length; index++) {
    const child = tree.children[index]!;
    if (!isElement(child)) continue;
    if (child.properties.id === id) return { parent: tree, index };
    const inside = find(child, id);
    if (inside) return inside;
  }
  return undefined;
}

/** The elements a list is made of: a figure in one reads on after its item, into the items after it. */
const LIST_PARTS = new Set(['li', 'ul', 'ol']);

/** The parents of the element with `id`, outermost first, each with the index of the child on the way to it. */
function ancestry(tree: Root | Element, id: string): Array<{ parent: Root | Element; index: number }> | undefined {
  for (let index = 0; index < tree.children.length; index++) {
    const child = tree.children[index]!;
    if (!isElement(child)) continue;
    if (child.properties.id === id) return [{ parent: tree, index }];
    const inside = ancestry(child, id);
    if (inside) return [{ parent: tree, index }, ...inside];
  }
  return undefined;
}

/**
 * The blocks after a figure, in the order they are read: its own siblings,
 * and where it stands in a list item, what follows that item (the next
 * items, and past the list's end what follows the list), one list level up
 * at a time. A figure ending the item "8. Friday night" fills the page it did
 * not fit on with items 9 and 10: a 6x9 page ended a quarter empty. The
 * e-book reads a figure the print edition set later in the same order
 * (src/epub/page-breaks.ts).
 */
export function blocksAfter(tree: Root, figureId: string): Element[] {
  const path = ancestry(tree, figureId);
  if (!path) return [];
  const blocks: Element[] = [];
  for (let level = path.length - 1; level >= 0; level--) {
    const { parent, index } = path[level]!;
    blocks.push(...parent.children.slice(index + 1).filter(isElement));
    if (!('tagName' in parent) || !LIST_PARTS.has(parent.tagName)) break;
  }
  return blocks;
}

/**
 * How many blocks to move the figure past (counted from where the manuscript
 * puts it) so that the text fills a gap of `lines`: the blocks that fit,
 * and the one that will run on to the next page. Paragraphs, block quotes,
 * lists and a short table that fits whole only, unless `headings`: then also past the headings after it
 * (never leaving one last before the figure: the text under it comes too).
 */
export function shiftFor(tree: Root, figureId: string, lines: number, already: number, charactersPerLine: number, headings = false): number {
  const place = find(tree, figureId);
  if (!place) return already;
  // Past the end of its list item only where nothing nearer serves (with the headings): a picture set in another item reads as that item's.
  const own = place.parent.children.slice(place.index + 1).filter(isElement);
  const blocks = headings ? blocksAfter(tree, figureId) : own;
  let shift = already;
  let filled = 0;
  // Where the first table passed stands: the figure goes past a table only when the text after it fills the gap.
  let beforeTable: number | undefined;
  while (shift < blocks.length && filled < lines) {
    const taken = linesOf(blocks[shift]!, charactersPerLine, headings);
    if (taken === undefined) break;
    if (keptWhole(blocks[shift]!)) {
      // A short table is not split: one that would not fit in what is left of the gap would leave it there.
      if (filled + taken > lines) break;
      beforeTable ??= shift;
    }
    filled += taken;
    shift++;
  }
  // Short of filling it (the article, or what may be passed, ends first), the figure stays before the table, and is printed smaller to fit instead.
  if (beforeTable !== undefined && filled < lines) shift = beforeTable;
  // A heading goes with the text under it, and a list's lead-in with the list (print.css keeps the two on one page, which a figure between them undid:
  // the lead-in alone at a page's foot, the figure heading the next page, then the list); one with nothing to take back stays before the figure.
  while (shift > already && (HEADINGS.has(blocks[shift - 1]!.tagName) || leadsIntoList(blocks[shift - 1]!, blocks[shift]))) {
    const next = blocks[shift];
    if (next && linesOf(next, charactersPerLine, false) !== undefined) shift++;
    else shift--;
  }
  return shift;
}

/** Whether `block` is a paragraph that leads in to the list after it, as html.ts marks one `lead-in`: "…, were these:". */
function leadsIntoList(block: Element, next: Element | undefined): boolean {
  return block.tagName === 'p' && next !== undefined && ['ul', 'ol', 'dl'].includes(next.tagName) && /[:：]\s*$/.test(blockText(block));
}

/**
 * A printed line's letters, as a block's opening is looked for among them:
 * without a list item's number ("9. Saturday"), which is printed but is not
 * the item's text (a list item a figure moved past was never found).
 */
function lineLetters(line: string): string {
  return skeleton(line.replace(/^\s*\d+[.)]\s+/u, ''));
}

/** Letters a block's opening is looked for by on the printed pages: enough to tell it from the rest of a page. */
const OPENING_LETTERS = 24;

/**
 * How many of the `shift` blocks a figure was moved past begin on a page
 * before the one it is printed on (`figurePage`), read from the printed pages.
 * A figure is moved on the layout before its move, and the moves of the
 * figures before it (each pass moves them all) can bring it up to a page
 * that has room for it: the blocks it passed that begin on its own page
 * then print before it for nothing, and it goes back before them (the page
 * holds the same blocks, in the manuscript's order). A block whose opening
 * is not found on a page (a list's numbers, a section break, an opening cut
 * by the page break) stops the count: the figure keeps its place after it.
 */
export function shiftKept(tree: Root, figureId: string, shift: number, figurePage: number, pages: readonly PrintedPage[]): number {
  if (shift <= 0) return shift;
  const passed = blocksAfter(tree, figureId).slice(0, shift);
  if (passed.length === 0) return shift;
  // Each page's letters, and where each of its lines begins among them: a block begins at a line's start.
  const texts = pages.slice(0, figurePage).map((page) => {
    const lines = page.lines.map(lineLetters);
    const starts: number[] = [];
    let at = 0;
    for (const line of lines) {
      starts.push(at);
      at += line.length;
    }
    return { text: lines.join(''), starts };
  });
  const begins = (opening: string, { text, starts }: { text: string; starts: number[] }) => starts.some((start) => text.startsWith(opening, start));
  // The figures of its run it passed (figureRun): it goes back before them too, with the text after them.
  let figuresFrom: number | undefined;
  for (let index = 0; index < passed.length; index++) {
    if (passed[index]!.tagName === 'figure') {
      figuresFrom ??= index;
      continue;
    }
    const opening = skeleton(blockText(passed[index]!)).slice(0, OPENING_LETTERS);
    if (opening.length < OPENING_LETTERS / 2) return shift;
    // The last page up to the figure's on which a line begins with the opening: the block comes before the figure.
    const page = texts.findLastIndex((text) => begins(opening, text)) + 1;
    if (page === 0) return shift;
    if (page === figurePage) return figuresFrom ?? index;
    figuresFrom = undefined;
  }
  return shift;
}

/**
 * The page on which the block the manuscript puts right before a figure
 * ends (its paragraph, a list item's lead), read from the printed pages up
 * to the figure's (`figurePage`): the last of them that holds its closing
 * letters. Undefined when that cannot be told (nothing before the figure,
 * too few letters to find).
 */
export function textPageBefore(tree: Root, figureId: string, figurePage: number, pages: readonly PrintedPage[]): number | undefined {
  const place = find(tree, figureId);
  const before = place?.parent.children.slice(0, place.index).filter(isElement).at(-1);
  if (!before) return undefined;
  const closing = skeleton(blockText(before)).slice(-OPENING_LETTERS);
  if (closing.length < OPENING_LETTERS / 2) return undefined;
  const page = pages.slice(0, figurePage).findLastIndex((printed) => skeleton(printed.lines.join('')).includes(closing)) + 1;
  return page === 0 ? undefined : page;
}

/**
 * The page an article's text ends on (1-based), read from the printed pages
 * by its last block's closing letters; undefined when that cannot be told.
 * A collection's end matter opens the page after the last article's, and
 * Chromium writes it no destination to find it by.
 */
export function articleEndPage(content: Root, pages: readonly PrintedPage[]): number | undefined {
  const last = content.children.filter(isElement).at(-1);
  const closing = last ? skeleton(blockText(last)).slice(-OPENING_LETTERS) : '';
  if (closing.length < OPENING_LETTERS / 2) return undefined;
  const page = pages.findLastIndex((printed) => skeleton(printed.lines.join('')).includes(closing)) + 1;
  return page === 0 ? undefined : page;
}

/** How many lines of `page` a block takes, from the line it begins on to the page's foot (0: it begins on no line of the page). */
function linesFrom(block: Element, page: PrintedPage): number {
  const opening = skeleton(blockText(block)).slice(0, OPENING_LETTERS);
  if (opening.length < OPENING_LETTERS / 2) return 0;
  const lines = page.lines.map(lineLetters);
  for (let index = 0; index < lines.length; index++) if (lines.slice(index).join('').startsWith(opening)) return lines.length - index;
  return 0;
}

/**
 * A figure at the top of a page two pages or more after the text the
 * manuscript puts before it (the figures moved before it took the page
 * after that text): going after more text would leave it there. It belongs
 * on the page before (`gap.page - 1`), before the blocks it passed that begin
 * there: how many blocks it then keeps passing (`shift`), and the room it has
 * there, the gap and those blocks' lines. Undefined when the figure is not late.
 */
export function lateFigure(tree: Root, gap: FigureGap, shift: number, pages: readonly PrintedPage[], lineHeight: number): { shift: number; room: number } | undefined {
  const textPage = textPageBefore(tree, gap.figureId, gap.page, pages);
  if (textPage === undefined || gap.page - textPage < 2) return undefined;
  const kept = shiftKept(tree, gap.figureId, shift, gap.page - 1, pages);
  const first = blocksAfter(tree, gap.figureId)[kept];
  const given = kept < shift && first ? linesFrom(first, pages[gap.page - 2]!) : 0;
  return { shift: kept, room: gap.room + given * lineHeight };
}

function blockText(node: RootContent | ElementContent): string {
  if (node.type === 'text') return node.value;
  return isElement(node) ? node.children.map(blockText).join('') : '';
}

/**
 * Whether the figure opens a list item after no more than its lead (a line
 * or two: "2. **The Glass Walk.** A footbridge…"), which Chromium takes
 * along to the next page with a figure that does not fit: the item's number
 * would otherwise stand alone. Such a figure left the page before it short
 * as one at a page's top does, by its own height and the lead's.
 */
export function followsItemLead(tree: Root, figureId: string, charactersPerLine: number): boolean {
  const place = find(tree, figureId);
  if (!place || !('tagName' in place.parent) || place.parent.tagName !== 'li') return false;
  const before = place.parent.children.slice(0, place.index);
  if (before.some((node) => isElement(node) && node.tagName !== 'p')) return false;
  return before.reduce((sum, node) => sum + textLength(node), 0) <= 2 * charactersPerLine;
}

/**
 * Whether the figure comes right after a paragraph that leads in to it,
 * ending in ":" (or Japanese "："): "The campaign's banner, as it ran:".
 */
export function followsLeadIn(tree: Root, figureId: string): boolean {
  const place = find(tree, figureId);
  if (!place) return false;
  const before = place.parent.children.slice(0, place.index).filter(isElement).at(-1);
  return before !== undefined && before.tagName === 'p' && /[:：]\s*$/.test(blockText(before));
}

/**
 * A figure after its lead-in (or a list item's lead) that does not fit
 * under it even at its smallest (MIN_FIGURE_SCALE) takes the room it lacks
 * from a picture printed above it on that page (`above`), which prints
 * smaller too, down to its own smallest: the lead-in ends the page, the
 * figure it announces on the next, otherwise (a chart, then "The
 * campaign's animated banner, as it ran on social media:" at a letter
 * page's foot, a quarter of it empty; a listicle's narrow portrait under
 * item 2, 26 %).
 * The pictures' heights (CSS pixels), or undefined when the two together
 * cannot make the room.
 */
export function sharedRoom(box: ScreenFigure, kind: FigureKind | undefined, room: number, above: ScreenFigure, aboveKind: FigureKind | undefined): { height: number; above: number } | undefined {
  if (box.picture <= 0 || above.picture <= 0) return undefined;
  const least = (figure: ScreenFigure, of: FigureKind | undefined) => Math.ceil(figure.picture * (of === undefined || of === 'photo' ? MIN_FIGURE_SCALE.photo : MIN_FIGURE_SCALE.words));
  // What the figure lacks at its smallest (fittedPictureHeight's two pixels spare, and one for rounding).
  const lacking = Math.ceil(box.height - box.picture + least(box, kind) + captionGrowth(box, least(box, kind)) + 3 - (room * 96) / 72);
  if (lacking <= 0) return undefined;
  // The picture above gives up what the figure lacks, and what its own caption grows by as narrow as it.
  const aboveHeight = settled((picture) => above.picture - lacking - captionGrowth(above, picture));
  if (aboveHeight < least(above, aboveKind)) return undefined;
  const height = fittedPictureHeight(box, room + (lacking * 72) / 96, kind ?? 'photo');
  return height === undefined ? undefined : { height, above: aboveHeight };
}

/** Two pictures whose shapes (width over height) differ by no more than this share are of one shape. */
const SAME_SHAPE = 0.03;

export function sameShape(a: ScreenFigure, b: ScreenFigure): boolean {
  return a.shape !== undefined && b.shape !== undefined && Math.abs(a.shape - b.shape) <= SAME_SHAPE * Math.max(a.shape, b.shape);
}

/**
 * A picture editor prints a series at one size: the figures next to
 * `figureId` in the manuscript (`ids`, in order) whose pictures are of its
 * shape, each printed no more than a page from the one before it (`pages`),
 * and not made smaller yet (`fitted`). A photo essay's 3:2 landscapes
 * printed 5.3 in and 3.3 in wide on one letter page, the second made
 * smaller alone to fit the room the first left; so do they at A4 and 6x9.
 */
export function seriesOf(figureId: string, ids: readonly string[], boxes: ReadonlyMap<string, ScreenFigure>, pages: ReadonlyMap<string, number>, fitted: ReadonlySet<string>): string[] {
  const at = ids.indexOf(figureId);
  const own = boxes.get(figureId);
  if (at < 0 || !own) return [figureId];
  const member = (from: string, to: string | undefined): boolean => {
    const box = to === undefined ? undefined : boxes.get(to);
    const [a, b] = [pages.get(from), to === undefined ? undefined : pages.get(to)];
    return box !== undefined && !fitted.has(to!) && sameShape(own, box) && a !== undefined && b !== undefined && Math.abs(a - b) <= 1;
  };
  const series = [figureId];
  for (let index = at - 1; index >= 0 && member(series[0]!, ids[index]); index--) series.unshift(ids[index]!);
  for (let index = at + 1; index < ids.length && member(series.at(-1)!, ids[index]); index++) series.push(ids[index]!);
  return series;
}

/**
 * The height (CSS pixels) to print a figure's picture and a picture of its
 * shape printed above it on the page before (`above`) at, so that both fit
 * there at one size: each gives up half of what the figure lacks. Undefined
 * when that is below either's MIN_FIGURE_SCALE, or nothing is lacking.
 */
export function evenHeight(box: ScreenFigure, kind: FigureKind | undefined, room: number, above: ScreenFigure, aboveKind: FigureKind | undefined): number | undefined {
  if (box.picture <= 0 || above.picture <= 0) return undefined;
  const floor = (of: FigureKind | undefined) => (of === undefined || of === 'photo' ? MIN_FIGURE_SCALE.photo : MIN_FIGURE_SCALE.words);
  // What the figure's picture has room for alone (fittedPictureHeight's two pixels spare).
  const alone = Math.floor((room * 96) / 72 - (box.height - box.picture) - 2);
  if (alone >= box.picture) return undefined;
  // Both the same shape and width at full size: the room above gives up as much as the figure gains, one pixel spare for rounding.
  // Their captions, as narrow as the pictures, may take more lines.
  const height = settled((picture) => (above.picture + alone - captionGrowth(box, picture) - captionGrowth(above, picture)) / 2 - 1);
  return height < box.picture && height >= box.picture * floor(kind) && height >= above.picture * floor(aboveKind) ? height : undefined;
}

/** Whether the element before the figure (in the same parent) is a heading. */
export function followsHeading(tree: Root, figureId: string): boolean {
  const place = find(tree, figureId);
  if (!place) return false;
  const before = place.parent.children.slice(0, place.index).filter(isElement).at(-1);
  return before !== undefined && HEADINGS.has(before.tagName);
}

/**
 * Moves each figure past the number of blocks given (blocksAfter's, in
 * place): right after the last one, or where that is a list item, at its
 * end (a list holds only items). Where each goes is read on the manuscript's
 * order before any moves, and figures sent after the same block (a run of
 * figures moved as one, figureRun) keep the manuscript's order there.
 */
export function moveFigures(tree: Root, shifts: ReadonlyMap<string, number>): void {
  const order = figuresIn(tree);
  const moves = [...shifts].flatMap(([figureId, shift]) => {
    const place = find(tree, figureId);
    const last = shift > 0 ? blocksAfter(tree, figureId).slice(0, shift).at(-1) : undefined;
    return place && last ? [{ figure: place.parent.children[place.index] as Element, last }] : [];
  });
  moves.sort((a, b) => order.indexOf(a.figure) - order.indexOf(b.figure));
  // The figure last put after each block: the next sent there goes after it.
  const put = new Map<Element, Element>();
  for (const { figure, last } of moves) {
    const from = parentOfElement(tree, figure)!;
    from.children.splice(from.children.indexOf(figure), 1);
    if (last.tagName === 'li') {
      last.children.push(figure);
      continue;
    }
    const after = put.get(last) ?? last;
    const parentOf = parentOfElement(tree, after)!;
    parentOf.children.splice(parentOf.children.indexOf(after) + 1, 0, figure);
    put.set(last, figure);
  }
}

/** The figures of `tree`, in the order they are read. */
function figuresIn(tree: Root | Element): Element[] {
  return (tree.children as Array<RootContent | ElementContent>).filter(isElement).flatMap((child) => (child.tagName === 'figure' ? [child] : figuresIn(child)));
}

/**
 * A figure and the figures right after it in the manuscript, with no text
 * between (a map, then a chart): a run. None of them can be moved past the
 * next alone (the manuscript's order is the reader's), so a figure that
 * leaves the page before it short goes with the figures after it, past the
 * text after the last of them (runShifts). Just the figure when no figure
 * follows it.
 */
export function figureRun(tree: Root, figureId: string): string[] {
  const place = find(tree, figureId);
  if (!place) return [figureId];
  const run = [figureId];
  for (const next of place.parent.children.slice(place.index + 1)) {
    if (next.type === 'text' && next.value.trim() === '') continue;
    if (!isElement(next) || next.tagName !== 'figure' || typeof next.properties.id !== 'string') break;
    run.push(next.properties.id);
  }
  return run;
}

/**
 * The shifts that move a run of figures (figureRun) as one past the text
 * after its last figure, to fill a gap of `lines` (shiftFor, with or without
 * the headings): each figure past the figures after it and that text, so
 * that all go after its last block, in their order. Undefined when the
 * figure opens no run, when the run is not where an earlier pass put it
 * whole (its figures moved apart), when it follows a lead-in, or when no
 * text can be passed.
 */
export function runShifts(tree: Root, figureId: string, lines: number, shifts: ReadonlyMap<string, number>, charactersPerLine: number, headings = false): Map<string, number> | undefined {
  const run = figureRun(tree, figureId);
  // A run announced by its lead-in ("The campaign's banner, as it ran:") stays under it: sharedRoom's to mend.
  if (run.length < 2 || followsLeadIn(tree, figureId) || followsItemLead(tree, figureId, charactersPerLine)) return undefined;
  const last = run.at(-1)!;
  const already = shifts.get(last) ?? 0;
  const at = (index: number, text: number) => (text > 0 ? run.length - 1 - index + text : 0);
  if (run.some((id, index) => (shifts.get(id) ?? 0) !== at(index, already))) return undefined;
  const text = shiftFor(tree, last, lines, already, charactersPerLine, headings);
  if (text === already) return undefined;
  return new Map(run.map((id, index) => [id, at(index, text)]));
}

/**
 * Keeps a run's figures in their order however their shifts were changed
 * since (shiftKept gives back each figure's on its own page): a figure
 * right after another that goes later goes at least as far, after it.
 */
export function keepRunsInOrder(tree: Root, shifts: Map<string, number>): void {
  for (const figure of figuresIn(tree)) {
    const id = figure.properties.id;
    if (typeof id !== 'string') continue;
    const run = figureRun(tree, id);
    for (let index = 1; index < run.length; index++) {
      const least = (shifts.get(run[index - 1]!) ?? 0) - 1;
      if (least > (shifts.get(run[index]!) ?? 0)) shifts.set(run[index]!, least);
    }
  }
}

/** The parent of `element` in `tree`. */
function parentOfElement(tree: Root | Element, element: Element): Root | Element | undefined {
  if ((tree.children as Array<RootContent | ElementContent>).includes(element)) return tree;
  for (const child of tree.children) {
    if (!isElement(child)) continue;
    const found = parentOfElement(child, element);
    if (found) return found;
  }
  return undefined;
}
