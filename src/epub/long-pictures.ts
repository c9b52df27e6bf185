/**
 * A long infographic in the e-book, cut into pieces a screen can show. A
 * 600 × 4800 graphic (1:8) has to be read at a width its words can be read
 * at, and no reading app pages a picture taller than its screen: foliate-js
 * sets every picture's max-height to the page's (inline and important), so it
 * showed the graphic 60 px wide; epub.js shows it across the column and cuts
 * it off at the screen's foot, the rest lost. So a graphic, chart, map or
 * illustration at least TALL_PICTURE times taller than wide goes into the
 * e-book as pieces no taller than PIECE_RATIO of its width, each cut where
 * the picture is one colour across near that height (pieceCuts), one under the
 * other in its figure, each a picture of its own (the first carries the
 * alternative text, the others are marked decorative): a reading app pages
 * between them and shows each across the screen. A photograph is not cut
 * (it has no words to read, and is seen whole), nor is an SVG (drawn at any
 * size) or a GIF (perhaps animated). The print edition prints it in pieces
 * a page tall, cut where it is one colour across (src/pdf/figures.ts, stripCuts).
 */
import type { Element, ElementContent, Root } from 'hast';
import type { GalleyDocument, ImageAsset } from '../document.js';
import { quietCuts } from '../picture-cuts.js';

/** A picture at least this many times taller than wide is long (print's narrow portrait, src/pdf/html.ts). */
export const TALL_PICTURE = 2;
/**
 * A piece is at most this many times taller than wide: across a phone's
 * column (324 px) 1.5 is 486 px, within the 75vh (480 of 640) a figure's
 * picture may take with a line to spare; on a tablet the 75vh cap shows it a
 * little narrower than the column.
 */
export const PIECE_RATIO = 1.5;

/**
 * A piece ends in a band of the picture's quiet rows (ImageAsset.quietRows)
 * at most this share of its height above the end it is cut for, rather
 * than through a label.
 */
export const PIECE_CUT_REACH = 0.2;

/** A cut stands at least this many rows inside its band of quiet rows. */
const PIECE_CUT_EDGE = 2;

/**
 * The rows a long picture is cut at, from its top, in order. It is cut into
 * as many pieces of one height as keep each, with PIECE_CUT_REACH to spare,
 * no taller than PIECE_RATIO of its width; each cut in a band of its quiet
 * rows within PIECE_CUT_REACH above the end of its share of the picture (or
 * there, where none is), and no piece taller than PIECE_RATIO of the width
 * (src/picture-cuts.ts, as print cuts its strips at the pages' ends). Cut in
 * six equal pieces 800 rows tall, a bar chart of a label every 40 rows had
 * "Jun 1991" cut in half, its top at the foot of one piece and its foot at
 * the head of the next.
 */
export function pieceCuts(image: Pick<ImageAsset, 'width' | 'height' | 'quietRows'>): number[] {
  const most = Math.floor(PIECE_RATIO * image.width);
  const count = Math.ceil((image.height * (1 + PIECE_CUT_REACH)) / most);
  const share = image.height / count;
  // Each piece ends at its share's end, from wherever the piece before it was cut.
  const room = (index: number, top: number): number => Math.min(most, Math.round((index + 1) * share) - top);
  return quietCuts(image.height, room, { unit: 1, reach: PIECE_CUT_REACH * share, edge: PIECE_CUT_EDGE, ...(image.quietRows ? { quiet: image.quietRows } : {}) }).map(Math.floor);
}

type SharpModule = typeof import('sharp');

/** The document with its long pictures cut (the same document when it has none). */
export async function cutLongPictures(doc: GalleyDocument): Promise<GalleyDocument> {
  const kinds = new Map([doc, ...(doc.parts ?? [])].flatMap((one) => one.credits).map((credit) => [credit.figureId, credit.kind]));
  const images = new Map(doc.assets.images.map((image) => [image.id, image]));
  const long = (figure: Element): { img: Element; image: ImageAsset } | undefined => {
    const kind = kinds.get(String(figure.properties.id ?? ''));
    if (!kind || kind === 'photo') return undefined;
    const imgs = figure.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'img');
    if (imgs.length !== 1) return undefined;
    const image = images.get(String(imgs[0]!.properties.src ?? ''));
    if (!image || (image.mediaType !== 'image/png' && image.mediaType !== 'image/jpeg')) return undefined;
    return image.width > 0 && image.height >= TALL_PICTURE * image.width ? { img: imgs[0]!, image } : undefined;
  };
  const figures = (root: Root): Element[] => {
    const found: Element[] = [];
    const walk = (node: Root | Element): void => {
      for (const child of node.children) {
        if (child.type !== 'element') continue;
        if (child.tagName === 'figure' && long(child)) found.push(child);
        else walk(child);
      }
    };
    walk(root);
    return found;
  };
  const contents = [doc.content, ...(doc.parts ?? []).map((part) => part.content)];
  if (!contents.some((content) => figures(content).length > 0)) return doc;

  const sharp: SharpModule = (await import('sharp')).default;
  const pieces = new Map<string, ImageAsset[]>();
  const cut = async (image: ImageAsset): Promise<ImageAsset[]> => {
    const edges = [0, ...pieceCuts(image), image.height];
    // The pieces are of one height, the shorter ones with their last row (a quiet one, where the cut is) drawn on to it:
    // a reading app shows a picture no taller than 75vh (style.css), and a shorter piece stood wider than the others.
    const tallest = Math.max(...edges.slice(1).map((edge, n) => edge - edges[n]!));
    const made: ImageAsset[] = [];
    for (let n = 0; n < edges.length - 1; n++) {
      const top = edges[n]!;
      const cut = edges[n + 1]! - top;
      const pieceHeight = tallest;
      const piece = sharp(image.bytes).extract({ left: 0, top, width: image.width, height: cut }).extend({ bottom: tallest - cut, extendWith: 'copy' });
      const bytes = await (image.mediaType === 'image/png' ? piece.png({ compressionLevel: 9 }) : piece.jpeg({ quality: 90 })).toBuffer();
      made.push({ ...image, id: `${image.id}-${n + 1}`, height: pieceHeight, bytes });
    }
    return made;
  };
  const recut = async (content: Root): Promise<Root> => {
    const tree = structuredClone(content);
    for (const figure of figures(tree)) {
      const { img, image } = long(figure)!;
      if (!pieces.has(image.id)) pieces.set(image.id, await cut(image));
      const imgs = pieces.get(image.id)!.map((piece, n): ElementContent => ({
        type: 'element',
        tagName: 'img',
        // The first piece stands for the picture; the others add nothing a listener needs.
        properties: { ...img.properties, src: piece.id, width: piece.width, height: piece.height, className: ['piece'], ...(n > 0 ? { alt: '' } : {}) },
        children: [],
      }));
      figure.children.splice(figure.children.indexOf(img), 1, ...imgs);
      figure.properties.className = [...(Array.isArray(figure.properties.className) ? figure.properties.className.map(String) : []), 'long'];
    }
    return tree;
  };
  const content = await recut(doc.content);
  const parts = doc.parts ? await Promise.all(doc.parts.map(async (part) => ({ ...part, content: await recut(part.content) }))) : undefined;
  const assets = doc.assets.images.flatMap((image) => pieces.get(image.id) ?? [image]);
  return { ...doc, content, ...(parts ? { parts } : {}), assets: { ...doc.assets, images: assets } };
}
