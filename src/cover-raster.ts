/**
 * Drawing the cover's SVG, in a worker thread (src/cover-raster.cjs: resvg
 * draws, sharp scales the lead picture and encodes): drawing and encoding a
 * 1600×2400 cover takes tens of milliseconds, which on the main thread would
 * stall a batch's layouts meanwhile. The thread starts at the first cover
 * and is kept for the next ones; it holds the process open only while a
 * drawing is under way.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { packageRoot } from './paths.js';
import type { PicturePlace } from './cover-compose.js';
import { requestThread, type ThreadReply } from './request-thread.js';

export type RasterOptions = import('@resvg/resvg-js').ResvgRenderOptions;

/** How a cover is encoded: JPEG (quality 85, 4:2:0) or PNG. */
export type CoverFormat = 'jpeg' | 'png';

const asBuffer = (bytes: unknown): Buffer | undefined => (bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined);

/** A reply: a PNG (`rasterize`), or a cover, or `null` where its picture could not be copied in (`compose`). */
const drawing = requestThread<{ png?: Buffer; image?: Buffer | null }>({
  open: () => {
    // resvg allocates with mimalloc, which keeps the pages of each drawing's
    // pixels (15 MB) once freed: about 100 MB stayed resident in a batch. Told
    // before the thread loads resvg (mimalloc reads them once, from the
    // process's environment), it gives them back to the system at once.
    process.env.MIMALLOC_PURGE_DELAY ??= '0';
    process.env.MIMALLOC_ARENA_EAGER_COMMIT ??= '0';
    // Node's worker_threads only when a cover is drawn: a rebuild takes its cover from the build cache (about 2.5 ms of a run's CPU to load).
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    return new Worker(path.join(packageRoot, 'src', 'cover-raster.cjs'));
  },
  answer: (reply: ThreadReply) => {
    if (reply.image === null) return { image: null };
    const png = asBuffer(reply.png);
    const image = asBuffer(reply.image);
    return png ? { png } : image ? { image } : undefined;
  },
  failed: 'The cover could not be drawn',
  thread: 'The cover drawing thread',
});

/** Starts the thread that draws covers ahead of the first one: starting it takes a few tens of milliseconds. */
export function prepareCovers(): void {
  drawing.start();
}

/** The SVG drawn as a PNG by resvg, in the drawing thread. */
export async function rasterize(svg: string, options: RasterOptions): Promise<Buffer> {
  const { png } = await drawing.ask({ svg, options });
  if (!png) throw new Error('The cover could not be drawn: no PNG came back.');
  return png;
}

/**
 * A cover: `base` drawn by resvg, with `picture` (its bytes, their SHA-256, and its place:
 * see cover-compose.ts) scaled by sharp and copied in, encoded as `format`.
 * Undefined when the picture cannot be copied in exactly (the pixels drawn
 * under its place are not one flat colour): draw it in the SVG instead.
 */
export async function compose(base: string, options: RasterOptions, format: CoverFormat, picture?: { bytes: Uint8Array; digest: string } & PicturePlace): Promise<Buffer | undefined> {
  const { image } = await drawing.ask({ compose: { base, options, format, ...(picture ? { picture } : {}) } });
  return image ?? undefined;
}
