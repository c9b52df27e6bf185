import { createHash } from 'node:crypto';
import type { GalleyDocument } from '../document.js';
import { version } from '../version.js';
import type { PageSize } from './page.js';

/**
 * The PDF edition's identifier: derived from the manuscript, the page size
 * and galley's version — what decides the layout — so that the same inputs
 * name the same file, and an e-book can name the print edition its page
 * numbers come from.
 */
export function pdfIdentifier(doc: GalleyDocument, pageSize: PageSize): string {
  const hex = createHash('sha256').update(`${doc.fingerprint}\0${pageSize}\0${version}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
