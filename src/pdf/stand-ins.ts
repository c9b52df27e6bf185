/**
 * Stand-ins for pictures the browser has printed once already.
 *
 * Chromium's print (Skia's PDF backend) decodes a PNG and deflates its pixels
 * again on every print: about 25 ms of the renderer's CPU for the seed's
 * 1500×1000 picture, half of the print. A JPEG it passes through as it is.
 * So once a print has shown how Chromium writes a picture (an opaque PNG:
 * its image object's dictionary and deflated bytes), the later prints of the
 * process lay out a JPEG of one grey in its place, of the same size in
 * pixels: the layout, the page's drawing and every other object of the print
 * come out the same, and finishing puts the picture's own image object back
 * (./stand-in-prints.ts), so the PDF is the same bytes as a print of the
 * picture itself. The mending rounds' second prints and a batch's articles
 * that share a picture print it once.
 *
 * This module makes the stand-ins and keeps what was learned; it loads no
 * pdf-lib (./stand-in-prints.ts reads and writes the prints).
 */
import type { ImageAsset } from '../document.js';

/** How Chromium wrote a picture's image object, learned from a print of the picture itself. */
export interface PrintedPicture {
  width: number;
  height: number;
  bitsPerComponent: number;
  /** Its colour space, as stand-in-prints.ts names one (a name, or an ICC profile's digest and components). */
  colorSpace: string;
  /** Its stream's filter (FlateDecode) and bytes, as Chromium wrote them. */
  filter: string;
  contents: Uint8Array;
}

/** What a stand-in says at its start, after its JFIF header, followed by the picture's digest. */
export const STAND_IN_MARK = 'galley stand-in ';
/** Where the mark begins in a stand-in's bytes: after SOI (2), APP0 (18) and the comment's marker and length (4). */
export const STAND_IN_MARK_AT = 24;

/** At most this many bytes of pictures' printed streams are kept (the oldest learned go first). */
const KEPT_BYTES = 48 * 1024 * 1024;

const learned = new Map<string, PrintedPicture>();
let keptBytes = 0;
/** Pictures whose stand-in did not print as the picture would have (another colour space, say): printed as themselves from then on. */
const refused = new Set<string>();
const made = new Map<string, Buffer>();

/** Whether a picture may stand in a later print as a JPEG: a PNG that is all opaque (Chromium writes no mask for it). */
export function mayStandIn(image: Pick<ImageAsset, 'mediaType' | 'transparent' | 'width' | 'height'>): boolean {
  return image.mediaType === 'image/png' && image.transparent === false && image.width > 0 && image.height > 0 && image.width < 65536 && image.height < 65536;
}

/** What a print taught of the picture with `digest`. */
export function learnPicture(digest: string, picture: PrintedPicture): void {
  if (refused.has(digest) || learned.has(digest)) return;
  learned.set(digest, picture);
  keptBytes += picture.contents.length;
  for (const [key, old] of learned) {
    if (keptBytes <= KEPT_BYTES) break;
    learned.delete(key);
    keptBytes -= old.contents.length;
  }
}

/** The picture with `digest` as Chromium printed it, when a print has shown it. */
export function printedPicture(digest: string): PrintedPicture | undefined {
  const picture = learned.get(digest);
  // The most recently used are the last to go.
  if (picture) {
    learned.delete(digest);
    learned.set(digest, picture);
  }
  return picture;
}

/** The picture with `digest` is printed as itself from now on. */
export function refuseStandIn(digest: string): void {
  refused.add(digest);
  const picture = learned.get(digest);
  if (picture) keptBytes -= picture.contents.length;
  learned.delete(digest);
  made.delete(digest);
}

/** Forgets every picture learned and refused. */
export function forgetPictures(): void {
  learned.clear();
  refused.clear();
  made.clear();
  keptBytes = 0;
}

/** The stand-in of `image` (named by `digest`) for the next print, when a print has shown how Chromium writes it. */
export function standInFor(image: ImageAsset, digest: string): Buffer | undefined {
  if (!mayStandIn(image)) return undefined;
  const picture = printedPicture(digest);
  if (!picture || picture.width !== image.width || picture.height !== image.height) return undefined;
  let jpeg = made.get(digest);
  if (!jpeg) made.set(digest, (jpeg = greyJpeg(image.width, image.height, `${STAND_IN_MARK}${digest}`)));
  return jpeg;
}

/** The digest a stand-in names, when `bytes` are one's. */
export function standInDigest(bytes: Uint8Array): string | undefined {
  if (bytes.length < STAND_IN_MARK_AT + STAND_IN_MARK.length || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const mark = Buffer.from(bytes.buffer, bytes.byteOffset + STAND_IN_MARK_AT, Math.min(bytes.length - STAND_IN_MARK_AT, 64)).toString('latin1');
  if (!mark.startsWith(STAND_IN_MARK)) return undefined;
  return /^[0-9a-f]+/.exec(mark.slice(STAND_IN_MARK.length))?.[0];
}

function segment(marker: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(marker, 0);
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
}

/**
 * A baseline JPEG of `width`×`height` pixels of one mid grey (every block's
 * coefficients zero), with `comment` after its JFIF header: three
 * components at full size (Chromium writes it with the colour space it gives
 * an RGB picture), one Huffman table of a single code for the DC and one for
 * the AC coefficients, so every 8×8 block is two bits. About 17 kB for
 * 1500×1000; the browser decodes it as any other. No library makes one
 * without being loaded for it (sharp's load is more than a print saves).
 */
export function greyJpeg(width: number, height: number, comment: string): Buffer {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  // Per block: DC difference category 0 ("0"), then end of block ("0"); three blocks a unit.
  const bits = blocks * 3 * 2;
  const scan = Buffer.alloc(Math.ceil(bits / 8));
  // The last byte's unused bits are ones, as a scan is padded.
  if (bits % 8 !== 0) scan[scan.length - 1] = (1 << (8 - (bits % 8))) - 1;
  const size = Buffer.alloc(5);
  size[0] = 8;
  size.writeUInt16BE(height, 1);
  size.writeUInt16BE(width, 3);
  const table = (id: number): Buffer => Buffer.from([id, 1, ...new Array<number>(15).fill(0), 0]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xffe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0])),
    segment(0xfffe, Buffer.from(comment, 'latin1')),
    segment(0xffdb, Buffer.from([0, ...new Array<number>(64).fill(1)])),
    segment(0xffc0, Buffer.concat([size, Buffer.from([3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0])])),
    segment(0xffc4, Buffer.concat([table(0x00), table(0x10)])),
    segment(0xffda, Buffer.from([3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0])),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}
