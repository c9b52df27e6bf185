import type { GalleyDocument } from '../document.js';
import { urnUuid } from '../identifier.js';
import { version } from '../version.js';
import type { PageSize } from './page.js';

/**
 * The PDF edition's identifier: derived from the manuscript, the page size
 * and galley's version — what decides the layout — so that the same inputs
 * name the same file, and an e-book can name the print edition its page
 * numbers come from.
 */
export function pdfIdentifier(doc: GalleyDocument, pageSize: PageSize): string {
  return urnUuid(doc.fingerprint, pageSize, version);
}
