/**
 * What a picture file must be before galley publishes it: what its name says
 * (the type is read from its bytes, not its extension), whole (a truncated
 * file prints as a stripe), of a size a page can use (the pixel count is read
 * from the header, before anything decodes it), of a type an e-book may carry
 * (not WebP), and, for SVG, a plain drawing that loads nothing and runs
 * nothing (its references to its own ids written so that EPUBCheck reads them).
 * A JPEG, PNG or GIF whose structure is whole may still hold damaged image
 * data: it is decoded once (decodeProblem), so that the author hears of it at
 * the figure rather than from whatever draws it first (the cover).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Element as XastElement, Root as XastRoot, RootContent as XastContent } from 'xast';
import { imageSize } from 'image-size';
import { fromXml } from 'xast-util-from-xml';
import { toXml } from 'xast-util-to-xml';
import { cacheDir } from '../cache.js';
import { readCacheFile } from '../cache-file.js';
import { LIMITS } from './limits.js';
import { keepNewest, loadSharp, pictureTools } from './scale-image.js';

export type MediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/svg+xml';

const NAMES: Record<MediaType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'image/webp': 'WebP',
  'image/svg+xml': 'SVG',
};

const EXTENSIONS: Record<MediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/svg+xml': 'svg',
};

/** "a JPEG" but "an SVG": the article for a type's name, said as letters. */
function article(type: MediaType): string {
  return type === 'image/svg+xml' ? 'an' : 'a';
}

/** A type as an author knows it, with its article: "a JPEG", "an SVG". */
export function typeName(type: MediaType): string {
  return `${article(type)} ${NAMES[type]}`;
}

/**
 * The title of a web page saved under a picture's name (what a failed
 * download leaves: the site's "404 Not Found" or login page), '' for a page
 * without one; undefined when the bytes are not a web page.
 */
export function webPageTitle(bytes: Buffer): string | undefined {
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\ufeff/, '');
  if (!/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE\s+html[\s>]|<html[\s>])/i.test(head)) return undefined;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1]?.replace(/\s+/g, ' ').trim() ?? '';
  return title.length > 60 ? `${title.slice(0, 59)}…` : title;
}

/** What to do with a WebP picture. */
const WEBP_FIX = 'convert it to JPEG (a photograph) or PNG (a drawing or screenshot)';

export type Inspection =
  | { ok: true; width: number; height: number; bytes: Buffer; /** What was taken out of the picture, for a warning at its figure. */ dropped?: string }
  | { ok: false; reason: string; rule: string };

/** The type the bytes say, whatever the name says; undefined when they are none of ours. */
export function sniff(bytes: Buffer): MediaType | undefined {
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.readUInt32BE(4) === 0x0d0a1a0a) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (bytes.length >= 12 && bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  // SVG is text: an optional BOM, XML declaration, comments or doctype, then <svg.
  const head = bytes.subarray(0, 4096).toString('utf8').replace(/^\ufeff/, '');
  if (/^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>\s*)*<svg[\s>]/i.test(head)) return 'image/svg+xml';
  return undefined;
}

/** Where a PNG, JPEG or GIF file is cut short or damaged; undefined when it is whole. */
function damage(type: 'image/jpeg' | 'image/png' | 'image/gif', bytes: Buffer): string | undefined {
  switch (type) {
    case 'image/png': {
      // Chunks: length, type, data, CRC; IHDR first, IDAT data, IEND last.
      let offset = 8;
      let first = true;
      let sawData = false;
      while (offset + 12 <= bytes.length) {
        const length = bytes.readUInt32BE(offset);
        const name = bytes.subarray(offset + 4, offset + 8).toString('latin1');
        if (!/^[A-Za-z]{4}$/.test(name)) return `a damaged chunk at byte ${offset}`;
        if (first && name !== 'IHDR') return 'no IHDR header chunk';
        first = false;
        const end = offset + 12 + length;
        if (end > bytes.length) return `the ${name} chunk at byte ${offset} is cut off (the file ends ${end - bytes.length} bytes early)`;
        if (name === 'IDAT') sawData = true;
        if (name === 'IEND') return sawData ? undefined : 'no image data (IDAT)';
        offset = end;
      }
      return 'it ends before its IEND chunk: the file is cut off';
    }
    case 'image/jpeg': {
      // Segments up to the scan (SOS), then entropy-coded data ending in EOI.
      let offset = 2;
      while (offset + 4 <= bytes.length) {
        if (bytes[offset] !== 0xff) return `a damaged segment at byte ${offset}`;
        const marker = bytes[offset + 1]!;
        if (marker === 0xff) {
          offset++;
          continue;
        }
        if (marker === 0xd9) return 'it ends before its image data';
        const length = bytes.readUInt16BE(offset + 2);
        if (offset + 2 + length > bytes.length) return `the segment at byte ${offset} is cut off`;
        if (marker === 0xda) {
          // The end-of-image marker, possibly followed by padding.
          let end = bytes.length;
          while (end > offset && bytes[end - 1] === 0x00) end--;
          return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9 ? undefined : 'it has no end-of-image marker: the file is cut off';
        }
        offset += 2 + length;
      }
      return 'it ends before its image data: the file is cut off';
    }
    case 'image/gif': {
      let end = bytes.length;
      while (end > 0 && bytes[end - 1] === 0x00) end--;
      return bytes[end - 1] === 0x3b ? undefined : 'it has no GIF trailer: the file is cut off';
    }
  }
}

const SVG_FORBIDDEN_ELEMENTS = new Set(['script', 'foreignObject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);

/**
 * A url() reference to an id of the picture itself, however it is quoted and
 * spaced: `url(#g)`, `url('#g')`, `url( "#g" )`. CSS allows all of them, but
 * EPUBCheck reads the quote as a file name (RSC-007), so they are written
 * `url(#g)`, which means the same to every renderer.
 */
const LOCAL_URL = /url\(\s*(['"]?)#([^'"()\s\\]+)\1\s*\)/gi;
/** Once local references are written `url(#id)`, CSS that loads anything. */
const LOADING_CSS = /url\((?!#)|@import|image-set\(/i;

/** CSS with its escapes decoded (`\75 rl(` is `url(`), for checking only. */
function decodeCssEscapes(css: string): string {
  return css.replace(/\\(?:([0-9a-f]{1,6})[ \t\n\r\f]?|([\s\S]))/gi, (_, hex: string | undefined, char: string | undefined) => {
    if (hex === undefined) return char ?? '';
    const code = Number.parseInt(hex, 16);
    return code === 0 || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code);
  });
}

/** Whether `css` loads anything from outside the picture. */
function loadsFromOutside(css: string): boolean {
  return LOADING_CSS.test(decodeCssEscapes(css));
}

/** Writes every local url() reference in the tree as `url(#id)`; returns whether anything changed. */
function unquoteLocalUrls(tree: XastRoot): boolean {
  let changed = false;
  const rewrite = (value: string): string => {
    const written = value.replace(LOCAL_URL, 'url(#$2)');
    if (written !== value) changed = true;
    return written;
  };
  const stack: XastContent[] = [...tree.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'element') continue;
    for (const [name, value] of Object.entries(node.attributes)) {
      if (typeof value === 'string' && value.includes('url(')) node.attributes[name] = rewrite(value);
    }
    for (const child of node.children) {
      if (node.name.replace(/^.*:/, '') === 'style' && (child.type === 'text' || child.type === 'cdata')) child.value = rewrite(child.value);
      else stack.push(child);
    }
  }
  return changed;
}

/** An @font-face rule (no braces inside it: a data: URL's base64 has none). */
const FONT_FACE = /@font-face\s*\{[^{}]*\}/gi;

/**
 * Takes out the @font-face rules whose fonts are embedded (every url() a
 * data: URL, as an "embed fonts" export writes them): they are inside the
 * file, not outside it, but no edition uses them, since galley sets an SVG's
 * text in its own faces, as outlines (svg-text.ts). Returns the lines of the
 * style sheets they stood in.
 */
function dropEmbeddedFonts(tree: XastRoot): number[] {
  const lines: number[] = [];
  const stack: XastContent[] = [...tree.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'element') continue;
    if (node.name.replace(/^.*:/, '') === 'style') {
      for (const child of node.children) {
        if (child.type !== 'text' && child.type !== 'cdata') continue;
        const kept = child.value.replace(FONT_FACE, (rule) => {
          const urls = [...decodeCssEscapes(rule).matchAll(/url\(\s*(['"]?)\s*([^)]*)/gi)].map((match) => match[2]!.trim());
          return urls.length > 0 && urls.every((url) => /^data:/i.test(url)) ? '' : rule;
        });
        if (kept !== child.value) {
          child.value = kept;
          lines.push(node.position?.start.line ?? 0);
        }
      }
    }
    stack.push(...node.children);
  }
  return lines.sort((a, b) => a - b);
}

/** The first thing in an SVG that runs code or loads something from outside it. */
function svgHazard(tree: XastRoot): string | undefined {
  const stack: XastContent[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const line = node.position ? ` (its line ${node.position.start.line})` : '';
    if (node.type === 'doctype') return `a DOCTYPE${line}: pictures carry no DTD; delete the <!DOCTYPE …> line`;
    // The XML declaration (<?xml version="1.0"?>) is no instruction; any other (<?xml-stylesheet …?>) is refused.
    if (node.type === 'instruction' && node.name !== 'xml') return `a processing instruction <?${node.name} …?>${line}: delete it`;
    if (node.type !== 'element') continue;
    const element = node as XastElement;
    const local = element.name.replace(/^.*:/, '');
    if (SVG_FORBIDDEN_ELEMENTS.has(local)) return `<${element.name}>${line}: pictures run no scripts and embed no documents; delete it`;
    for (const [name, value] of Object.entries(element.attributes)) {
      if (value === null || value === undefined) continue;
      if (/^on/i.test(name)) return `an event attribute \`${name}\`${line}: pictures run no scripts; delete it`;
      if (name === 'xml:base') return `an xml:base attribute${line}: it points the picture's references elsewhere; delete it`;
      if (/^(xlink:)?href$/.test(name) && /^data:image\/webp[;,]/i.test(value.trim())) return `an embedded WebP picture${line}: ${WEBP_FIX}, then embed that`;
      if (/^(xlink:)?href$/.test(name) && !value.trim().startsWith('#') && !/^data:image\/(png|jpeg|gif);/i.test(value.trim())) {
        return `a reference to \`${value.slice(0, 60)}\`${line}: editions load nothing from outside a picture; embed it or delete the reference`;
      }
      if (loadsFromOutside(value)) {
        return `a reference to an outside resource in \`${name}\`${line}: editions load nothing from outside a picture; refer only to the picture's own ids, as url(#id), or delete it`;
      }
    }
    if (local === 'style') {
      const css = element.children.map((child) => ('value' in child ? child.value : '')).join('');
      // Only an @font-face loads from outside: the advice is about fonts, not ids.
      const withoutFonts = css.replace(FONT_FACE, (rule) => (loadsFromOutside(rule) ? '' : rule));
      if (withoutFonts !== css && !loadsFromOutside(withoutFonts)) {
        return `a style sheet whose @font-face loads a font from outside the picture${line}: galley sets a picture's text in its own faces, so the font would not be used either; delete the @font-face`;
      }
      if (loadsFromOutside(css)) return `a style sheet that loads an outside resource${line}: refer only to the picture's own ids, as url(#id), or delete the url(…) or @import`;
    }
    for (let k = element.children.length - 1; k >= 0; k--) stack.push(element.children[k]!);
  }
  return undefined;
}

/** The first reference to an id the picture does not have (EPUBCheck: RSC-012), with its line. */
function svgDanglingReference(tree: XastRoot): string | undefined {
  const ids = new Set<string>();
  const references: Array<{ id: string; line: string }> = [];
  const stack: XastContent[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'element') continue;
    const line = node.position ? ` (its line ${node.position.start.line})` : '';
    const local = node.name.replace(/^.*:/, '');
    const css: string[] = [];
    for (const [name, value] of Object.entries(node.attributes)) {
      if (typeof value !== 'string') continue;
      if (name === 'id' || name === 'xml:id') ids.add(value.trim());
      else if (/^(xlink:)?href$/.test(name) && value.trim().startsWith('#')) references.push({ id: value.trim().slice(1), line });
      else css.push(value);
    }
    if (local === 'style') css.push(...node.children.map((child) => ('value' in child ? child.value : '')));
    for (const text of css) for (const [, id] of text.matchAll(/url\(#([^)\s]*)\)/gi)) references.push({ id: id!, line });
    for (let k = node.children.length - 1; k >= 0; k--) stack.push(node.children[k]!);
  }
  const dangling = references.find(({ id }) => !ids.has(id));
  return dangling && `a reference to \`#${dangling.id.slice(0, 60)}\`${dangling.line}, an id no element of the picture has: correct the id or delete the reference`;
}

/** Why a raster picture of `width` × `height` is too large to publish (LIMITS.imagePixels); undefined when it is not. */
export function tooManyPixels(width: number, height: number): string | undefined {
  const pixels = width * height;
  if (pixels <= LIMITS.imagePixels) return undefined;
  const megapixels = (n: number): string => `${Math.round(n / 1_000_000)} megapixels`;
  return `is ${width} × ${height} pixels (${megapixels(pixels)}); galley publishes pictures of up to ${megapixels(LIMITS.imagePixels)}: scale it down (a full page at 300 dpi needs about 2000 × 2800)`;
}

/**
 * Checks a picture's bytes against the type its name declares. Returns its
 * size, or why it cannot be published.
 */
export function inspectImage(declared: MediaType, bytes: Buffer): Inspection {
  // An empty file (an interrupted copy or download) says so: "damaged" would send the author to export it again.
  if (bytes.length === 0) return { ok: false, rule: 'image-unreadable', reason: 'is an empty file (0 bytes): copy the picture again, or download it again' };
  const actual = sniff(bytes);
  if (!actual) {
    // A failed download saves the site's page under the picture's name: say
    // so, since "damaged" would send the author to export a picture again.
    const page = webPageTitle(bytes);
    if (page !== undefined) {
      return { ok: false, rule: 'image-web-page', reason: `is a web page (HTML${page ? `, titled "${page}"` : ''}), not a picture: the download saved a page instead of the picture; download the picture itself (open it on its own in the browser and save it) and replace the file` };
    }
    return { ok: false, rule: 'image-unreadable', reason: `is not ${article(declared)} ${NAMES[declared]} file, nor any picture galley knows (JPEG, PNG, GIF, SVG, WebP, AVIF, TIFF): the file is damaged or not a picture` };
  }
  // EPUB 3's core image types are JPEG, PNG, GIF and SVG: an e-book carrying
  // WebP is invalid (EPUBCheck MED-003) and reading systems need not show it.
  // Told whatever the name says, so that the advice is the one that helps.
  if (actual === 'image/webp') {
    return { ok: false, rule: 'image-webp', reason: `is a WebP picture, which e-book readers need not show (EPUB 3 leaves it out of its image types): ${WEBP_FIX}` };
  }
  if (actual !== declared) {
    return { ok: false, rule: 'image-type', reason: `is ${article(actual)} ${NAMES[actual]} file, although its name says ${NAMES[declared]}: rename it to end in .${EXTENSIONS[actual]} (and change the figure's src), or convert it` };
  }
  /** The bytes to publish: the file's own, unless the SVG's references were rewritten or its embedded fonts taken out. */
  let published = bytes;
  let dropped: string | undefined;
  if (actual === 'image/svg+xml') {
    const text = bytes.toString('utf8');
    const dtd = /<!DOCTYPE|<!ENTITY/i.exec(text);
    if (dtd) {
      const line = text.slice(0, dtd.index).split('\n').length;
      return { ok: false, rule: 'image-svg', reason: `is an SVG with a DTD or entity declaration (its line ${line}): pictures carry no DTD; delete the <!DOCTYPE …> and any &entity; references` };
    }
    let tree: XastRoot;
    try {
      tree = fromXml(text);
    } catch (error) {
      const cause = (error as { cause?: Error }).cause?.message.split('\n')[0] ?? (error as Error).message;
      return { ok: false, rule: 'image-svg', reason: `is not well-formed SVG (${cause}): fix the file or export it again` };
    }
    const rewritten = unquoteLocalUrls(tree);
    const fonts = dropEmbeddedFonts(tree);
    if (fonts.length > 0) dropped = `its embedded font${fonts.length > 1 ? 's' : ''} (@font-face, its line ${fonts.join(', ')}) ${fonts.length > 1 ? 'are' : 'is'} not used: galley sets a picture's text in its own faces, as outlines; to keep the font's letters, turn the text into outlines in the drawing program, else delete the @font-face`;
    const hazard = svgHazard(tree);
    if (hazard) return { ok: false, rule: 'image-svg', reason: `is an SVG with ${hazard}` };
    const dangling = svgDanglingReference(tree);
    if (dangling) return { ok: false, rule: 'image-svg', reason: `is an SVG with ${dangling}` };
    if (rewritten || fonts.length > 0) published = Buffer.from(toXml(tree));
  } else {
    const broken = damage(actual, bytes);
    if (broken) return { ok: false, rule: 'image-damaged', reason: `is a damaged ${NAMES[actual]}: ${broken}; export it again` };
  }
  let size: { width?: number; height?: number };
  try {
    size = imageSize(bytes);
  } catch {
    size = {};
  }
  if (!size.width || !size.height) {
    return { ok: false, rule: 'image-unreadable', reason: `could not be read as ${NAMES[actual]}: its header gives no size; the file is damaged` };
  }
  const tooLarge = actual === 'image/svg+xml' ? undefined : tooManyPixels(size.width, size.height);
  if (tooLarge) return { ok: false, rule: 'limit-pixels', reason: tooLarge };
  return { ok: true, width: size.width, height: size.height, bytes: published, ...(dropped ? { dropped } : {}) };
}

/**
 * Why a JPEG, PNG or GIF cannot be decoded (libvips's words, e.g. "Corrupt
 * JPEG data: premature end of data segment"); undefined when it decodes. A
 * JPEG is decoded at an eighth of its size (every coefficient is still read,
 * so damage anywhere is found): a few milliseconds for a 2000-pixel photo.
 */
export async function decodeProblem(mediaType: MediaType, bytes: Buffer): Promise<string | undefined> {
  if (mediaType !== 'image/jpeg' && mediaType !== 'image/png' && mediaType !== 'image/gif') return undefined;
  // An article read alone and within a collection, or again by the dev server, is not decoded again.
  const key = createHash('sha256').update(bytes).digest('hex');
  if (decoded.has(key)) return decoded.get(key);
  // Nor is a picture that decoded in an earlier build with the same galley
  // and sharp: a rebuild of an article whose pictures did not change then
  // does not load sharp (about 60 ms of CPU) and decode them (about 20 ms
  // for the seed's 1500 x 1000 PNG). Only a picture that decodes is marked
  // so: a damaged one is decoded, and told of, at every build.
  const mark = path.join(cacheDir(), 'decoded', `${createHash('sha256').update(await pictureTools()).update(key).digest('hex')}.ok`);
  if (await readCacheFile(mark)) {
    remember(key, undefined);
    return undefined;
  }
  const sharp = await loadSharp();
  let problem: string | undefined;
  try {
    await sharp(bytes, { limitInputPixels: false, failOn: 'warning' }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
  } catch (error) {
    problem = decodeReason(error);
  }
  remember(key, problem);
  if (problem === undefined) await keepMark(mark);
  return problem;
}

function remember(key: string, problem: string | undefined): void {
  if (decoded.size >= 256) decoded.delete(decoded.keys().next().value!);
  decoded.set(key, problem);
}

/** How many pictures' verdicts the build cache keeps (the most recently made). */
export const MAX_DECODED = 1000;

/** Keeps the mark `file` (an empty cache file) and trims its folder to the MAX_DECODED newest; a cache that cannot be written costs only time. */
async function keepMark(file: string): Promise<void> {
  await keepNewest(file, new Uint8Array(0), /\.ok$/, MAX_DECODED);
}

/** The verdicts of decodeProblem by the pictures' hashes, oldest first. */
const decoded = new Map<string, string | undefined>();

/** libvips's message without its loader's name ("VipsJpeg: "), on one line. */
export function decodeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.replace(/^Vips\w*:\s*/, '').trim() || 'the decoder gave no reason';
}

/**
 * Whether a PNG or still GIF has a pixel that is not opaque: the e-book
 * gives such a picture a white ground (src/epub/picture-grounds.ts). A PNG
 * whose header declares no alpha (no alpha channel, no tRNS chunk) is opaque
 * without decoding; any other is decoded once and its verdict kept in the
 * build cache (`grounds/`, by the picture's bytes, galley and sharp), so that
 * a rebuild does not load sharp (about 60 ms of CPU) and read every pixel
 * again. Undefined for other kinds and for an animated picture, which is left as it is.
 */
export async function transparencyOf(mediaType: MediaType, bytes: Buffer): Promise<boolean | undefined> {
  if (mediaType !== 'image/png' && mediaType !== 'image/gif') return undefined;
  if (mediaType === 'image/png' && !pngDeclaresAlpha(bytes)) return false;
  const transparent = await keptVerdict('grounds', bytes, async () => {
    const sharp = await loadSharp();
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    return (meta.pages ?? 1) > 1 ? null : meta.hasAlpha === true && !(await sharp(bytes, { limitInputPixels: false }).stats()).isOpaque;
  });
  return transparent ?? undefined;
}

/**
 * What `read` finds in a picture, kept as JSON in the build cache's `folder` by the picture's bytes, galley and
 * sharp: a rebuild reads the verdict, not the pixels (nor loads sharp). A damaged entry is read again.
 */
async function keptVerdict<T>(folder: string, bytes: Buffer, read: () => Promise<T>): Promise<T> {
  const file = path.join(cacheDir(), folder, `${createHash('sha256').update(await pictureTools()).update(bytes).digest('hex')}.json`);
  const cached = (await readCacheFile(file))?.toString('utf8');
  if (cached !== undefined) {
    try {
      return JSON.parse(cached) as T;
    } catch {
      // Damaged: read again.
    }
  }
  const verdict = await read();
  await keepNewest(file, Buffer.from(JSON.stringify(verdict)), /\.json$/, MAX_DECODED);
  return verdict;
}

/** Whether a PNG's header declares transparency: an alpha channel (colour types 4 and 6) or a tRNS chunk before its image data. */
function pngDeclaresAlpha(bytes: Buffer): boolean {
  if (bytes.length < 26) return true;
  const colourType = bytes[25]!;
  if (colourType === 4 || colourType === 6) return true;
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'tRNS') return true;
    if (type === 'IDAT' || type === 'IEND') return false;
    at += 12 + length;
  }
  return true;
}

/** A picture at least this many times taller than wide may print as a strip over pages (src/pdf/html.ts, stripWidth): its quiet rows are read. */
const LONG_PICTURE = 2;

/**
 * A pixel is ink when one of its red, green and blue is more than this (of
 * 255) from its row's ground, the colour most of the row is: room for a
 * JPEG's noise.
 */
const INK_SPREAD = 24;

/**
 * Ink of one colour running down at least this many rows is a rule or a
 * panel, not a letter (an axis, a border, a bar down the side, a box of
 * colour): a row crossed only by such runs is still quiet. Taller than a
 * graphic's headline letters are drawn.
 */
const RULE_ROWS = 96;

/**
 * The bands of rows of a long raster picture (on white, as printed) that
 * are one colour across but for rules down the picture (each `[first, end)`,
 * in the picture's rows): where print may cut a strip that runs over pages
 * without cutting through a label's letters (src/pdf/figures.ts, stripCuts).
 * Undefined for a picture that is not long, and for an SVG. Read once and
 * kept in the build cache (`quiet/`, by the picture's bytes, galley and
 * sharp), as transparencyOf's verdict is.
 */
export async function quietRowsOf(mediaType: MediaType, bytes: Buffer, width: number, height: number): Promise<Array<[number, number]> | undefined> {
  if (mediaType === 'image/svg+xml' || width <= 0 || height < LONG_PICTURE * width) return undefined;
  return keptVerdict('quiet', bytes, async () => {
    const sharp = await loadSharp();
    const { data, info } = await sharp(bytes, { limitInputPixels: false }).flatten({ background: '#ffffff' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    return quietBands(data, info.width, info.height, info.channels);
  });
}

/** quietRowsOf's bands in raw pixels (`channels` bytes each, rows of `width`). */
export function quietBands(data: Uint8Array, width: number, height: number, channels: number): Array<[number, number]> {
  const ink = new Uint8Array(width * height);
  // Each row's ground: the commonest colour, counted in steps of 8 per channel.
  const counts = new Uint32Array(1 << 15);
  const [green, blue] = [Math.min(1, channels - 1), Math.min(2, channels - 1)];
  const bin = (at: number): number => ((data[at]! >> 3) << 10) | ((data[at + green]! >> 3) << 5) | (data[at + blue]! >> 3);
  for (let row = 0; row < height; row++) {
    const first = row * width * channels;
    let ground = first;
    let most = 0;
    for (let x = 0, at = first; x < width; x++, at += channels) {
      const b = bin(at);
      if (++counts[b]! > most) {
        most = counts[b]!;
        ground = at;
      }
    }
    for (let x = 0, at = first; x < width; x++, at += channels) {
      counts[bin(at)] = 0;
      for (let channel = 0; channel < channels; channel++) {
        if (Math.abs(data[at + channel]! - data[ground + channel]!) > INK_SPREAD) {
          ink[row * width + x] = 1;
          break;
        }
      }
    }
  }
  // Rules: runs of ink of one colour down a column RULE_ROWS long or more. A label on a panel of colour is
  // another colour than the panel, and breaks the panel's runs: its rows stay ink.
  const same = (a: number, b: number): boolean => {
    for (let channel = 0; channel < channels; channel++) if (Math.abs(data[a + channel]! - data[b + channel]!) > INK_SPREAD) return false;
    return true;
  };
  for (let x = 0; x < width; x++) {
    for (let row = 0; row < height; ) {
      if (!ink[row * width + x]) {
        row++;
        continue;
      }
      let end = row + 1;
      while (end < height && ink[end * width + x] && same((end * width + x) * channels, ((end - 1) * width + x) * channels)) end++;
      if (end - row >= RULE_ROWS) for (let at = row; at < end; at++) ink[at * width + x] = 0;
      row = end;
    }
  }
  const bands: Array<[number, number]> = [];
  for (let row = 0; row < height; row++) {
    if (ink.subarray(row * width, (row + 1) * width).includes(1)) continue;
    const last = bands.at(-1);
    if (last && last[1] === row) last[1] = row + 1;
    else bands.push([row, row + 1]);
  }
  return bands;
}
