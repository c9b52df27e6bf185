/** Who an e-book names as its makers: shared by articles and collections. */
import type { GalleyDocument } from '../document.js';

/**
 * Who library apps name as the author. The byline when there is one; without
 * it, the organisation that answers for the text: the publisher, else the
 * publication the article first appeared in, else the agencies whose copy it
 * carries. An article with none of these is anonymous, and says so in the
 * template's word for it, rather than leaving reading apps to print "Unknown".
 * Only a byline is marked as author (MARC `aut`); the others are unroled
 * creators, which calibre and the reading apps still show as the author.
 */
export function creatorsOf(metadata: GalleyDocument['metadata']): Array<{ name: string; role?: string }> {
  if (metadata.authors.length > 0) return metadata.authors.map((name) => ({ name, role: 'aut' }));
  if (metadata.publisher) return [{ name: metadata.publisher }];
  if (metadata.source.publication) return [{ name: metadata.source.publication }];
  if (metadata.source.wire.length > 0) return metadata.source.wire.map((name) => ({ name }));
  return [];
}
