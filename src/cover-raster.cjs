/**
 * Draws cover SVGs with resvg, in a worker thread (see cover-raster.ts), and
 * encodes them with sharp (libvips: libjpeg-turbo's JPEG, libspng's PNG).
 *
 * Three requests:
 * - `svg` alone: the SVG drawn as a PNG by resvg;
 * - `cover`: a cover laid out here (satori: src/cover-layout-thread.ts), then
 *   drawn as `compose` draws it;
 * - `compose`: a cover. resvg draws the SVG without its lead picture; sharp
 *   scales the picture to its place and it is copied into those pixels,
 *   then the whole is encoded as JPEG or PNG. Scaling a photograph is most
 *   of what resvg did for a cover (about 85 of its 118 ms for the seed's),
 *   and sharp does it in a fraction of that. This is exact only where
 *   nothing but one flat colour lies under the picture's place and nothing
 *   is drawn over it: the thread checks the pixels drawn without it, and
 *   when they are anything else it draws the picture with resvg as before
 *   (`svg` then holds it).
 *
 * Plain CommonJS with no build step: the same file runs under the bundled
 * CLI, from the TypeScript sources and in the tests.
 */
'use strict';
const { parentPort } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');
const { renderAsync } = require('@resvg/resvg-js');

// resvg-js 2.6 keeps each drawing's pixels (15 MB for a full-size cover)
// outside the JavaScript heap, where the garbage collector does not see
// them, and frees them only when their object is collected: left to itself
// the collector let a 100-article batch grow by more than a gigabyte. (The
// synchronous render() never frees them at all.) So this thread draws with
// renderAsync and collects after every drawing: a drawing's object that is
// no longer in use is young, so a collection of the young generation frees
// it. One still in use at such a collection (another drawing under way: a
// cover and its thumbnail are drawn together) moves to the old generation,
// which only a full collection clears: the full one after each layout
// (below) lets those go. (With young collections alone the e-books of 12
// articles peaked at 348 and 368 MB of RSS against 317-330 MB; with a full
// one only once two covers' drawings were made, at 375-391 MB, and
// galley's peak RSS in a 100-article batch about 30 MB higher: see the
// README's "Tried and not kept".)
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

/**
 * The cover's layout (src/cover-layout-thread.ts), loaded with the first
 * cover laid out here: its bundle (lib/cover-layout.cjs, made with the CLI's:
 * scripts/bundle.mjs), or its sources through tsx where galley runs without
 * a bundle.
 */
let layoutModule;
function layouts() {
  if (!layoutModule) {
    try {
      layoutModule = require('../lib/cover-layout.cjs');
    } catch (error) {
      if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('cover-layout.cjs')) throw error;
      require('tsx/cjs/api').register();
      layoutModule = require('./cover-layout-thread.ts');
    }
  }
  return layoutModule;
}

/** sharp, loaded with the first cover; one libvips thread per operation (two cores, shared with the browser). */
let sharpModule;
function sharp() {
  if (!sharpModule) {
    sharpModule = require('sharp');
    sharpModule.concurrency(1);
    // Nothing is worth keeping between covers but the scaled pictures, which this thread keeps itself.
    sharpModule.cache(false);
  }
  return sharpModule;
}

/** The last pictures scaled (a batch's house picture, a dev session's lead picture), by their bytes, place and size. */
const scaled = new Map();
const SCALED = 4;

/**
 * The picture (`bytes`, whose SHA-256 is `digest`) scaled to `width` × `height` pixels (its place on the cover),
 * cut to `region` (left, top, width, height within it), flattened on
 * `background` ([r, g, b]), as RGBA pixels.
 */
async function scalePicture(bytes, digest, width, height, region, background) {
  const key = `${digest}\0${width}\0${height}\0${JSON.stringify(region)}\0${background.join(',')}`;
  let entry = scaled.get(key);
  if (entry) scaled.delete(key);
  else
    entry = sharp()(bytes, { limitInputPixels: false })
      .resize(width, height, { fit: 'fill' })
      .extract(region)
      .flatten({ background: { r: background[0], g: background[1], b: background[2] } })
      .ensureAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true })
      .then(({ data, info }) => (info.width === region.width && info.height === region.height && info.channels === 4 ? data : undefined));
  scaled.set(key, entry);
  while (scaled.size > SCALED) scaled.delete(scaled.keys().next().value);
  entry.catch(() => scaled.get(key) === entry && scaled.delete(key));
  return entry;
}

/** Whether every pixel of the region is the same opaque colour; that colour, or undefined. */
function flatColour(pixels, stride, region) {
  const start = region.top * stride + region.left * 4;
  const colour = pixels.subarray(start, start + 4);
  if (colour[3] !== 255) return undefined;
  const row = Buffer.alloc(region.width * 4);
  for (let i = 0; i < row.length; i += 4) colour.copy(row, i);
  for (let y = region.top; y < region.top + region.height; y++) {
    const at = y * stride + region.left * 4;
    if (pixels.compare(row, 0, row.length, at, at + row.length) !== 0) return undefined;
  }
  return [colour[0], colour[1], colour[2]];
}

/** The encoded image of `pixels` (RGBA, `width` × `height`), as `format` says. */
function encode(pixels, width, height, format) {
  const image = sharp()(pixels, { raw: { width, height, channels: 4 } }).removeAlpha();
  return (format === 'jpeg' ? image.jpeg({ quality: 85, chromaSubsampling: '4:2:0', optimiseCoding: false }) : image.png({ compressionLevel: 9, adaptiveFiltering: true })).toBuffer();
}

/**
 * A cover: `base` (the SVG without its picture) drawn by resvg, `picture`
 * (its bytes and their SHA-256, and its place in the drawing's pixels: `x`, `y`, `width`,
 * `height` of the whole picture and `region`, the pixels it covers whole)
 * copied in, encoded as `format`. Undefined when the picture cannot be
 * placed so (see the top of this file).
 */
async function compose({ base, options, picture, format }) {
  const rendered = await renderAsync(base, options);
  const { width, height } = rendered;
  const pixels = rendered.pixels;
  if (picture) {
    const { region } = picture;
    if (region.left < 0 || region.top < 0 || region.left + region.width > width || region.top + region.height > height) return undefined;
    const colour = flatColour(pixels, width * 4, region);
    if (!colour) return undefined;
    // The picture flattened on that colour: a transparent PNG shows the cover's ground through, as resvg drew it.
    const bytes = Buffer.from(picture.bytes.buffer, picture.bytes.byteOffset, picture.bytes.byteLength);
    const within = { left: region.left - picture.x, top: region.top - picture.y, width: region.width, height: region.height };
    const data = await scalePicture(bytes, picture.digest, picture.width, picture.height, within, colour);
    if (!data) return undefined;
    const rowBytes = region.width * 4;
    for (let y = 0; y < region.height; y++) data.copy(pixels, (region.top + y) * width * 4 + region.left * 4, y * rowBytes, (y + 1) * rowBytes);
  }
  return encode(pixels, width, height, format);
}

/**
 * A cover laid out here (`layout`: see src/cover-layout-thread.ts) and drawn
 * `width` pixels wide as `format`, with its lead `picture` (its bytes,
 * their SHA-256, media type and size) copied in where `placeable` and it
 * can be, else drawn by resvg. `{ image, cuts }`; `{ missing }` when the
 * thread does not hold faces it was not handed (the main thread sends them
 * again); `{ failure }` when the cover cannot be laid out (its message as the
 * layout gave it).
 */
async function layOutAndDraw({ layout, width, placeable, options, format, picture }) {
  const { layOut, withPicture, MissingFaces } = layouts();
  let laid;
  try {
    laid = await layOut(layout, width, placeable);
  } catch (error) {
    if (error instanceof MissingFaces) return { missing: error.digests };
    return { failure: error instanceof Error ? error.message : String(error) };
  }
  if (picture && laid.placed) {
    const image = await compose({ base: laid.placed.base, options, format, picture: { bytes: picture.bytes, digest: picture.digest, ...laid.placed.place } });
    if (image) return { image, cuts: laid.cuts, fresh: laid.fresh };
  }
  // Anything else (an SVG picture, a picture the template draws over or on a pattern): resvg draws it too.
  const lead = picture && { ...picture, bytes: Buffer.from(picture.bytes.buffer, picture.bytes.byteOffset, picture.bytes.byteLength) };
  return { image: await compose({ base: withPicture(laid.svg, lead), options, format }), cuts: laid.cuts, fresh: laid.fresh };
}

parentPort.on('message', async (message) => {
  const { id } = message;
  // A cover laid out here leaves satori's garbage, much of it old enough to
  // outlive a minor collection: collected whole after it, the thread's heap
  // stays small (a 30-article batch's galley peaked about 30 MB lower), and
  // the drawings that reached the old generation go (above). It costs about
  // 15 ms of this thread's CPU a layout, and about 35 ms more of V8's helper
  // threads, which compile satori's functions again after it. A cover drawn
  // from a layout kept (the thumbnail) leaves only its drawing's.
  let laidOut = false;
  try {
    if (message.cover) {
      const { fresh, ...drawn } = await layOutAndDraw(message.cover);
      laidOut = fresh === true;
      parentPort.postMessage({ id, ...drawn });
    } else if (message.compose) {
      const image = await compose(message.compose);
      parentPort.postMessage({ id, image: image ?? null });
    } else {
      const png = (await renderAsync(message.svg, message.options)).asPng();
      parentPort.postMessage({ id, png });
    }
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
  collectGarbage(laidOut ? undefined : { type: 'minor' });
});
