/**
 * The cover's lead picture, drawn once for the covers that show it again.
 *
 * Resampling the lead picture is most of a cover's drawing (about 80 of
 * resvg's 118 ms for the seed's 1600×2400 cover). In `galley dev` a save
 * that changes the headline or the dek draws the cover again over the same
 * picture: so the dev session keeps, for the last few pictures, the pixels
 * of the cover's top as they are once the picture is drawn (the background
 * and the picture, at the size being drawn), encoded as a PNG by resvg; the
 * next drawing shows that PNG pixel for pixel (`optimizeSpeed`: no
 * resampling, the layer's pixels map one to one onto the cover's) instead of
 * the picture, and draws everything after the picture as before. The PNG
 * comes out the same bytes as a drawing from scratch (the tests compare
 * them). Only sizes that scale the design by a power of two (the cover's
 * 1600 pixels, the thumbnail's 400) use layers: at others resvg's rounding
 * could shift a layer's pixel onto its neighbour's place.
 *
 * Outside a dev session, most articles of a batch have a picture of their
 * own, and a layer drawn for a picture seen once would only add its drawing
 * (the picture is resampled for the layer, then the layer shown): there
 * (`repeatsOnly`) a picture gets its layer the second time it is drawn at a
 * size, when it has shown it comes back (a stand-in or house picture over
 * many articles of a batch). A picture drawn twice
 * costs about 50 ms more; each later drawing about 60 ms less at 1600 pixels
 * wide, 20 ms less at 400 (the seed's picture).
 */
import { createHash } from 'node:crypto';
import { rasterize, type RasterOptions } from './cover-raster.js';

/** With `repeatsOnly`: how many pictures drawn are remembered (a fingerprint of each). */
const SEEN = 64;

/** A layer: the PNG of the cover's top rows and the markup that shows it. */
interface Layer {
  /** The `<image>` element that stands for the picture. */
  element: string;
}

/**
 * The first `<image>` element of a cover's SVG and where it ends. Found
 * with indexOf, not a regular expression: the element holds the picture as
 * a data: URL, megabytes for a photograph.
 */
function pictureOf(svg: string): { element: string; start: number; end: number; bottom: number } | undefined {
  let start = svg.indexOf('<image ');
  let close = -1;
  while (start >= 0) {
    close = svg.indexOf('>', start);
    if (close < 0) return undefined;
    if (svg[close - 1] === '/') break;
    start = svg.indexOf('<image ', start + 1);
  }
  if (start < 0) return undefined;
  const element = svg.slice(start, close + 1);
  const attribute = (name: string): number | undefined => {
    const value = new RegExp(`\\s${name}="(-?[\\d.]+)"`).exec(element)?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const y = attribute('y');
  const height = attribute('height');
  if (y === undefined || height === undefined || !Number.isFinite(y + height)) return undefined;
  return { element, start, end: close + 1, bottom: y + height };
}

/**
 * A cheap stand-in for a digest of the SVG up to its picture (its length,
 * and 1 KB samples of it from its start to its end, 17 or fewer): a digest
 * of a photograph's data: URL took 20-40 ms (the string is encoded first).
 * With `repeatsOnly` it tells whether a picture was drawn before, which
 * decides only whether to make a layer; a layer is kept under it with the
 * whole SVG up to its picture, which a later drawing must match exactly.
 */
function fingerprint(prefix: string, pixels: number): string {
  const hash = createHash('sha256').update(`${pixels}\0${prefix.length}\0`);
  const sample = 1024;
  const step = Math.max(sample, Math.floor(prefix.length / 16));
  for (let at = 0; at < prefix.length; at += step) hash.update(prefix.slice(at, at + sample));
  return hash.update(prefix.slice(-sample)).digest('hex');
}

/**
 * Whether what is drawn first is an opaque rectangle over the whole canvas
 * (the cover's background): then the layer is opaque, and a PNG keeps its
 * pixels exactly. (PNG stores colours unpremultiplied: a half-transparent
 * pixel would come back rounded.)
 */
function opaqueBelow(prefix: string, width: number, height: number): boolean {
  const drawn = prefix.replace(/<(mask|clipPath|defs)\b[\s\S]*?<\/\1>/g, '');
  const first = /<(rect|image|path|g|circle|ellipse|line|polygon|polyline|text|use)\b[^>]*>/.exec(drawn)?.[0];
  return first !== undefined && new RegExp(`^<rect x="0" y="0" width="${width}" height="${height}" fill="#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?"/>$`).test(first);
}

export class PictureLayers {
  /** The layers, under the fingerprint of the SVG up to their picture, with that SVG. */
  private readonly layers = new Map<string, { prefix: string; layer: Promise<Layer | undefined> }>();
  /** With `repeatsOnly`: the pictures (and sizes) drawn, the most recent SEEN of them (see fingerprint()). */
  private readonly seen = new Set<string>();

  /**
   * `size` layers are kept, the most recently used. With `repeatsOnly`, a
   * picture gets a layer only when it is drawn again at the same size.
   */
  constructor(
    private readonly size = 4,
    private readonly repeatsOnly = false,
  ) {}

  /** How many layers are kept. */
  get count(): number {
    return this.layers.size;
  }

  /**
   * The cover's SVG (`width` × `height` user units, drawn `pixels` wide) with
   * its picture replaced by the layer of an earlier drawing, made now if
   * there is none yet; the SVG as it is when there is no picture or no layer
   * can show it exactly.
   */
  async apply(svg: string, width: number, height: number, pixels: number, options: RasterOptions): Promise<string> {
    const picture = pictureOf(svg);
    if (!picture) return svg;
    // Only at sizes whose scale resvg computes exactly (the whole size, a half, a quarter…): at
    // others, a layer's pixel could map onto its neighbour's place after rounding.
    const scale = pixels / width;
    if (!Number.isInteger(Math.log2(scale))) return svg;
    // The rows the picture reaches, whole, in the drawing's pixels; and in user units.
    const rows = Math.ceil(Math.min(height, Math.max(0, picture.bottom)) * scale);
    const top = rows / scale;
    if (rows <= 0) return svg;
    // (What is drawn before the picture, without the picture's megabytes: it is not a rectangle.)
    if (!opaqueBelow(`${svg.slice(0, picture.start)}<image/>`, width, height)) return svg;
    const prefix = svg.slice(0, picture.end);
    const key = fingerprint(prefix, pixels);
    if (this.repeatsOnly) {
      // A picture seen for the first time: drawn as it is, and remembered.
      const before = this.seen.delete(key);
      this.seen.add(key);
      while (this.seen.size > SEEN) this.seen.delete(this.seen.keys().next().value!);
      if (!before) return svg;
    }
    // A layer is used only for the very same SVG up to the picture (compared whole, not by its fingerprint).
    let kept = this.layers.get(key);
    this.layers.delete(key);
    if (!kept || kept.prefix !== prefix) {
      const entry = { prefix, layer: this.make(prefix, width, height, top, rows, pixels, options) };
      entry.layer.catch(() => this.layers.get(key) === entry && this.layers.delete(key));
      kept = entry;
    }
    this.layers.set(key, kept);
    while (this.layers.size > this.size) this.layers.delete(this.layers.keys().next().value!);
    const layer = kept.layer;
    const made = await layer.catch(() => undefined);
    return made ? svg.slice(0, picture.start) + made.element + svg.slice(picture.end) : svg;
  }

  /** Draws the cover's top rows (everything up to the picture, the picture included) as a PNG. */
  private async make(prefix: string, width: number, height: number, top: number, rows: number, pixels: number, options: RasterOptions): Promise<Layer | undefined> {
    const root = /^<svg [^>]*>/.exec(prefix)?.[0];
    const size = `width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`;
    if (!root || !root.includes(size)) return undefined;
    const cropped = prefix.replace(size, `width="${width}" height="${top}" viewBox="0 0 ${width} ${top}"`) + '</svg>';
    const png = await rasterize(cropped, options);
    // PNG header: width and height, big-endian, at bytes 16 and 20.
    if (png.readUInt32BE(16) !== pixels || png.readUInt32BE(20) !== rows) return undefined;
    return {
      element: `<image x="0" y="0" width="${width}" height="${top}" preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image/png;base64,${png.toString('base64')}"/>`,
    };
  }
}
