/**
 * The cover: a 1600×2400 PNG (2:3) drawn without a browser.
 *
 *   templates/cover/cover.html.ejs ──ejs──▶ HTML ──satori-html──▶ element tree
 *     ──satori──▶ SVG (text as outlines) ──resvg──▶ PNG
 *
 * The template owns the design. satori understands a subset of CSS: flex
 * layout only, and every element with more than one child needs
 * `display: flex`. A `<style>` block with plain class selectors is inlined
 * by satori-html before layout.
 *
 * Text that must fit a box is marked in the template with
 * `data-fit-width`, `data-fit-height`, `data-fit-min` and `data-fit-max`
 * (pixels): its font size becomes the largest size between min and max at
 * which the text, set `data-fit-width` wide, is at most `data-fit-height`
 * tall. If even the smallest size is too tall the text is cut after the
 * last line that fits, with an ellipsis.
 *
 * The same input gives the same bytes: fonts are embedded as outlines, no
 * system fonts are read and nothing depends on time.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Font } from 'satori';
import { Worker } from 'node:worker_threads';
import { packageRoot } from './paths.js';
import type { GalleyDocument } from './document.js';
import { renderTemplate } from './templates.js';
import { coverFonts } from './typefaces.js';
import { joinNames } from './view.js';

/** Size of the cover as designed: 2:3, the proportion e-book stores ask for. */
export const COVER_WIDTH = 1600;
export const COVER_HEIGHT = 2400;

/** The template used for the cover, relative to the templates folder. */
export const COVER_TEMPLATE = 'cover/cover.html.ejs';

export interface CoverImage {
  bytes: Buffer;
  mediaType: string;
  width: number;
  height: number;
}

export interface CoverInput {
  title: string;
  subtitle?: string;
  /** The authors' names as one line ("Ann Smith and Bo Li"); no byline when empty. */
  byline?: string;
  /** The publisher's name, where the imprint goes; nothing there when empty. */
  imprint?: string;
  leadImage?: CoverImage;
  /** The article's BCP 47 language: it picks among faces that draw the same letters (Chinese or Japanese). */
  language?: string;
  /** Folder holding `cover/cover.html.ejs`; galley's own templates by default. */
  templatesDir?: string;
  /**
   * Width of the PNG in pixels; the height follows at 2:3. The design is laid
   * out at 1600×2400 and scaled as a vector, so small versions stay sharp.
   */
  width?: number;
}

/**
 * What the template gets as `image.src`. The data: URL replaces it after the
 * HTML is parsed: parsing a long data: URL as HTML takes a noticeable time.
 */
export const LEAD_IMAGE_SRC = 'galley:lead-image';

/** Image types both satori and resvg can draw. */
const DRAWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);

/**
 * The faces the cover's text needs (src/typefaces.ts decides them, as for the
 * editions). Each file is a family of its own, because satori falls back to
 * other loaded families for a missing letter but not to other files of the
 * same family: so `font-family: Literata` also sets Šefčovič, Москва, Αθήνα,
 * and the scripts Literata lacks.
 */
export function loadCoverFonts(text: string, language?: string): Promise<Font[]> {
  return coverFonts(text, language) as Promise<Font[]>;
}

/** An element as satori takes it (what satori-html produces). */
export interface VNode {
  type: string;
  props: {
    style?: Record<string, unknown>;
    children?: Child | Child[];
    [prop: string]: unknown;
  };
}
type Child = VNode | string | null | undefined;

/** The byline and imprint a cover shows: the authors and the publisher, when the manuscript names them. */
export function coverCredits(doc: GalleyDocument): { byline?: string; imprint?: string } {
  const byline = joinNames(doc.metadata.authors, doc.metadata.language);
  return { ...(byline ? { byline } : {}), ...(doc.metadata.publisher ? { imprint: doc.metadata.publisher } : {}) };
}

/** Renders the cover as a PNG, 1600×2400 unless `width` asks for another size. */
export async function renderCover(input: CoverInput): Promise<Buffer> {
  const width = Math.round(input.width ?? COVER_WIDTH);
  if (!(width >= 16 && width <= 4 * COVER_WIDTH)) throw new Error(`Unusable cover width ${input.width}.`);
  // The drawing thread starts (if it has not) while satori lays the cover out.
  prepareCovers();
  return rasterize(await coverSvg(input), {
    fitTo: width === COVER_WIDTH ? { mode: 'original' } : { mode: 'width', value: width },
    font: { loadSystemFonts: false },
  });
}

type RasterOptions = import('@resvg/resvg-js').ResvgRenderOptions;

interface Rasterizer {
  worker: Worker;
  pending: Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>;
}

let rasterizer: Rasterizer | undefined;
let nextRequest = 0;

/**
 * The worker thread that draws PNGs (src/cover-raster.cjs), started at the
 * first cover and kept for the next ones. It holds the process open only
 * while a drawing is under way.
 */
function startRasterizer(): Rasterizer {
  if (rasterizer) return rasterizer;
  const worker = new Worker(path.join(packageRoot, 'src', 'cover-raster.cjs'));
  const started: Rasterizer = { worker, pending: new Map() };
  const failAll = (error: Error): void => {
    if (rasterizer === started) rasterizer = undefined;
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
  };
  worker.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
    const request = started.pending.get(message.id);
    if (!request) return;
    started.pending.delete(message.id);
    if (started.pending.size === 0) worker.unref();
    if (message.png) request.resolve(Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength));
    else request.reject(new Error(`The cover could not be drawn: ${message.error ?? 'unknown error'}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`The cover drawing thread stopped (exit code ${code}).`)));
  // Only now: a 'message' listener added after unref() would hold the process open.
  worker.unref();
  rasterizer = started;
  return started;
}

/** Starts the thread that draws covers ahead of the first one: starting it takes a few tens of milliseconds. */
export function prepareCovers(): void {
  startRasterizer();
}

function rasterize(svg: string, options: RasterOptions): Promise<Buffer> {
  const { worker, pending } = startRasterizer();
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, svg, options });
  });
}

/** A smaller cover for web pages and listings (400×600 by default). */
export function renderThumbnail(input: Omit<CoverInput, 'width'>, width = 400): Promise<Buffer> {
  return renderCover({ ...input, width });
}

/**
 * Covers laid out lately, by their inputs. The e-book's cover and the
 * download page's thumbnail are the same drawing at two sizes: laying it out
 * (fitting the headline takes several layouts) is most of the work, so the
 * second size reuses the first's SVG. A few entries are enough: both sizes
 * are drawn while the manuscript is being built.
 */
const recentSvgs = new Map<string, Promise<string>>();
const RECENT_SVGS = 16;

/**
 * The cover's HTML, as the template writes it from `input` (before layout):
 * the words the cover shows, with the picture as a placeholder.
 */
export function coverMarkup(input: Omit<CoverInput, 'width'>): string {
  const title = typographic(input.title);
  if (title === '') throw new Error('A cover needs a title.');
  const subtitle = typographic(input.subtitle ?? '') || null;
  const byline = typographic(input.byline ?? '') || null;
  const imprint = typographic(input.imprint ?? '') || null;

  let image: { src: string; width: number; height: number } | null = null;
  if (input.leadImage) {
    const { mediaType, width, height } = input.leadImage;
    if (!DRAWABLE.has(mediaType)) throw new Error(`The cover cannot show a ${mediaType} image; use PNG, JPEG, GIF or SVG.`);
    if (!(width > 0 && height > 0)) throw new Error('The cover image needs a width and a height.');
    image = { src: LEAD_IMAGE_SRC, width, height };
  }
  return renderTemplate(COVER_TEMPLATE, { title, subtitle, byline, imprint, image, width: COVER_WIDTH, height: COVER_HEIGHT }, input.templatesDir);
}

/** The cover as SVG, text as outlines, at its designed size. */
function coverSvg(input: CoverInput): Promise<string> {
  let markup: string;
  try {
    markup = coverMarkup(input);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const key = createHash('sha256')
    .update(markup)
    .update(`\0${input.language ?? ''}\0`)
    .update(input.leadImage ? `${input.leadImage.mediaType}\0${createHash('sha256').update(input.leadImage.bytes).digest('hex')}` : '')
    .digest('hex');
  let svg = recentSvgs.get(key);
  if (svg) {
    // Most recently used last.
    recentSvgs.delete(key);
  } else {
    svg = layOutCover(markup, input.leadImage, input.language);
    svg.catch(() => recentSvgs.delete(key));
  }
  recentSvgs.set(key, svg);
  while (recentSvgs.size > RECENT_SVGS) recentSvgs.delete(recentSvgs.keys().next().value!);
  return svg;
}

async function layOutCover(markup: string, leadImage: CoverImage | undefined, language: string | undefined): Promise<string> {
  const dataUrl = leadImage ? `data:${leadImage.mediaType};base64,${leadImage.bytes.toString('base64')}` : '';
  // Loaded here, not at the top: they are large and only covers need them.
  const [{ default: satori }, { html }, fonts] = await Promise.all([
    import('satori'),
    import('satori-html'),
    loadCoverFonts(decodeEntities(markup), language),
  ]);

  const tree = cleanTree(html(markup) as VNode, (value) => (value === LEAD_IMAGE_SRC ? dataUrl : value));
  const measure = async (node: VNode, boxWidth: number): Promise<number> => {
    // Outlines are not needed to know a height: `<text>` elements are much cheaper to write.
    const svg = await satori(node, { width: boxWidth, fonts, embedFont: false });
    const match = /^<svg[^>]*\sheight="([\d.]+)"/.exec(svg);
    if (!match) throw new Error('Could not measure text on the cover.');
    return Number(match[1]);
  };
  await fitText(tree, measure);
  return satori(tree, { width: COVER_WIDTH, height: COVER_HEIGHT, fonts });
}

/**
 * Trims, collapses white space and turns a straight apostrophe between two
 * letters (Mattis's, don't) into a typographic one, which a cover should
 * never lack. Quotation marks are left as they are: which way a straight one
 * opens is not always clear.
 */
export function typographic(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/(\p{L})'(?=\p{L})/gu, '$1\u2019');
}

/**
 * satori-html keeps character references as they are written and leaves
 * holes where whitespace was; satori wants plain text and no holes.
 * `attribute` rewrites attribute values (after decoding).
 */
function cleanTree(node: VNode, attribute: (value: string) => string): VNode {
  const children = node.props.children;
  if (Array.isArray(children)) {
    const kept: Child[] = [];
    for (const child of children) {
      if (child === null || child === undefined) continue;
      kept.push(typeof child === 'string' ? decodeEntities(child) : cleanTree(child, attribute));
    }
    node.props.children = kept.length === 1 ? kept[0] : kept;
  } else if (typeof children === 'string') {
    node.props.children = decodeEntities(children);
  } else if (children) {
    cleanTree(children, attribute);
  }
  for (const [key, value] of Object.entries(node.props)) {
    if (key !== 'children' && typeof value === 'string') node.props[key] = attribute(decodeEntities(value));
  }
  return node;
}

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0',
  ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019',
  ldquo: '\u201c', rdquo: '\u201d', hellip: '\u2026', middot: '\u00b7',
  bull: '\u2022', copy: '\u00a9', thinsp: '\u2009', hairsp: '\u200a', shy: '\u00ad',
};

/** Decodes numeric references and the named ones a cover is likely to use. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

const FIT_PROPS = ['data-fit-width', 'data-fit-height', 'data-fit-min', 'data-fit-max'] as const;

/** Sets the font size of every `data-fit-*` element (see the top of this file). */
async function fitText(root: VNode, measure: (node: VNode, width: number) => Promise<number>): Promise<void> {
  const targets: VNode[] = [];
  const walk = (node: Child) => {
    if (!node || typeof node === 'string') return;
    if (FIT_PROPS.some((key) => key in node.props)) targets.push(node);
    const { children } = node.props;
    if (Array.isArray(children)) children.forEach(walk);
    else walk(children);
  };
  walk(root);

  for (const node of targets) {
    const [width, height, min, max] = FIT_PROPS.map((key) => Number(node.props[key]));
    if (![width, height, min, max].every((n) => Number.isFinite(n) && n! > 0) || min! > max!) {
      throw new Error(`The cover template needs all of ${FIT_PROPS.join(', ')} as positive numbers.`);
    }
    const style = node.props.style ?? {};
    const probe = (size: number, children = node.props.children): VNode => ({
      type: node.type,
      props: {
        ...node.props,
        children,
        style: { ...style, fontSize: size, width, margin: 0, flexGrow: 0, flexShrink: 0, height: 'auto' },
      },
    });
    const fits = async (size: number) => (await measure(probe(size), width!)) <= height!;

    let best: number;
    if (await fits(max!)) {
      best = max!;
    } else if (!(await fits(min!))) {
      // Too long even at the smallest size: keep the lines that fit.
      const lineHeight = await measure(probe(min!, 'X'), width!);
      node.props.style = {
        ...style,
        fontSize: min,
        display: 'block',
        width,
        // Balancing would even out all the lines, including the hidden ones.
        textWrap: 'wrap',
        lineClamp: Math.max(1, Math.floor(height! / lineHeight)),
      };
      continue;
    } else {
      // Largest whole pixel size that fits: fits(lo) holds, fits(hi) does not.
      let lo = min!;
      let hi = max!;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await fits(mid)) lo = mid;
        else hi = mid;
      }
      best = lo;
    }
    node.props.style = { ...style, fontSize: best };
  }
}
