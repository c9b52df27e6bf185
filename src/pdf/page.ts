/**
 * Page geometry of the print edition. The numbers are handed to
 * templates/print/page.css.ejs, which writes the @page rules; the measure
 * (text width) is also used here to tell whether a picture has enough pixels
 * for print.
 */
import { leadingFor } from '../typefaces.js';

export type PageSize = 'letter' | 'a4' | '6x9';

export const pageSizes: readonly PageSize[] = ['letter', 'a4', '6x9'];

export interface PageGeometry {
  name: PageSize;
  /** CSS `size` value. */
  size: string;
  widthIn: number;
  heightIn: number;
  marginTopIn: number;
  marginBottomIn: number;
  /** Binding side: left on right-hand pages, right on left-hand pages. */
  marginInnerIn: number;
  marginOuterIn: number;
  /** Body type size in points and line height (unitless). */
  fontSizePt: number;
  lineHeight: number;
}

const mm = (millimetres: number): number => millimetres / 25.4;

export const pageGeometry: Record<PageSize, PageGeometry> = {
  letter: {
    name: 'letter',
    size: '8.5in 11in',
    widthIn: 8.5,
    heightIn: 11,
    marginTopIn: 0.95,
    marginBottomIn: 1.0,
    marginInnerIn: 1.6,
    marginOuterIn: 1.6,
    fontSizePt: 11,
    lineHeight: 1.42,
  },
  a4: {
    name: 'a4',
    size: '210mm 297mm',
    widthIn: mm(210),
    heightIn: mm(297),
    marginTopIn: mm(24),
    marginBottomIn: mm(26),
    marginInnerIn: mm(38),
    marginOuterIn: mm(38),
    fontSizePt: 11,
    lineHeight: 1.42,
  },
  '6x9': {
    name: '6x9',
    size: '6in 9in',
    widthIn: 6,
    heightIn: 9,
    marginTopIn: 0.7,
    marginBottomIn: 0.8,
    marginInnerIn: 0.75,
    marginOuterIn: 0.6,
    fontSizePt: 10,
    lineHeight: 1.4,
  },
};

export function isPageSize(value: string): value is PageSize {
  return (pageSizes as readonly string[]).includes(value);
}

/** Width of the text block in inches. */
export function measureIn(geometry: PageGeometry): number {
  return geometry.widthIn - geometry.marginInnerIn - geometry.marginOuterIn;
}

/**
 * The geometry of a page for a document in `language`: the page size's, with
 * the line height its face needs (see leadingFor: Urdu in Nastaliq).
 */
export function geometryFor(size: PageSize, language: string): PageGeometry {
  const geometry = pageGeometry[size];
  const leading = leadingFor(language);
  return leading === 1 ? geometry : { ...geometry, lineHeight: Math.round(geometry.lineHeight * leading * 100) / 100 };
}
