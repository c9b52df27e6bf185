/**
 * The pipeline's one way to the reader: every manuscript a build reads is
 * read here, and told as a `read` event, so that a build can be seen to read
 * each manuscript once. The writers never call the reader: they take the
 * document it yields.
 */
import type { LoadResult } from '../manuscript/index.js';
import type { BuildEventListener } from './events.js';

/** Reads the manuscript in `dir` (its document, or the reader's errors). */
export async function readManuscript(dir: string, emit: BuildEventListener): Promise<LoadResult> {
  // The reader is large: loaded only when a manuscript is to be read.
  const { loadManuscript } = await import('../manuscript/index.js');
  emit({ type: 'read', dir });
  return loadManuscript(dir);
}
