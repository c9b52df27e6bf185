/**
 * A transparent picture's white ground, in the e-book's copy of the picture
 * itself. A line drawing, a map or an infographic exported with no ground
 * (black lines and words on nothing) was drawn for white paper; the style
 * sheet set a white ground behind it (`figure img { background-color }`), but
 * a reading app's night theme overrides every element's background (Readium
 * CSS, in Thorium and the apps built on it: `background-color: transparent
 * !important`), and the map's lines and the infographic's words vanished,
 * black on black. So the e-book carries the picture on white: a PNG or
 * still GIF with any transparent pixel is flattened onto white (the same
 * size and format), and an SVG gets a white rectangle as the first thing it
 * draws, the author's markup kept byte for byte around it. An opaque picture
 * is left as it is, and so is an animated GIF (flattening would stop it).
 * The print edition prints the author's original: paper is white.
 */
import type { Element, Root } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import type { GalleyDocument, ImageAsset } from '../document.js';

/** The document with its transparent pictures on white (the same document when it has none). The reader has told which are (ImageAsset.transparent). */
export async function groundPictures(doc: GalleyDocument): Promise<GalleyDocument> {
  const grounded = new Map<string, ImageAsset>();
  for (const image of doc.assets.images) {
    const bytes = image.mediaType === 'image/svg+xml' ? groundSvg(image.bytes) : image.transparent ? await groundRaster(image) : undefined;
    if (bytes) grounded.set(image.id, { ...image, bytes });
  }
  if (grounded.size === 0) return doc;
  return { ...doc, assets: { ...doc.assets, images: doc.assets.images.map((image) => grounded.get(image.id) ?? image) } };
}

/** A raster picture with a transparent pixel, flattened onto white in its own format. */
async function groundRaster(image: ImageAsset): Promise<Buffer | undefined> {
  const { default: sharp } = await import('sharp');
  const flat = sharp(image.bytes).flatten({ background: '#ffffff' });
  if (image.mediaType === 'image/png') return flat.png({ compressionLevel: 9 }).toBuffer();
  // A sharp built without a GIF writer leaves the GIF to the style sheet's ground.
  return flat.gif().toBuffer().catch(() => undefined);
}

/** A white rectangle under everything the SVG draws, three viewports wide each way (a letterboxed viewBox shows past its own edges). */
export function groundSvg(bytes: Buffer): Buffer | undefined {
  const text = bytes.toString('utf8');
  let tree: Root;
  try {
    tree = fromXml(text);
  } catch {
    return undefined;
  }
  const root = tree.children.find((child): child is Element => child.type === 'element');
  const start = root?.position?.start.offset;
  if (!root || root.name !== 'svg' || start === undefined) return undefined;
  const end = startTagEnd(text, start);
  if (end === undefined || text[end - 1] === '/') return undefined;
  const box = String(root.attributes.viewBox ?? '').trim().split(/[\s,]+/).map(Number);
  const [x = 0, y = 0, width = 0, height = 0] = box.length === 4 && box.every(Number.isFinite) ? box : [];
  const rect =
    width > 0 && height > 0
      ? `<rect x="${x - width}" y="${y - height}" width="${3 * width}" height="${3 * height}" fill="#fff"/>`
      : '<rect x="-100%" y="-100%" width="300%" height="300%" fill="#fff"/>';
  return Buffer.from(`${text.slice(0, end + 1)}${rect}${text.slice(end + 1)}`, 'utf8');
}

/** The offset of the `>` that ends the start tag opened at `start`, past any `>` inside a quoted attribute value. */
function startTagEnd(text: string, start: number): number | undefined {
  let quote = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return undefined;
}
