/**
 * Reads what a print shows of its pictures and puts pictures back in place
 * of their stand-ins (./stand-ins.ts), with pdf-lib.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { readOnlyPrint } from './print-document.js';
import { learnPicture, mayStandIn, printedPicture, refuseStandIn, standInDigest, type PrintedPicture } from './stand-ins.js';

/** The keys of the image object Chromium writes for an opaque picture, in its order (no mask, no decode array). */
const PLAIN_KEYS = ['Type', 'Subtype', 'Width', 'Height', 'ColorSpace', 'BitsPerComponent', 'Filter', 'Length'];

interface ImageObject {
  ref: PDFRef;
  stream: PDFRawStream;
}

function imageObjects(pdf: PDFDocument): ImageObject[] {
  const found: ImageObject[] = [];
  for (const [ref, object] of pdf.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) found.push({ ref, stream: object });
  }
  return found;
}

function numberOf(dict: PDFDict, key: string): number | undefined {
  const value = dict.lookup(PDFName.of(key));
  return value instanceof PDFNumber ? value.asNumber() : undefined;
}

/** A colour space as a string that two prints share when they wrote the same one (an ICC profile by its bytes). */
function colorSpaceName(pdf: PDFDocument, value: PDFObject | undefined): string | undefined {
  const space = value instanceof PDFRef ? pdf.context.lookup(value) : value;
  if (space instanceof PDFName) return space.asString();
  if (space instanceof PDFArray && space.size() === 2 && space.lookup(0) === PDFName.of('ICCBased')) {
    const profile = space.lookup(1);
    if (!(profile instanceof PDFRawStream)) return undefined;
    const keys = profile.dict.keys().map((key) => `${key.asString()}=${profile.dict.get(key)?.toString()}`).filter((key) => !key.startsWith('/Length='));
    return `ICCBased ${keys.join(' ')} ${createHash('sha256').update(profile.contents).digest('hex')}`;
  }
  return undefined;
}

/** The picture an image object shows, read as stand-ins.ts keeps it; undefined for one of another shape. */
function pictureOf(pdf: PDFDocument, stream: PDFRawStream, filter: string): Omit<PrintedPicture, 'contents' | 'filter'> | undefined {
  const { dict } = stream;
  const width = numberOf(dict, 'Width');
  const height = numberOf(dict, 'Height');
  const bitsPerComponent = numberOf(dict, 'BitsPerComponent');
  const colorSpace = colorSpaceName(pdf, dict.get(PDFName.of('ColorSpace')));
  if (width === undefined || height === undefined || bitsPerComponent === undefined || colorSpace === undefined) return undefined;
  if (dict.get(PDFName.of('Filter')) !== PDFName.of(filter)) return undefined;
  return { width, height, bitsPerComponent, colorSpace };
}

/**
 * Reads a print's pictures: how Chromium wrote each picture of `images`
 * that may stand in later prints (one image object of its size, and one
 * picture of the document of that size, so that it is surely that one),
 * and whether each stand-in printed as its picture would have (the same
 * size, bit depth and colour space). A stand-in that did not is refused
 * (its picture prints as itself from then on) and the answer is false:
 * the print must be made again.
 */
export function readPrintedPictures(pdf: PDFDocument, images: ReadonlyArray<{ image: Parameters<typeof mayStandIn>[0]; digest: string }>): boolean {
  const objects = imageObjects(pdf);
  let fits = true;
  const plain: ImageObject[] = [];
  for (const object of objects) {
    const digest = standInDigest(object.stream.contents);
    if (digest === undefined) {
      plain.push(object);
      continue;
    }
    const picture = printedPicture(digest);
    const shown = pictureOf(pdf, object.stream, 'DCTDecode');
    if (!picture || !shown || shown.width !== picture.width || shown.height !== picture.height || shown.bitsPerComponent !== picture.bitsPerComponent || shown.colorSpace !== picture.colorSpace) {
      refuseStandIn(digest);
      fits = false;
    }
  }
  const sized = (width: number, height: number) => (object: ImageObject) => numberOf(object.stream.dict, 'Width') === width && numberOf(object.stream.dict, 'Height') === height;
  for (const { image, digest } of images) {
    if (!mayStandIn(image) || printedPicture(digest)) continue;
    if (images.filter((other) => other.digest !== digest && other.image.width === image.width && other.image.height === image.height).length > 0) continue;
    const same = plain.filter(sized(image.width, image.height));
    if (same.length !== 1) continue;
    const { stream } = same[0]!;
    const keys = stream.dict.keys().map((key) => key.asString().slice(1));
    if (keys.join(' ') !== PLAIN_KEYS.join(' ')) continue;
    const shown = pictureOf(pdf, stream, 'FlateDecode');
    if (shown) learnPicture(digest, { ...shown, filter: 'FlateDecode', contents: stream.contents.slice() });
  }
  return fits;
}

/** readPrintedPictures on the parse of `bytes` its readers share (./print-document.ts). */
export async function checkPrintedPictures(bytes: Uint8Array, images: Parameters<typeof readPrintedPictures>[1]): Promise<boolean> {
  return readPrintedPictures(await readOnlyPrint(bytes), images);
}

/**
 * Puts each picture back in place of its stand-in: the stand-in's image
 * object takes the picture's filter and bytes, and the JPEG's colour
 * transform goes, so the object reads as a print of the picture wrote it
 * (the same keys in the same order). Throws for a stand-in whose picture is
 * not known: its print must not become a PDF.
 */
export function restorePictures(pdf: PDFDocument): void {
  for (const { ref, stream } of imageObjects(pdf)) {
    const digest = standInDigest(stream.contents);
    if (digest === undefined) continue;
    const picture = printedPicture(digest);
    if (!picture) throw new Error(`A print shows the stand-in of picture ${digest}, whose own print is not known.`);
    const dict = stream.dict.clone(pdf.context);
    dict.set(PDFName.of('Filter'), PDFName.of(picture.filter));
    dict.delete(PDFName.of('ColorTransform'));
    pdf.context.assign(ref, PDFRawStream.of(dict, picture.contents));
  }
}
