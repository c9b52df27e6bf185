/**
 * The print edition's record: what the PDF writer learnt by laying the
 * document out, handed to the other editions, which name the same pages.
 * The e-book takes its page-break markers and page list from it, and the
 * credits of every edition (and of the download page) the page each picture
 * is printed on. Kept apart from the document (src/document.ts), which is
 * the same for every edition and holds nothing a layout found.
 */

/** Where each print page begins: the page-break markers and page list of the e-book. */
export interface PrintPagination {
  /** The PDF edition's identifier (urn:uuid). */
  identifier: string;
  pageSize: string;
  /** Each page's first words and (when known) its last ones, as printed. */
  pages: PageStart[];
  /**
   * Figures the print edition set later than the manuscript puts them (a
   * figure that did not fit goes after the text that fills the page it left).
   * The e-book keeps its figures where the manuscript puts them, but reads
   * the printed pages in this order.
   */
  figureMoves?: FigureMove[];
}

export interface PageStart {
  page: number;
  text: string;
  end?: string;
}

export interface FigureMove {
  figureId: string;
  /** Blocks (elements next to the figure, in the same parent) the figure was set after. */
  after: number;
}

export interface PrintEdition {
  /** The PDF edition's identifier (urn:uuid, in its XMP as dc:identifier), from the content and page size. */
  identifier: string;
  pageSize: string;
  /** The page each figure is printed on: figure id → 1-based page. */
  figurePages: ReadonlyMap<string, number>;
  /** Figures set later than the manuscript puts them, to fill the page they did not fit on (in document order). */
  figureMoves: FigureMove[];
  /** Where each page begins, when the layout was read back for them (for the e-book's page list). */
  pageStarts?: PageStart[];
}

/** The e-book's page markers from the record, when it has the page starts. */
export function printPagination(print: PrintEdition | undefined): PrintPagination | undefined {
  return print?.pageStarts ? { identifier: print.identifier, pageSize: print.pageSize, pages: print.pageStarts, figureMoves: print.figureMoves } : undefined;
}
