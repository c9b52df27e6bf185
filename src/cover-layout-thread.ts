/**
 * The cover's layout, in the cover thread (src/cover-raster.cjs loads this
 * module's bundle, lib/cover-layout.cjs: see scripts/bundle.mjs). Fitting the
 * headline and the dek takes satori a dozen layouts and more, and the last
 * one writes every letter as an outline: about 67 ms of galley's main thread
 * an article in a batch, its largest block, while the pages waited for that
 * thread to hand them their next document. Here it runs beside them, and the
 * SVG never crosses between threads: the thread lays the cover out, takes
 * out what changes no pixel (src/cover-svg.ts), places the lead picture
 * (src/cover-compose.ts) and draws it.
 *
 * The main thread writes the template (src/cover.ts, coverMarkup) and finds
 * the faces (src/typefaces.ts): the thread is handed the markup and each
 * face's bytes once (a face it holds already comes by its digest alone, and
 * keeps its bytes' object, by which satori keeps its parse of the face).
 */
import type { Font } from 'satori';
import type { FitCut } from './cover-fit.js';
import { placePicture, type PicturePlace } from './cover-compose.js';
import { COVER_HEIGHT, COVER_WIDTH, layOutCoverWith } from './cover-layout-core.js';

export { withPicture } from './cover-layout-core.js';
import { RecentLayouts } from './cover-svg-cache.js';
import { simplifyCoverSvg } from './cover-svg.js';

/** A face for the cover thread: its bytes, unless the thread was handed them before under `digest`. */
export interface FaceRef {
  name: string;
  weight: Font['weight'];
  style: Font['style'];
  /** The SHA-256 of its bytes. */
  digest: string;
  data?: Uint8Array;
}

/** What the thread needs to lay a cover out. */
export interface LayoutRequest {
  /** What decides the layout (src/cover.ts: the markup, language and picture): the cover and its thumbnail share it. */
  key: string;
  /** The template's HTML (src/cover.ts, coverMarkup). */
  markup: string;
  language?: string;
  /** The lead picture's size (its stand-in's: see pictureStandIn). */
  picture?: { width: number; height: number };
  faces: FaceRef[];
}

/** A layout, ready to draw at `width` pixels: the SVG without its lead picture and the picture's place, where the picture can be copied in; the texts it cuts. */
export interface LaidOutCover {
  /** The SVG (masks and clips that change no pixel taken out), with the picture's stand-in. */
  svg: string;
  placed?: { base: string; place: PicturePlace };
  cuts: FitCut[];
  /** Whether it was laid out for this request (not kept from an earlier one): satori leaves garbage that outlives a minor collection. */
  fresh: boolean;
}

/**
 * Faces' bytes by their digest, the same object each time, as satori keeps
 * its parse of a face by it; the most recently used last. A face cut to a
 * headline's letters (Chinese, Japanese) is one of its own for each
 * article: only the last few are kept, and one let go is sent again.
 */
const faces = new Map<string, Buffer>();
const FACES = 48;

/** Faces asked for that this thread does not hold: the main thread sends them again. */
export class MissingFaces extends Error {
  constructor(readonly digests: string[]) {
    super(`The cover thread lacks ${digests.length} face(s).`);
  }
}

function fontsOf(refs: FaceRef[]): Font[] {
  const missing: string[] = [];
  const fonts = refs.map(({ name, weight, style, digest, data }) => {
    let bytes = faces.get(digest);
    if (!bytes && data) bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes) {
      faces.delete(digest);
      faces.set(digest, bytes);
    } else missing.push(digest);
    return { name, weight, style, data: bytes! } as Font;
  });
  while (faces.size > FACES) faces.delete(faces.keys().next().value!);
  if (missing.length > 0) throw new MissingFaces(missing);
  return fonts;
}

/** The last few layouts: the e-book's cover and the page's thumbnail are one layout at two sizes. */
const layouts = new RecentLayouts<{ svg: string; cuts: FitCut[] }>(16);

/** The cover laid out, its SVG simplified, and the lead picture placed for a drawing `width` pixels wide where `placeable`. */
export async function layOut(request: LayoutRequest, width: number, placeable: boolean): Promise<LaidOutCover> {
  const fonts = fontsOf(request.faces);
  let fresh = false;
  const { svg: laidOut, cuts } = await layouts.get(request.key, async () => {
    fresh = true;
    const { svg, cuts } = await layOutCoverWith(request.markup, request.picture, request.language, fonts);
    return { svg: simplifyCoverSvg(svg, COVER_WIDTH, COVER_HEIGHT), cuts };
  });
  const placed = placeable ? placePicture(laidOut, COVER_WIDTH, COVER_HEIGHT, width / COVER_WIDTH) : undefined;
  return { svg: laidOut, cuts, fresh, ...(placed ? { placed } : {}) };
}
