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

export type RasterOptions = import('@resvg/resvg-js').ResvgRenderOptions;

interface Rasterizer {
  worker: Worker;
  pending: Map<number, { resolve: (png: Buffer) => void; reject: (error: Error) => void }>;
}

let rasterizer: Rasterizer | undefined;
let nextRequest = 0;

function startRasterizer(): Rasterizer {
  if (rasterizer) return rasterizer;
  // resvg allocates with mimalloc, which keeps the pages of each drawing's
  // pixels (15 MB) once freed: about 100 MB stayed resident in a batch. Told
  // before the thread loads resvg (mimalloc reads them once, from the
  // process's environment), it gives them back to the system at once.
  process.env.MIMALLOC_PURGE_DELAY ??= '0';
  process.env.MIMALLOC_ARENA_EAGER_COMMIT ??= '0';
  const worker = new Worker(path.join(packageRoot, 'src', 'cover-raster.cjs'));
  const started: Rasterizer = { worker, pending: new Map() };
  const failAll = (error: Error): void => {
    if (rasterizer === started) rasterizer = undefined;
    for (const { reject } of started.pending.values()) reject(error);
    started.pending.clear();
  };
  worker.on('message', (message: { id: number; png?: Uint8Array; error?: string }) => {
    const request = started.pending.get(message.id);
    if (!request) return;
    started.pending.delete(message.id);
    if (started.pending.size === 0) worker.unref();
    if (message.png) request.resolve(Buffer.from(message.png.buffer, message.png.byteOffset, message.png.byteLength));
    else request.reject(new Error(`The cover could not be drawn: ${message.error ?? 'unknown error'}`));
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`The cover drawing thread stopped (exit code ${code}).`)));
  // Only now: a 'message' listener added after unref() would hold the process open.
  worker.unref();
  rasterizer = started;
  return started;
}

/** Starts the thread that draws covers ahead of the first one: starting it takes a few tens of milliseconds. */
export function prepareCovers(): void {
  startRasterizer();
}

/** The SVG drawn as a PNG, by the drawing thread. */
export function rasterize(svg: string, options: RasterOptions): Promise<Buffer> {
  const { worker, pending } = startRasterizer();
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.ref();
    worker.postMessage({ id, svg, options });
  });
}
