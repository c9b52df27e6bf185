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
import type { FitCut } from './cover-fit.js';
import type { FaceRef, LayoutRequest } from './cover-layout-thread.js';
import { requestThread, type ThreadReply } from './request-thread.js';

export type RasterOptions = import('@resvg/resvg-js').ResvgRenderOptions;

/** How a cover is encoded: JPEG (quality 85, 4:2:0) or PNG. */
export type CoverFormat = 'jpeg' | 'png';

const asBuffer = (bytes: unknown): Buffer | undefined => (bytes instanceof Uint8Array ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined);

/** A reply: a PNG (`rasterize`), or a cover, or `null` where its picture could not be copied in (`compose`); a cover laid out in the thread and the texts it cuts, the faces it lacks, or why it could not be laid out (`drawCover`). */
const drawing = requestThread<{ png?: Buffer; image?: Buffer | null; cuts?: FitCut[]; missing?: string[]; failure?: string }>({
  open: () => {
    // A new thread holds no face yet.
    facesSent.clear();
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
    if (Array.isArray(reply.missing)) return { missing: reply.missing as string[] };
    if (typeof reply.failure === 'string') return { failure: reply.failure };
    if (reply.image === null) return { image: null };
    const png = asBuffer(reply.png);
    const image = asBuffer(reply.image);
    if (image && Array.isArray(reply.cuts)) return { image, cuts: reply.cuts as FitCut[] };
    return png ? { png } : image ? { image } : undefined;
  },
  failed: 'The cover could not be drawn',
  thread: 'The cover drawing thread',
});

/** The digests of the faces the current thread was handed: each face's bytes go to it once. */
const facesSent = new Set<string>();

/** A face for drawCover: its name, weight, style, bytes and their SHA-256. */
export type CoverFace = Omit<FaceRef, 'data'> & { data: Uint8Array };

/**
 * A cover laid out and drawn in the thread (see src/cover-layout-thread.ts):
 * `layout` with its `faces`, drawn `width` pixels wide as `format`, the lead
 * `picture` copied in where `placeable` (else drawn by resvg). The image and
 * the texts the cover cuts; a layout that fails throws its own error.
 */
export async function drawCover(
  layout: Omit<LayoutRequest, 'faces'>,
  faces: CoverFace[],
  draw: { width: number; placeable: boolean; options: RasterOptions; format: CoverFormat; picture?: { bytes: Uint8Array; digest: string; mediaType: string; width: number; height: number } },
): Promise<{ image: Buffer; cuts: FitCut[] }> {
  drawing.start();
  for (let attempt = 0; ; attempt++) {
    // Every face's bytes on a second attempt: the thread let some go, or is a new one.
    const refs: FaceRef[] = faces.map(({ data, ...face }) => (attempt === 0 && facesSent.has(face.digest) ? face : { ...face, data }));
    for (const { digest } of faces) facesSent.add(digest);
    const reply = await drawing.ask({ cover: { layout: { ...layout, faces: refs }, ...draw } });
    if (reply.failure !== undefined) throw new Error(reply.failure);
    if (reply.image && reply.cuts) return { image: reply.image, cuts: reply.cuts };
    if (!reply.missing || attempt > 0) throw new Error('The cover could not be drawn.');
  }
}

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
