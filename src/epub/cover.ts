/**
 * The e-book's cover: headline, dek and lead picture. A module of its own so
 * that a caller can start the cover before it loads the rest of the EPUB
 * writer: the cover is most of an e-book's work.
 */
import type { GalleyDocument } from '../document.js';
import { coverCredits, renderCover } from '../cover.js';
import { defaultTemplatesDir } from '../templates.js';

export function renderEpubCover(doc: GalleyDocument, templatesDir: string = defaultTemplatesDir): Promise<Buffer> {
  // A collection's cover is its own picture, when it names one, else its title alone (not an article's picture).
  const lead = doc.parts ? doc.cover?.image : doc.assets.images[0];
  return renderCover({
    title: doc.metadata.title,
    ...(doc.metadata.subtitle ? { subtitle: doc.metadata.subtitle } : {}),
    ...coverCredits(doc),
    ...(lead ? { leadImage: lead } : {}),
    language: doc.metadata.language,
    templatesDir,
  });
}
