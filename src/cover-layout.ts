/**
 * Laying the cover out: the template's HTML → satori-html's element tree
 * (cleaned, src/cover-tree.ts) → text fitted to its boxes
 * (src/cover-fit.ts) → satori → SVG with the text as outlines. The faces
 * come from src/typefaces.ts, as for the editions.
 */
import type { Font } from 'satori';
import { fitText, type Measure } from './cover-fit.js';
import { cleanTree, decodeReferences, type VNode } from './cover-tree.js';
import { coverFonts } from './typefaces.js';

/** Size of the cover as designed: 2:3, the proportion e-book stores ask for. */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2400;

/**
 * What the template gets as `image.src`. The data: URL replaces it after the
 * HTML is parsed: parsing a long data: URL as HTML takes a noticeable time.
 */
export const LEAD_IMAGE_SRC = 'galley:lead-image';

export interface CoverImage {
  bytes: Buffer;
  mediaType: string;
  width: number;
  height: number;
}

/**
 * The faces the cover's text needs. Each file is a family of its own,
 * because satori falls back to other loaded families for a missing letter
 * but not to other files of the same family: so `font-family: Literata` also
 * sets Šefčovič, Москва, Αθήνα, and the scripts Literata lacks.
 */
export function loadCoverFonts(text: string, language?: string): Promise<Font[]> {
  return coverFonts(text, language) as Promise<Font[]>;
}

/** satori, imported once: a cover measures its text a dozen times or more, and each import() asks the module loader again. */
let satoriModule: Promise<typeof import('satori')> | undefined;
const loadSatori = (): Promise<typeof import('satori')> => (satoriModule ??= import('satori'));

/** How tall satori sets a node `width` pixels wide, with these faces. */
export function measureWith(fonts: Font[]): Measure {
  return async (node, width) => {
    const { default: satori } = await loadSatori();
    // Outlines are not needed to know a height: `<text>` elements are much cheaper to write.
    const svg = await satori(node, { width, fonts, embedFont: false });
    const match = /^<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!match) throw new Error('Could not measure text on the cover.');
    return Number(match[1]);
  };
}

/** The cover's element tree, its text fitted, and the faces and measure it was fitted with. */
export async function coverTree(markup: string, leadImage: CoverImage | undefined, language: string | undefined): Promise<{ tree: VNode; fonts: Font[]; measure: Measure }> {
  const dataUrl = leadImage ? `data:${leadImage.mediaType};base64,${leadImage.bytes.toString('base64')}` : '';
  // Loaded here, not at the top: large, and only covers need it.
  const [{ html }, fonts] = await Promise.all([import('satori-html'), loadCoverFonts(decodeReferences(markup), language)]);
  const tree = cleanTree(html(markup) as VNode, (value) => (value === LEAD_IMAGE_SRC ? dataUrl : value));
  const measure = measureWith(fonts);
  await fitText(tree, measure);
  return { tree, fonts, measure };
}

/** The cover as SVG, text as outlines, at its designed size. */
export async function layOutCover(markup: string, leadImage: CoverImage | undefined, language: string | undefined): Promise<string> {
  const [{ default: satori }, { tree, fonts }] = await Promise.all([loadSatori(), coverTree(markup, leadImage, language)]);
  return satori(tree, { width: COVER_WIDTH, height: COVER_HEIGHT, fonts });
}
