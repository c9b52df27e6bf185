/**
 * The e-book's cover: headline, dek and lead picture. A module of its own so
 * that a caller can start the cover before it loads the rest of the EPUB
 * writer: the cover is most of an e-book's work.
 */
import type { GalleyDocument } from '../document.js';
import { coverInputOf, renderCover, type FitCut } from '../cover.js';
import { defaultTemplatesDir } from '../templates.js';

/** The e-book's cover; `onCuts` is told the texts it cuts (see src/cover-fit.ts). */
export function renderEpubCover(doc: GalleyDocument, templatesDir: string = defaultTemplatesDir, onCuts?: (cuts: FitCut[]) => void): Promise<Buffer> {
  return renderCover(coverInputOf(doc, templatesDir), { cache: true, ...(onCuts ? { onCuts } : {}) });
}
