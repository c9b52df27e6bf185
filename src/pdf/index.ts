/**
 * The PDF writer: GalleyDocument → print page → Chromium, sandboxed → PDF
 * with metadata → written atomically.
 *
 * The credits name the page each picture is printed on. That page is only
 * known after layout, so a document with pictures is laid out twice: the
 * first PDF tells where the figures fell (Chromium writes a named destination
 * for every link target), the second prints those page numbers.
 */
import { toString } from 'hast-util-to-string';
import type { Browser } from 'puppeteer';
import type { GalleyDocument } from '../document.js';
import { coverInputOf, renderCoverSvg } from '../cover.js';
import type { FigureMove, PrintEdition } from '../print-edition.js';
import { editionDate } from '../view.js';
import { writeFileAtomic } from '../write-atomic.js';
import { withBrowser } from './browser.js';
import { buildPrintPage, charactersPerLine, imageDigest, partHeadingId, SPLIT_LEAST_LINES, stripFigures } from './html.js';
import type { Destination } from './destinations.js';
import { articleEndPage, articleTails, CAPTION_SHARES, emptyShare, END_MATTER_SCALE, endMatterTail, evenHeight, FIGURE_EMPTY_SHARE, figureGaps, figurePasses, fittedPictureHeight, MIN_FIGURE_SCALE, sameShape, seriesOf, followsHeading, followsItemLead, followsLeadIn, keepRunsInOrder, lateFigure, runShifts, sharedRoom, shiftFor, shiftKept, stripHead, tailRoom } from './figures.js';
import { blockLineCounts, paragraphTexts, screenSpacings, skeleton, spreadLines } from './loose-lines.js';
import { isEmpty, nextMending } from './mending.js';
import { hyphenatorFor, wordKey } from './hyphenate.js';
import { geometryFor, measureIn, type PageSize } from './page.js';
import { printedPages, wordsSplitAcrossPages, type PageDirections, type PrintedPage } from './page-starts.js';
import { pageTexts, preparePageText, type PageText } from './page-text.js';
import { openSandbox, type SandboxPool, type ScreenFigure } from './sandbox.js';
import { pdfIdentifier } from './identifier.js';

export { BrowserNotFoundError, BrowserTimeoutError, findBrowser, launchBrowser, withBrowser } from './browser.js';
export { isPageSize, pageSizes, type PageSize } from './page.js';
export type { PageStart } from './page-starts.js';
export { pdfIdentifier } from './identifier.js';
export { SandboxPool } from './sandbox.js';

/**
 * Gets ready what renderPdf needs besides the browser. A caller starting the
 * browser calls this meanwhile: the start is mostly waiting, the loading
 * mostly work. (pdf.js, which reads back the layouts of a document with text
 * written right to left, loads in a thread of its own once a layout begins.)
 */
export async function preparePdfWriter(languages: string[] = []): Promise<void> {
  // The hyphenation patterns are compiled at their first use.
  for (const language of new Set(languages)) hyphenatorFor(language)?.('hyphenation');
}

export interface RenderPdfOptions {
  /** Where to write the PDF; without it the PDF is laid out (for its page starts) and not written. */
  outFile?: string;
  /** Also read back where each page begins (for the e-book's page list). */
  pageStarts?: boolean;
  /** Default letter. */
  pageSize?: PageSize;
  /** A browser to reuse (a batch); otherwise one is launched and closed. */
  browser?: Browser;
  /** Sandboxed pages to reuse (a batch); otherwise one is opened and closed. */
  sandboxes?: SandboxPool;
  templatesDir?: string;
  /** CreationDate/ModDate. Default: SOURCE_DATE_EPOCH, else the article date. */
  date?: Date;
  /** Give up after this long. Default 180 s. */
  timeoutMs?: number;
  /**
   * Called once the browser's part is done, before the PDF is finished and
   * written: a batch whose last layout this was can close the browser meanwhile.
   */
  onLaidOut?: () => void;
}

export interface RenderPdfResult {
  /** Things the author should look at: refused URLs, soft pictures, missing hyphenation. */
  warnings: string[];
  pages: number;
  bytes: number;
  /** The finished PDF (also written to outFile when given). */
  pdf: Uint8Array;
  /**
   * What the layout found, for the other editions: the page of each figure,
   * the figures set later than the manuscript puts them, and where each page
   * begins when `pageStarts` was asked for.
   */
  print: PrintEdition;
}

/** What finishes a print (./finish.ts, with pdf-lib): loaded once a print is on its way. */
let finishModule: Promise<typeof import('./finish.js')> | undefined;
function finishing(): Promise<typeof import('./finish.js')> {
  finishModule ??= import('./finish.js');
  finishModule.catch(() => (finishModule = undefined));
  return finishModule;
}

/** Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RIGHT_TO_LEFT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;

/** Rounds of measuring the open page, each time its lines are settled, to set words whole and track loose lines. */
const MENDING_PASSES = 4;

function sameMap(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.get(key) === value);
}

/**
 * Lays out `doc` as a PDF and writes it to `options.outFile`. The previous
 * file at that path stays as it was unless the new one is complete.
 */
export async function renderPdf(doc: GalleyDocument, options: RenderPdfOptions): Promise<RenderPdfResult> {
  // A document with text written right to left is read back by pdf.js (./page-text.ts), which loads in its own thread while the print page is made and laid out.
  if ([doc, ...(doc.parts ?? [])].some((part) => RIGHT_TO_LEFT.test(toString(part.content)) || RIGHT_TO_LEFT.test(part.metadata.title))) preparePageText();
  const pageSize = options.pageSize ?? 'letter';
  const geometry = geometryFor(pageSize, doc.metadata.language);
  const figureIds = doc.credits.map((credit) => credit.figureId);
  // The credits name each figure's page; a collection's contents, each article's.
  const targetIds = [...figureIds, ...(doc.parts ?? []).map((_, index) => partHeadingId(index + 1))];
  // The content a figure is in: a collection's figures are in its parts.
  const strips = stripFigures(doc, geometry);
  const kindOf = (figureId: string) => [doc, ...(doc.parts ?? [])].flatMap((part) => part.credits).find((credit) => credit.figureId === figureId)?.kind;
  const contentWith = (figureId: string): GalleyDocument['content'] => doc.parts?.find((part) => part.credits.some((credit) => credit.figureId === figureId))?.content ?? doc.content;

  // The article's words, to tell a word hyphenated at a line end from a compound broken at its own hyphen.
  let words: Set<string> | undefined;
  const textWords = (): Set<string> => (words ??= new Set([doc, ...(doc.parts ?? [])].flatMap((part) => toString(part.content).match(/\p{L}+/gu) ?? []).map(wordKey)));

  // The document's pictures and their digests (./stand-ins.ts).
  let pictureList: Array<{ image: GalleyDocument['assets']['images'][number]; digest: string }> | undefined;
  const pictures = () => (pictureList ??= [...new Map([doc, ...(doc.parts ?? [])].flatMap((part) => part.assets.images).map((image) => [imageDigest(image), image])).entries()].map(([digest, image]) => ({ image, digest })));

  // The letters of each paragraph, as line keys are made.
  let paragraphs: string[] | undefined;
  const paragraphKeys = (): string[] => (paragraphs ??= [doc, ...(doc.parts ?? [])].flatMap((part) => paragraphTexts(part.content).map(skeleton)));

  // Where the figures and a collection's articles fell in a layout: read once
  // (pdf-lib) for both the figure gaps and the pages the credits name.
  let lastPlaces: { pdf: Uint8Array; places: Promise<Map<string, Destination>> } | undefined;
  const placesIn = (pdf: Uint8Array): Promise<Map<string, Destination>> => {
    if (lastPlaces?.pdf !== pdf) lastPlaces = { pdf, places: finishing().then(({ namedDestinations }) => namedDestinations(pdf, targetIds)) };
    return lastPlaces.places;
  };

  // What a layout is read back for: where each page begins and ends. The
  // read-back (./page-text.ts) starts as soon as a print is made.
  let lastTexts: { pdf: Uint8Array; pages: Promise<PageText[]> } | undefined;
  const textsOf = (pdf: Uint8Array): Promise<PageText[]> => {
    if (lastTexts?.pdf !== pdf) {
      lastTexts = { pdf, pages: pageTexts(pdf) };
      lastTexts.pages.catch(() => {}); // awaited (and reported) where it is used
    }
    return lastTexts.pages;
  };
  // Which way each page's lines run, to read them back in order: the
  // article's direction; in a collection whose articles run both ways, each
  // article's from its headline's page to the next one's (the end matter,
  // from "Sources and credits" on, the collection's). Read only for such a collection.
  const END_MATTER_ID = 'sources-and-credits'; // templates/partials/collection-credits.html.ejs
  const ownDirection = doc.metadata.direction ?? 'ltr';
  const mixed = (doc.parts ?? []).some((part) => (part.metadata.direction ?? 'ltr') !== ownDirection);
  const directionsIn = async (pdf: Uint8Array): Promise<PageDirections> => {
    if (!mixed) return () => ownDirection;
    const parts = doc.parts ?? [];
    const ids = [...parts.map((_, index) => partHeadingId(index + 1)), END_MATTER_ID];
    const places = await finishing().then(({ namedDestinations }) => namedDestinations(pdf, ids));
    const starts = parts.flatMap((part, index) => {
      const page = places.get(partHeadingId(index + 1))?.page;
      return page === undefined ? [] : [{ page, direction: part.metadata.direction ?? 'ltr' }];
    });
    const endMatter = places.get(END_MATTER_ID)?.page ?? Infinity;
    return (page) => (page >= endMatter ? ownDirection : (starts.filter((start) => start.page <= page).at(-1)?.direction ?? ownDirection));
  };
  // Read once a print: the figure passes and the pages' starts ask for the same one.
  let lastRead: { pdf: Uint8Array; pages: Promise<PrintedPage[]> } | undefined;
  const readBack = (pdf: Uint8Array): Promise<PrintedPage[]> => {
    if (lastRead?.pdf !== pdf) lastRead = { pdf, pages: (async () => printedPages(await textsOf(pdf), geometry, await directionsIn(pdf)))() };
    return lastRead.pages;
  };

  // The PDF is finished (pdf-lib) once its layout has been read back for the
  // figures: should the read-back of its pages ask for another print, that
  // one is finished instead. Finishing takes the parse its read-back used,
  // once the read-back and the figures' places are done with it.
  const date = options.date ?? editionDate(doc);
  const identifier = pdfIdentifier(doc, pageSize);
  const finish = (pdf: Uint8Array, html: string): Promise<{ bytes: Uint8Array; pages: number }> => {
    const read = Promise.all([textsOf(pdf), ...(lastPlaces?.pdf === pdf ? [lastPlaces.places] : [])]).catch(() => {});
    const finished = Promise.all([finishing(), read]).then(([{ finishPrint }]) => finishPrint(pdf, doc, html, { date, identifier }, { parsed: true }));
    finished.catch(() => {}); // awaited (and reported) once it is the last
    return finished;
  };

  // A collection opens with its cover, the e-book's drawing (the layout is shared with it).
  const cover = doc.parts ? await renderCoverSvg(coverInputOf(doc, options.templatesDir)) : undefined;

  const layOut = async (browser: Browser) => {
    const warnings = new Set<string>();
    const templates = {
      ...(cover ? { cover } : {}),
      identifier: pdfIdentifier(doc, pageSize),
      ...(options.date ? { date: options.date } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    };
    // The credits name each figure's page, known only after layout. Guess
    // first: a lead figure is nearly always on page 1. When the layout agrees
    // with the guess, one pass is enough; otherwise print again with the
    // pages found (at most twice more: the numbers could, in theory, move a figure).
    let figurePages = new Map<string, number>(doc.parts ? [] : figureIds.slice(0, 1).map((id) => [id, 1]));
    const figureShifts = new Map<string, number>();
    const figureHeights = new Map<string, number>();
    // A strip's figure as first laid out whole: once its first piece is cut, the page shows only that piece.
    const stripBoxes = new Map<string, ScreenFigure>();
    // Each figure as laid out before its picture was printed smaller: its floor (MIN_FIGURE_SCALE) is a share of this one's.
    const wholeBoxes = new Map<string, ScreenFigure>();
    const sandbox = options.sandboxes ? await options.sandboxes.acquire() : await openSandbox(browser, options.timeoutMs);
    let broken = true;
    try {
      // Words set whole and lines tracked (see mending.ts). What depends only
      // on the lines (loose lines, hyphen ladders) is read from the open
      // page's own layout, which breaks every line where the print does, and
      // mended there before anything is printed; what the pages decide (a
      // word hyphenated across two pages, where the figures fell) is read
      // from the print.
      const keepWhole = new Set<string>();
      const names = new Map<string, string>();
      const tracking = new Map<string, number>();
      const untie = new Set<string>();
      const ragged = new Set<string>();
      const limits = new Map<string, number>();
      // How many lines the open page set each paragraph in: those of three or fewer are kept on one page (html.ts, markShortParagraphs).
      const blockLines = new Map<string, number>();
      const makeBuild = () => buildPrintPage(doc, { pageSize, figurePages, figureShifts, figureHeights, tracking, untie, ragged, keepWhole, names, blockLines, standIns: true, ...templates });
      const width = measureIn(geometry) * 96;
      let rounds = 0;
      // Words set whole, and names hyphenated after a line (its letters and the name's), break their paragraphs anew: what was given to those paragraphs' lines no longer fits them, and is measured again.
      const rebreak = (words: string[]): void => {
        if (words.length === 0) return;
        const rebroken = paragraphKeys().filter((paragraph) => words.some((word) => paragraph.includes(word)));
        for (const line of [...tracking.keys(), ...limits.keys(), ...ragged]) {
          if (rebroken.some((paragraph) => paragraph.includes(line))) {
            tracking.delete(line);
            limits.delete(line);
            ragged.delete(line);
          }
        }
      };
      let build = makeBuild();
      // Mends the lines of `build` on screen until nothing is left to (a few rounds at most: tracking one line can move the breaks after it).
      const settle = async (): Promise<void> => {
        for (let pass = 0; pass < MENDING_PASSES; pass++) {
          const lines = await sandbox.measure(build.files, { document: doc.file, width });
          for (const [key, count] of blockLineCounts(lines)) blockLines.set(key, count);
          const spacings = screenSpacings(lines, geometry);
          const read = { starts: [{ page: 1, text: '', end: '', lines: lines.map((line) => line.text) }], spacings, spread: spreadLines(lines, geometry, spacings) };
          const mending = nextMending(read, { keepWhole, names, tracking, untie, limits, ragged }, { ladders: rounds < 2, isWord: (word) => textWords().has(word), paragraphs: paragraphKeys });
          rounds++;
          if (isEmpty(mending)) {
            // The paragraphs the build kept whole by reckoning that the page shows longer or shorter than that are marked anew (their lines stay as they are).
            const misjudged = [...build.blockKeeps].some(([key, kept]) => {
              const count = blockLines.get(key);
              return count !== undefined && count < SPLIT_LEAST_LINES !== kept;
            });
            if (misjudged) build = makeBuild();
            return;
          }
          for (const word of mending.keepWhole) keepWhole.add(word);
          for (const [line, name] of mending.names) names.set(line, name);
          rebreak([...mending.keepWhole, ...[...mending.names].map(([line, name]) => line + name)]);
          for (const [line, steps] of mending.limits) limits.set(line, steps);
          for (const [line, steps] of mending.tracking) {
            if (steps > 0) tracking.set(line, steps);
            else tracking.delete(line);
          }
          for (const line of mending.untie) untie.add(line);
          for (const line of mending.ragged) ragged.add(line);
          build = makeBuild();
        }
      };
      const print = async () => {
        await settle();
        for (;;) {
          const printing = sandbox.render(build.files, { document: doc.file });
          // The page is shown already, so the print is asked for at once; the
          // browser takes a while over it, and pdf-lib loads meanwhile, and
          // its deflate is warmed for the finish (./finish.ts, warmDeflate).
          const finishes = finishing();
          void finishes.then(({ warmDeflate }) => warmDeflate(), () => {});
          const printed = await printing;
          void finishes.then(({ stopWarming }) => stopWarming(), () => {});
          textsOf(printed.pdf);
          // How Chromium wrote the pictures, for the next prints' stand-ins; a stand-in that did not print as its picture
          // would have is refused, and the page is printed again with the picture itself (./stand-ins.ts).
          if (await (await finishes).checkPrintedPictures(printed.pdf, pictures())) return printed;
          build = makeBuild();
        }
      };
      let result = await print();
      // A figure that did not fit left the page before it short: it goes
      // after the text of its section that fills the gap; where its section
      // has no such text, its picture is printed smaller, to fit the gap
      // (down to MIN_FIGURE_SCALE); where that is not enough either, it goes
      // after the next heading and the text under it (three times at most:
      // moving one can move the next). Every pass, and once more after the
      // last, a figure moved on an older layout goes back before the text it
      // passed that now begins on its own page (figures.ts, shiftKept): the
      // moves before it brought it up, or its picture was made smaller.
      // A series of one shape (figures.ts, seriesOf) printed at `height`: the figure, and each of the others that is taller and may print so small (its floor).
      const printSeries = (series: readonly string[], figureId: string, height: number, boxes: ReadonlyMap<string, ScreenFigure>): void => {
        for (const id of series) {
          const picture = boxes.get(id)!.picture;
          if (id === figureId || (picture > height && height >= picture * (kindOf(id) === undefined || kindOf(id) === 'photo' ? MIN_FIGURE_SCALE.photo : MIN_FIGURE_SCALE.words))) figureHeights.set(id, Math.min(height, Math.floor(picture)));
        }
      };
      const mendFigures = async (): Promise<void> => {
        const lastPass = figurePasses(figureIds.length);
        for (let pass = 0; pass <= lastPass; pass++) {
          let moved = false;
          let givenBack = false;
          if (figureShifts.size > 0) {
            const [places, printed] = await Promise.all([placesIn(result.pdf), readBack(result.pdf)]);
            for (const [figureId, shift] of figureShifts) {
              const page = places.get(figureId)?.page;
              const kept = page === undefined ? shift : shiftKept(contentWith(figureId), figureId, shift, page, printed);
              if (kept === shift) continue;
              if (kept > 0) figureShifts.set(figureId, kept);
              else figureShifts.delete(figureId);
              givenBack = true;
            }
            // A run's figures given back apart stay in their order (figures.ts, keepRunsInOrder).
            for (const content of [doc.content, ...(doc.parts ?? []).map((part) => part.content)]) keepRunsInOrder(content, figureShifts);
          }
          // The gaps of the last pass's layout are left as they are.
          const gaps =
            pass === lastPass
              ? []
              : await figureGaps(result.pdf, figureIds, geometry, figureIds.length > 0 ? await placesIn(result.pdf) : undefined, textsOf(result.pdf), (id) =>
                  (figureShifts.get(id) ?? 0) === 0 && (followsHeading(contentWith(id), id) || followsItemLead(contentWith(id), id, charactersPerLine(geometry))),
                );
          let boxes: Map<string, ScreenFigure> | undefined;
          const boxOf = async (figureId: string): Promise<ScreenFigure | undefined> => {
            if (!boxes) {
              boxes = new Map((await sandbox.figureBoxes(CAPTION_SHARES)).map((box) => [box.id, box]));
              for (const [id, box] of boxes) if (!figureHeights.has(id) && !wholeBoxes.has(id)) wholeBoxes.set(id, box);
            }
            return boxes.get(figureId);
          };
          const printed = gaps.length > 0 ? await readBack(result.pdf) : [];
          for (const gap of gaps) {
            // A strip begins on the page it is called on, its first piece filling the room there, when that room is not a sliver; else the text after it fills the page, as for any figure.
            // A strip cut already that still leaves a gap (the pages before it moved) is cut again for the room it has now:
            // moved on past text instead, a piece cut for another page fits no page, and the strip went on past whole sections.
            // So too a strip moved past text for a gap too small to begin in, which then stands after a page with room: moved on
            // for every gap it met, a long chart slid down an A4 article pass after pass and left a page 91 % empty.
            const strip = strips.has(gap.figureId) ? (stripBoxes.get(gap.figureId) ?? (figureHeights.has(gap.figureId) ? undefined : await boxOf(gap.figureId))) : undefined;
            if (strip) stripBoxes.set(gap.figureId, strip);
            const cut = figureHeights.get(gap.figureId);
            // A piece cut for this very room that did not fit there (the heading over it takes its space above it in mid-page) is cut two lines shorter.
            const room = strip && cut !== undefined ? Math.min(gap.room, ((cut * 72) / 96) - 2 * geometry.fontSizePt * geometry.lineHeight) : gap.room;
            const head = strip && stripHead(room, strip, geometry, strips.get(gap.figureId));
            if (head !== undefined && head !== cut) {
              // Its room depends on the pages before it, which the changes before it move.
              if (moved) continue;
              figureHeights.set(gap.figureId, head);
              moved = true;
              continue;
            }
            // A figure two pages or more after the text before it goes before
            // the text it passed on the page before (figures.ts, lateFigure),
            // where it fits as it is or printed smaller; else it is mended as any other.
            const late = figureHeights.has(gap.figureId) ? undefined : lateFigure(contentWith(gap.figureId), gap, figureShifts.get(gap.figureId) ?? 0, printed, geometry.fontSizePt * geometry.lineHeight);
            if (late) {
              // Its room depends on the pages before it, which the changes before it move.
              if (moved) continue;
              const box = await boxOf(gap.figureId);
              const height = box && fittedPictureHeight(box, late.room, kindOf(gap.figureId));
              const fits = box !== undefined && late.shift < (figureShifts.get(gap.figureId) ?? 0) && ((box.height + 2) * 72) / 96 <= late.room;
              if (height !== undefined || fits) {
                if (height !== undefined) figureHeights.set(gap.figureId, height);
                if (late.shift > 0) figureShifts.set(gap.figureId, late.shift);
                else figureShifts.delete(gap.figureId);
                moved = true;
                continue;
              }
            }
            const shift = shiftFor(contentWith(gap.figureId), gap.figureId, gap.lines, figureShifts.get(gap.figureId) ?? 0, charactersPerLine(geometry));
            if (shift !== (figureShifts.get(gap.figureId) ?? 0)) {
              figureShifts.set(gap.figureId, shift);
              moved = true;
              continue;
            }
            // A smaller picture or a move past a heading waits for the layout that the changes before it make (a figure given back changes no other page).
            if (moved) continue;
            // A page left more than FIGURE_EMPTY_SHARE empty: the picture above the figure there gives up room too, before it moves.
            const roomy = emptyShare(gap.room, geometry) > FIGURE_EMPTY_SHARE;
            const printedSmaller = figureHeights.get(gap.figureId);
            if (printedSmaller !== undefined && !strips.has(gap.figureId)) {
              // Printed smaller for a layout that has changed since (the text or figures before it moved): smaller again for the room it has now, down to its floor of its whole height, it and the figures of its series printed at its size.
              const box = await boxOf(gap.figureId);
              const whole = wholeBoxes.get(gap.figureId);
              const height = box && whole && fittedPictureHeight(box, gap.room, kindOf(gap.figureId), whole.picture);
              if (height !== undefined) {
                const at = figureIds.indexOf(gap.figureId);
                const same = (id: string | undefined) => id !== undefined && figureHeights.get(id) === printedSmaller;
                let [from, to] = [at, at];
                while (same(figureIds[from - 1])) from--;
                while (same(figureIds[to + 1])) to++;
                for (const id of figureIds.slice(from, to + 1)) figureHeights.set(id, height);
                moved = true;
                continue;
              }
            }
            if (!figureHeights.has(gap.figureId)) {
              const box = await boxOf(gap.figureId);
              // A series of pictures of one shape prints at one size (figures.ts, seriesOf): with one above it on the page before, both give up half the room it lacks; the others of the series print as small.
              const pages = new Map([...(await placesIn(result.pdf))].map(([id, place]) => [id, place.page]));
              const series = box ? seriesOf(gap.figureId, figureIds, boxes!, pages, new Set(figureHeights.keys())) : [];
              const above = series.slice(0, series.indexOf(gap.figureId)).filter((id) => pages.get(id) === gap.page - 1).at(-1);
              // Only where it fits smaller alone: the two are not made smaller for a figure that would not be (a 3:2 pair at letter, both to 62 %, only to save a page), unless nothing else fills the page (below).
              const alone = box && fittedPictureHeight(box, gap.room, kindOf(gap.figureId));
              const even = box && alone !== undefined && above !== undefined ? evenHeight(box, kindOf(gap.figureId), gap.room, boxes!.get(above)!, kindOf(above)) : undefined;
              const height = even ?? alone;
              if (height !== undefined) {
                printSeries(series, gap.figureId, height, boxes!);
                moved = true;
                continue;
              }
            }
            // After its lead-in or a list item's lead: a picture above it on the page before, printed smaller too, gives it the room it lacks (figures.ts, sharedRoom).
            if (!figureHeights.has(gap.figureId) && (followsLeadIn(contentWith(gap.figureId), gap.figureId) || followsItemLead(contentWith(gap.figureId), gap.figureId, charactersPerLine(geometry)))) {
              const places = await placesIn(result.pdf);
              const above = figureIds.slice(0, figureIds.indexOf(gap.figureId)).filter((id) => !figureHeights.has(id) && places.get(id)?.page === gap.page - 1).at(-1);
              const [box, aboveBox] = [await boxOf(gap.figureId), above === undefined ? undefined : await boxOf(above)];
              const shared = box && aboveBox && sharedRoom(box, kindOf(gap.figureId), gap.room, aboveBox, kindOf(above!));
              if (shared) {
                figureHeights.set(gap.figureId, shared.height);
                figureHeights.set(above!, shared.above);
                moved = true;
                continue;
              }
            }
            // A figure that opens its section (right after its heading, which Chromium takes along to the next page) stays
            // there with it where the page before ends no more than FIGURE_EMPTY_SHARE short: moved past the next
            // section, it left its heading alone at the foot of a page, over the next section's heading and text.
            if ((figureShifts.get(gap.figureId) ?? 0) === 0 && followsHeading(contentWith(gap.figureId), gap.figureId) && emptyShare(gap.foot, geometry) <= FIGURE_EMPTY_SHARE) continue;
            // Neither: the text of the next section fills the page, and the figure heads the next one.
            const across = shiftFor(contentWith(gap.figureId), gap.figureId, gap.lines, figureShifts.get(gap.figureId) ?? 0, charactersPerLine(geometry), true);
            if (across !== (figureShifts.get(gap.figureId) ?? 0)) {
              figureShifts.set(gap.figureId, across);
              moved = true;
              continue;
            }
            // No text to fill the page (a photo essay's pictures one after the other), and it would be left more than FIGURE_EMPTY_SHARE empty:
            // the picture above the figure there gives up room too, both down to their floors (at one size where they are of one shape, figures.ts, evenHeight; else figures.ts, sharedRoom).
            if (roomy && !figureHeights.has(gap.figureId)) {
              const pages = new Map([...(await placesIn(result.pdf))].map(([id, place]) => [id, place.page]));
              const above = figureIds.slice(0, figureIds.indexOf(gap.figureId)).filter((id) => !figureHeights.has(id) && !strips.has(id) && pages.get(id) === gap.page - 1).at(-1);
              const [box, aboveBox] = [await boxOf(gap.figureId), above === undefined ? undefined : await boxOf(above)];
              if (box && aboveBox) {
                const even = sameShape(box, aboveBox) ? evenHeight(box, kindOf(gap.figureId), gap.room, aboveBox, kindOf(above!)) : undefined;
                const shared = even === undefined ? sharedRoom(box, kindOf(gap.figureId), gap.room, aboveBox, kindOf(above!)) : undefined;
                if (even !== undefined) printSeries(seriesOf(gap.figureId, figureIds, boxes!, pages, new Set(figureHeights.keys())), gap.figureId, even, boxes!);
                else if (shared) {
                  figureHeights.set(gap.figureId, shared.height);
                  figureHeights.set(above!, shared.above);
                }
                if (even !== undefined || shared) {
                  moved = true;
                  continue;
                }
              }
            }
            // A figure right before another (a map, then a chart) that nothing above mends: the run goes past the text after
            // its last figure as one, in its order, that of its section or else past the next heading (figures.ts, runShifts).
            // Last, so that a photo essay's pictures print smaller together first, as a picture editor would.
            const run =
              runShifts(contentWith(gap.figureId), gap.figureId, gap.lines, figureShifts, charactersPerLine(geometry)) ??
              runShifts(contentWith(gap.figureId), gap.figureId, gap.lines, figureShifts, charactersPerLine(geometry), true);
            if (run) {
              for (const [id, shift] of run) figureShifts.set(id, shift);
              moved = true;
            }
          }
          // A collection's article whose last lines ran on to a page of their own: a picture on the page before prints smaller, to its floor at most, and takes them back (figures.ts, articleTails).
          if (!moved && pass < lastPass && doc.parts) {
            const places = await placesIn(result.pdf);
            // Each article opens a page, and so do the end matter's credits after the last.
            const lastEnds = articleEndPage(doc.parts.at(-1)!.content, await readBack(result.pdf));
            const opens = [...doc.parts.flatMap((_, index) => places.get(partHeadingId(index + 1))?.page ?? []), ...(lastEnds === undefined ? [] : [lastEnds + 1])];
            for (const tail of articleTails(await textsOf(result.pdf), geometry, opens)) {
              const figureId = figureIds.filter((id) => !figureHeights.has(id) && places.get(id)?.page === tail.page - 1 && tail.page - 1 >= Math.max(...opens.filter((open) => open <= tail.page))).at(-1);
              const box = figureId === undefined ? undefined : await boxOf(figureId);
              const height = box && tailRoom(box, kindOf(figureId!), tail, geometry.fontSizePt * geometry.lineHeight);
              if (height === undefined) continue;
              figureHeights.set(figureId!, height);
              moved = true;
            }
          }
          // An article's end matter alone on its last page: the last picture on the page the article ends on prints a little smaller, and takes it back (figures.ts, endMatterTail).
          if (!moved && pass < lastPass && !doc.parts) {
            const end = articleEndPage(doc.content, await readBack(result.pdf));
            const tail = end === undefined ? undefined : endMatterTail(await textsOf(result.pdf), geometry, end);
            if (tail) {
              const places = await placesIn(result.pdf);
              const figureId = figureIds.filter((id) => !figureHeights.has(id) && !strips.has(id) && places.get(id)?.page === tail.page - 1).at(-1);
              const box = figureId === undefined ? undefined : await boxOf(figureId);
              const height = box && tailRoom(box, kindOf(figureId!), tail, geometry.fontSizePt * geometry.lineHeight, END_MATTER_SCALE);
              if (height !== undefined) {
                figureHeights.set(figureId!, height);
                moved = true;
              }
            }
          }
          if (!moved && !givenBack) break;
          build = makeBuild();
          result = await print();
        }
      };
      // The credits name each figure's page: printed again until the pages they name are the pages printed.
      const placeFigures = async (): Promise<void> => {
        for (let pass = 0; pass < 2 && targetIds.length > 0; pass++) {
          const pages = new Map([...(await placesIn(result.pdf))].map(([id, { page }]) => [id, page]));
          if (sameMap(pages, figurePages)) break;
          figurePages = pages;
          build = makeBuild();
          result = await print();
        }
      };
      await mendFigures();
      await placeFigures();
      let read = { starts: await readBack(result.pdf) };
      // A word hyphenated across two pages is set whole, and the lines of its
      // paragraph settled again (twice at most). Its paragraph may take a line
      // more, and a figure that fitted under the text before it then goes to
      // the next page and leaves a gap the figure passes had closed (a
      // 20,000-word article at A4: seven words set whole, and pages ending
      // 16 and 25 lines short before two figures): the figures are mended
      // again on that layout, once (a print only where a gap opened).
      for (let round = 0; round < 2; round++) {
        let rebroken = false;
        for (let pass = 0; pass < 2; pass++) {
          const split = wordsSplitAcrossPages(read.starts).filter((word) => !keepWhole.has(word));
          if (split.length === 0) break;
          for (const word of split) keepWhole.add(word);
          rebreak(split);
          build = makeBuild();
          result = await print();
          read = { starts: await readBack(result.pdf) };
          rebroken = true;
        }
        if (!rebroken || round === 1 || figureIds.length === 0) break;
        const settled = result;
        await mendFigures();
        if (result === settled) break;
        await placeFigures();
        read = { starts: await readBack(result.pdf) };
      }
      // Only the last print is finished: finishing waits for its read-back
      // anyway, and a print finished before its read-back asked for another
      // was finished for nothing (a batch printed about one article in four
      // again).
      const finished = finish(result.pdf, build.html);
      const starts = read.starts;
      for (const warning of build.warnings) warnings.add(warning);
      for (const url of result.blocked) warnings.add(`the print page asked for ${url}, which is not part of the build; refused`);
      broken = false;
      return { finished, warnings: [...warnings], figurePages, starts, figureShifts };
    } finally {
      if (options.sandboxes) await options.sandboxes.release(sandbox, broken);
      else await sandbox.close();
    }
  };

  const laidOut = options.browser
    ? await layOut(options.browser)
    : await withBrowser(layOut, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
  options.onLaidOut?.();

  const { bytes, pages } = await laidOut.finished;
  if (options.outFile) await writeFileAtomic(options.outFile, bytes);
  const figureMoves: FigureMove[] = figureIds.flatMap((figureId) => {
    const after = laidOut.figureShifts.get(figureId) ?? 0;
    return after > 0 ? [{ figureId, after }] : [];
  });
  const print: PrintEdition = { identifier, pageSize, figurePages: laidOut.figurePages, figureMoves };
  // Read from Chromium's file: what pdf-lib changed afterwards (metadata, hyphen marks) moves no text.
  if (options.pageStarts) print.pageStarts = laidOut.starts.map(({ lines: _lines, ...start }) => start);
  return { warnings: laidOut.warnings, pages, bytes: bytes.length, pdf: bytes, print };
}
