/**
 * Where the cover's lead picture goes, in the pixels of a drawing: so that
 * the drawing thread can draw the SVG without it (resvg) and copy the
 * picture in, scaled by sharp (see cover-raster.cjs), instead of having
 * resvg resample it.
 *
 * satori writes the picture as one `<image>` with its place (`x`, `y`,
 * `width`, `height`: the whole picture, scaled as `object-fit` asks, which
 * may overhang its box) and, where it overhangs, a clip rectangle (its box).
 * The picture covers whole the pixels inside both and inside the canvas;
 * the pixels along a fractional edge stay as drawn without it (the cover's
 * ground, or what is drawn there after it), which moves no more than one
 * row of a thumbnail by a fraction of a picture's colour.
 */

/** The picture's place in a drawing's pixels, and the pixels it covers whole. */
export interface PicturePlace {
  /** The whole picture, scaled: its left and top (may be negative) and size, in pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The pixels the picture covers whole (inside its clip and the canvas). */
  region: { left: number; top: number; width: number; height: number };
}

const number = String.raw`(-?[\d.]+(?:e-?\d+)?)`;

function attribute(tag: string, name: string): number | undefined {
  const match = new RegExp(`\\s${name}="${number}"`).exec(tag);
  return match ? Number(match[1]) : undefined;
}

/**
 * The cover's SVG (`width` × `height` user units) without its one lead
 * picture, and the picture's place when drawn `scale` pixels a unit; or
 * undefined when the SVG has no picture in a shape this can place (a
 * transform, a mask, a clip that is not one rectangle, a second picture).
 * Found with indexOf, not a regular expression over the whole SVG: the
 * element holds the picture as a data: URL, megabytes for a photograph.
 */
export function placePicture(svg: string, width: number, height: number, scale: number): { base: string; place: PicturePlace } | undefined {
  const start = svg.indexOf('<image ');
  if (start < 0 || svg.indexOf('<image ', start + 1) >= 0) return undefined;
  const end = svg.indexOf('/>', start);
  if (end < 0) return undefined;
  const element = svg.slice(start, end + 2);
  // The attributes besides the data: URL, which is long and holds no quote.
  const tag = element.replace(/\shref="[^"]*"/, '');
  if (/\s(transform|mask|opacity|filter|style)=/.test(tag) || !/\spreserveAspectRatio="none"/.test(tag)) return undefined;
  const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((name) => attribute(tag, name));
  if (x === undefined || y === undefined || w === undefined || h === undefined || !(w > 0 && h > 0)) return undefined;
  let visible = { left: Math.max(x, 0), top: Math.max(y, 0), right: Math.min(x + w, width), bottom: Math.min(y + h, height) };
  const clipId = /\sclip-path="url\(#([^")]+)\)"/.exec(tag)?.[1];
  if (clipId !== undefined) {
    const definition = new RegExp(`<clipPath id="${clipId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}">(<rect [^>]*/>)</clipPath>`).exec(svg)?.[1];
    if (!definition || /\s(transform|rx|ry)=/.test(definition)) return undefined;
    const [cx, cy, cw, ch] = ['x', 'y', 'width', 'height'].map((name) => attribute(definition, name));
    if (cx === undefined || cy === undefined || cw === undefined || ch === undefined) return undefined;
    visible = { left: Math.max(visible.left, cx), top: Math.max(visible.top, cy), right: Math.min(visible.right, cx + cw), bottom: Math.min(visible.bottom, cy + ch) };
  }
  const px = Math.round(x * scale) || 0;
  const py = Math.round(y * scale) || 0;
  const pw = Math.round(w * scale);
  const ph = Math.round(h * scale);
  // Whole pixels only, and within the scaled picture (+ 0: never -0).
  const left = Math.max(Math.ceil(visible.left * scale - 1e-6), px) + 0;
  const top = Math.max(Math.ceil(visible.top * scale - 1e-6), py) + 0;
  const right = Math.min(Math.floor(visible.right * scale + 1e-6), px + pw);
  const bottom = Math.min(Math.floor(visible.bottom * scale + 1e-6), py + ph);
  if (!(right > left && bottom > top)) return undefined;
  return {
    base: svg.slice(0, start) + svg.slice(end + 2),
    place: { x: px, y: py, width: pw, height: ph, region: { left, top, width: right - left, height: bottom - top } },
  };
}
