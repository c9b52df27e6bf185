/**
 * Laying the cover out (src/cover-layout-core.ts) with the faces its text
 * needs, found by src/typefaces.ts as for the editions.
 */
import type { Font } from 'satori';
import type { FitCut, Measure } from './cover-fit.js';
import { decodeReferences, type VNode } from './cover-tree.js';
import { coverFonts } from './typefaces.js';
import { fitCoverTree, layOutCoverWith, type CoverImage } from './cover-layout-core.js';

export { COVER_WIDTH, COVER_HEIGHT, LEAD_IMAGE_SRC, lineEndsWith, measureWith, pictureStandIn, withPicture, type CoverImage } from './cover-layout-core.js';

/**
 * The faces the cover's text needs. Each file is a family of its own,
 * because satori falls back to other loaded families for a missing letter
 * but not to other files of the same family: so `font-family: Literata` also
 * sets Šefčovič, Москва, Αθήνα, and the scripts Literata lacks.
 */
export function loadCoverFonts(text: string, language?: string): Promise<Font[]> {
  return coverFonts(text, language) as Promise<Font[]>;
}

/** The cover's element tree, its text fitted, the faces and measure it was fitted with, and the texts it cuts. */
export async function coverTree(markup: string, leadImage: CoverImage | undefined, language: string | undefined): Promise<{ tree: VNode; fonts: Font[]; measure: Measure; cuts: FitCut[] }> {
  const fonts = await loadCoverFonts(decodeReferences(markup), language);
  return { ...(await fitCoverTree(markup, leadImage, language, fonts)), fonts };
}

/** The cover as SVG, text as outlines, at its designed size; and the texts it cuts. */
export async function layOutCover(markup: string, leadImage: CoverImage | undefined, language: string | undefined): Promise<{ svg: string; cuts: FitCut[] }> {
  return layOutCoverWith(markup, leadImage, language, await loadCoverFonts(decodeReferences(markup), language));
}
