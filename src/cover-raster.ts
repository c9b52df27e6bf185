/**
 * Drawing the cover's SVG as a PNG, in a worker thread (src/cover-raster.cjs,
 * resvg): encoding a 1600×2400 PNG takes about 80 ms, which on the main
 * thread would stall a batch's layouts meanwhile. The thread starts at the
 * first cover and is kept for the next ones; it holds the process open only
 * while a drawing is under way.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from './paths.js';
import { requestThread } from './request-thread.js';

export type RasterOptions = import('@resvg/resvg-js').ResvgRenderOptions;

const drawing = requestThread<Buffer>({
  open: () => {
    // resvg allocates with mimalloc, which keeps the pages of each drawing's
    // pixels (15 MB) once freed: about 100 MB stayed resident in a batch. Told
    // before the thread loads resvg (mimalloc reads them once, from the
    // process's environment), it gives them back to the system at once.
    process.env.MIMALLOC_PURGE_DELAY ??= '0';
    process.env.MIMALLOC_ARENA_EAGER_COMMIT ??= '0';
    return new Worker(path.join(packageRoot, 'src', 'cover-raster.cjs'));
  },
  answer: ({ png }) => (png instanceof Uint8Array ? Buffer.from(png.buffer, png.byteOffset, png.byteLength) : undefined),
  failed: 'The cover could not be drawn',
  thread: 'The cover drawing thread',
});

/** Starts the thread that draws covers ahead of the first one: starting it takes a few tens of milliseconds. */
export function prepareCovers(): void {
  drawing.start();
}

/** The SVG drawn as a PNG, by the drawing thread. */
export function rasterize(svg: string, options: RasterOptions): Promise<Buffer> {
  return drawing.ask({ svg, options });
}
