/**
 * Identifiers made from content, never at random: the same inputs give the
 * same identifier, so a rebuild gives the same files and an e-book can name
 * the print edition its page numbers come from.
 */
import { createHash } from 'node:crypto';

/**
 * A name-based UUID (RFC 9562 version 8: the layout of a UUID, the bits of
 * a hash) from at least 32 hex digits of a hash, lower case:
 * `xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx`.
 */
export function uuidFromHash(hex: string): string {
  if (!/^[0-9a-f]{32}/i.test(hex)) throw new Error(`A UUID needs 32 hex digits of a hash, not "${hex}".`);
  const h = hex.slice(0, 32).toLowerCase();
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `urn:uuid:…` for these parts: the SHA-256 of each part in turn, NUL between them. */
export function urnUuid(...parts: string[]): string {
  return `urn:uuid:${uuidFromHash(createHash('sha256').update(parts.join('\0')).digest('hex'))}`;
}
