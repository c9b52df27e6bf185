/**
 * The cover's SVG made cheaper to draw: the same picture, but for rounding
 * along the lead picture's edge.
 *
 * satori gives every element an overflow mask and, to an element that
 * clips its content (the lead picture, with `object-fit: cover`), a clip
 * path. resvg draws a masked element into a layer of its own, draws the mask
 * into another, and multiplies them; a clipped element likewise goes through
 * a clip mask. For the cover's picture that is most of the drawing's work
 * besides resampling it. Both are redundant when:
 * - the mask is one opaque white rectangle, the same as the element's clip
 *   rectangle: inside the clip it lets everything through, and nothing
 *   outside the clip is drawn anyway;
 * - the clip rectangle holds all of the picture that is on the canvas: the
 *   canvas itself cuts off the rest (the picture set `object-fit: cover`
 *   overhangs its box by a fraction of a pixel, past the canvas's edge).
 * A picture the template crops (a tall photo cut to its box) keeps its clip.
 * What satori writes in any other shape is left as it is.
 *
 * Without its mask the picture is drawn exactly as before. Without its clip
 * its edge is smoothed once instead of twice (by the picture's own edge and
 * again by the clip's): on the seed's 1600×2400 cover, 201 of its 15.4
 * million colour values move by 1 (of 255); on the 400×600 thumbnail, whose
 * picture ends a quarter of the way into a pixel row, that row is drawn as
 * the picture's edge covers it rather than darker. resvg draws the seed's
 * cover in 118 ms instead of 168 ms of CPU, the thumbnail in 26 ms instead of 31.
 */

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const number = String.raw`(-?[\d.]+(?:e-?\d+)?)`;
const rectPattern = new RegExp(String.raw`^<rect x="${number}" y="${number}" width="${number}" height="${number}"(?: fill="([^"]*)")?/>$`);

function parseRect(markup: string): (Rect & { fill: string | undefined }) | undefined {
  const match = rectPattern.exec(markup);
  if (!match) return undefined;
  const [x, y, width, height] = match.slice(1, 5).map(Number) as [number, number, number, number];
  if (![x, y, width, height].every(Number.isFinite)) return undefined;
  return { x, y, width, height, fill: match[5] };
}

/** The one rectangle a `<clipPath>` or `<mask>` with this id holds, when it holds exactly one. */
function definitions(svg: string, tag: 'clipPath' | 'mask'): Map<string, Rect & { fill: string | undefined }> {
  const found = new Map<string, Rect & { fill: string | undefined }>();
  for (const match of svg.matchAll(new RegExp(`<${tag} id="([^"]+)">(<rect [^>]*/>)</${tag}>`, 'g'))) {
    const rect = parseRect(match[2]!);
    if (rect) found.set(match[1]!, rect);
  }
  return found;
}

const sameRect = (a: Rect, b: Rect): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
const isOpaqueWhite = (fill: string | undefined): boolean => fill !== undefined && /^(#fff|#ffffff|white)$/i.test(fill);

/** The attribute `name` of a tag's markup as a number, or undefined. */
function numberAttribute(tag: string, name: string): number | undefined {
  const match = new RegExp(`\\s${name}="${number}"`).exec(tag);
  return match ? Number(match[1]) : undefined;
}

/**
 * `svg` (as satori writes it, `width` × `height` pixels) without the masks
 * and clips that change no pixel (see above).
 */
export function simplifyCoverSvg(svg: string, width: number, height: number): string {
  const clips = definitions(svg, 'clipPath');
  const masks = definitions(svg, 'mask');
  if (clips.size === 0) return svg;
  // Only elements that are clipped: an overflow mask alone is already a rectangle the element's own box fills.
  return svg.replace(/<(image|g|rect|path) [^>]*\bclip-path="url\(#([^")]+)\)"[^>]*>/g, (tag: string, name: string, clipId: string) => {
    const clip = clips.get(clipId);
    if (!clip) return tag;
    let simpler = tag;
    const maskId = /\smask="url\(#([^")]+)\)"/.exec(tag)?.[1];
    const mask = maskId === undefined ? undefined : masks.get(maskId);
    if (mask && isOpaqueWhite(mask.fill) && sameRect(mask, clip)) simpler = simpler.replace(/\smask="url\(#[^")]+\)"/, '');
    // A picture wholly inside its clip, as far as the canvas shows it, needs no clip; one still masked keeps it.
    if (name === 'image' && !/\s(transform|mask)=/.test(simpler)) {
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((attribute) => numberAttribute(simpler, attribute));
      if (x !== undefined && y !== undefined && w !== undefined && h !== undefined) {
        const shown = { left: Math.max(x, 0), top: Math.max(y, 0), right: Math.min(x + w, width), bottom: Math.min(y + h, height) };
        const inside = shown.left >= clip.x && shown.top >= clip.y && shown.right <= clip.x + clip.width && shown.bottom <= clip.y + clip.height;
        if (inside) simpler = simpler.replace(/\sclip-path="url\(#[^")]+\)"/, '');
      }
    }
    return simpler;
  });
}
