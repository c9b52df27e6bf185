/**
 * Laying the cover out, given its faces: the template's HTML → satori-html's
 * element tree (cleaned, src/cover-tree.ts) → text fitted to its boxes
 * (src/cover-fit.ts) → satori → SVG with the text as outlines. No face is
 * read here (src/cover-layout.ts finds them, from src/typefaces.ts), so that
 * the cover thread can lay a cover out with the faces it is handed
 * (src/cover-layout-thread.ts).
 */
import type { Font } from 'satori';
import { fitText, type FitCut, type Measure } from './cover-fit.js';
import { cleanTree, decodeReferences, type VNode } from './cover-tree.js';
import { hyphenateHeadline } from './hyphenation.js';
// Loaded once (a cover measures its text a dozen times or more), with its marks drawn in place: see src/satori.ts.
import { loadSatori } from './satori.js';

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
 * What satori is given as the lead picture: an empty SVG of the picture's
 * size, which is all satori needs of it to lay it out (its proportions, for
 * `object-fit`). The SVG it writes holds this short data: URL where the
 * picture goes; withPicture() puts the picture there, for what draws it
 * from the SVG. satori given the picture itself decoded its megabytes of
 * base64 once more for every layout, and every step after it (the SVG's
 * clean-up, the copy to the drawing thread) went through them.
 */
export function pictureStandIn(image: Pick<CoverImage, 'width' | 'height'>): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${image.width}" height="${image.height}" viewBox="0 0 ${image.width} ${image.height}"></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** The cover's SVG (as layOutCover writes it) with the lead picture itself where its stand-in is. */
export function withPicture(svg: string, image: CoverImage | undefined): string {
  if (!image) return svg;
  const standIn = `href="${pictureStandIn(image)}"`;
  const at = svg.indexOf(standIn);
  if (at < 0) return svg;
  return `${svg.slice(0, at)}href="data:${image.mediaType};base64,${image.bytes.toString('base64')}"${svg.slice(at + standIn.length)}`;
}

/**
 * How tall satori sets a node `width` pixels wide, with these faces; or
 * Infinity when a word is wider than that and sticks out of it (satori
 * breaks no word to make it fit), so that the text is set smaller.
 */
export function measureWith(fonts: Font[]): Measure {
  return async (node, width, within = [0, width]) => {
    const { default: satori } = await loadSatori();
    // Outlines are not needed to know a height: `<text>` elements are much cheaper to write.
    const svg = await satori(node, { width, fonts, embedFont: false });
    const match = /^<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!match) throw new Error('Could not measure text on the cover.');
    return sticksOut(svg, within) ? Infinity : Number(match[1]);
  };
}

/**
 * Which soft hyphens of `node` end a line (0-based, in text order): satori
 * writes a run of text per piece between break points, a piece broken at a
 * soft hyphen ending in one, and a line's first piece lower than the last.
 */
export function lineEndsWith(fonts: Font[]): (node: VNode, width: number) => Promise<number[]> {
  return async (node, width) => {
    const { default: satori } = await loadSatori();
    const svg = await satori(node, { width, fonts, embedFont: false });
    const runs = [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => ({ y: Number(/(?:^|\s)y="(-?[\d.]+)"/.exec(attributes!)?.[1]), text: decodeReferences(text!) }));
    const ends: number[] = [];
    let seen = 0;
    runs.forEach((run, i) => {
      seen += run.text.split('\u00AD').length - 1;
      const next = runs[i + 1];
      if (run.text.endsWith('\u00AD') && next && next.y > run.y) ends.push(seen - 1);
    });
    return ends;
  };
}

/** Whether a run of letters (a `<text>` element satori writes without outlines) reaches past either side of `within` (from, to). */
function sticksOut(svg: string, [from, width]: [number, number]): boolean {
  for (const [, attributes, text] of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    if (text!.trim() === '') continue;
    const x = Number(/(?:^|\s)x="(-?[\d.]+)"/.exec(attributes!)?.[1]);
    const runWidth = Number(/\swidth="([\d.]+)"/.exec(attributes!)?.[1]);
    if (x < from - 0.5 || x + runWidth > width + 0.5) return true;
  }
  return false;
}

/** The cover's element tree, its text fitted with `fonts`, the measure it was fitted with, and the texts it cuts. */
export async function fitCoverTree(markup: string, leadImage: Pick<CoverImage, 'width' | 'height'> | undefined, language: string | undefined, fonts: Font[]): Promise<{ tree: VNode; measure: Measure; cuts: FitCut[] }> {
  // satori lays out a stand-in of the picture's size (see pictureStandIn): the picture itself is drawn later.
  const dataUrl = leadImage ? pictureStandIn(leadImage) : '';
  // Loaded here, not at the top: large, and only covers need it.
  const { html } = await import('satori-html');
  const tree = cleanTree(html(markup) as VNode, (value) => (value === LEAD_IMAGE_SRC ? dataUrl : value));
  const measure = measureWith(fonts);
  const cuts = await fitText(tree, measure, {
    hyphenate: (text, lang, longest) => hyphenateHeadline(text, lang ?? language ?? 'en', longest),
    lineEnds: lineEndsWith(fonts),
  });
  return { tree, measure, cuts };
}

/** The cover as SVG laid out with `fonts`, text as outlines, at its designed size; and the texts it cuts. */
export async function layOutCoverWith(markup: string, leadImage: Pick<CoverImage, 'width' | 'height'> | undefined, language: string | undefined, fonts: Font[]): Promise<{ svg: string; cuts: FitCut[] }> {
  const [{ default: satori }, { tree, cuts }] = await Promise.all([loadSatori(), fitCoverTree(markup, leadImage, language, fonts)]);
  return { svg: await satori(tree, { width: COVER_WIDTH, height: COVER_HEIGHT, fonts }), cuts };
}
