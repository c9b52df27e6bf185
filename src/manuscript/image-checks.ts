/**
 * What a picture file must be before galley publishes it: what its name says
 * (the type is read from its bytes, not its extension), whole (a truncated
 * file prints as a stripe), of a size a page can use (the pixel count is read
 * from the header, before anything decodes it), and, for SVG, a plain drawing
 * that loads nothing and runs nothing.
 */
import type { Element as XastElement, Root as XastRoot, RootContent as XastContent } from 'xast';
import { imageSize } from 'image-size';
import { fromXml } from 'xast-util-from-xml';
import { LIMITS } from './limits.js';

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

export type Inspection = { ok: true; width: number; height: number } | { ok: false; reason: string; rule: string };

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

/** Where a PNG, JPEG, GIF or WebP file is cut short or damaged; undefined when it is whole. */
function damage(type: Exclude<MediaType, 'image/svg+xml'>, bytes: Buffer): string | undefined {
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
    case 'image/webp': {
      const declared = bytes.readUInt32LE(4) + 8;
      return declared > bytes.length ? `it declares ${declared} bytes but has ${bytes.length}: the file is cut off` : undefined;
    }
  }
}

const SVG_FORBIDDEN_ELEMENTS = new Set(['script', 'foreignObject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);

/** The first thing in an SVG that runs code or loads something from outside it. */
function svgHazard(tree: XastRoot): string | undefined {
  const stack: XastContent[] = [...tree.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const line = node.position ? ` (its line ${node.position.start.line})` : '';
    if (node.type === 'doctype') return `a DOCTYPE${line}: pictures carry no DTD; delete the <!DOCTYPE …> line`;
    if (node.type === 'instruction') return `a processing instruction <?${node.name} …?>${line}: delete it`;
    if (node.type !== 'element') continue;
    const element = node as XastElement;
    const local = element.name.replace(/^.*:/, '');
    if (SVG_FORBIDDEN_ELEMENTS.has(local)) return `<${element.name}>${line}: pictures run no scripts and embed no documents; delete it`;
    for (const [name, value] of Object.entries(element.attributes)) {
      if (value === null || value === undefined) continue;
      if (/^on/i.test(name)) return `an event attribute \`${name}\`${line}: pictures run no scripts; delete it`;
      if (/^(xlink:)?href$/.test(name) && !value.trim().startsWith('#') && !/^data:image\/(png|jpeg|gif|webp);/i.test(value.trim())) {
        return `a reference to \`${value.slice(0, 60)}\`${line}: editions load nothing from outside a picture; embed it or delete the reference`;
      }
      if (/url\(\s*(?!['"]?#)/i.test(value) || /@import/i.test(value)) {
        return `a reference to an outside resource in \`${name}\`${line}: editions load nothing from outside a picture; delete it`;
      }
    }
    if (local === 'style') {
      const css = element.children.map((child) => ('value' in child ? child.value : '')).join('');
      if (/@import|url\(\s*(?!['"]?#)/i.test(css)) return `a style sheet that loads an outside resource${line}: delete the url(…) or @import`;
    }
    for (let k = element.children.length - 1; k >= 0; k--) stack.push(element.children[k]!);
  }
  return undefined;
}

/**
 * Checks a picture's bytes against the type its name declares. Returns its
 * size, or why it cannot be published.
 */
export function inspectImage(declared: MediaType, bytes: Buffer): Inspection {
  const actual = sniff(bytes);
  if (!actual) {
    return { ok: false, rule: 'image-unreadable', reason: `is not a ${NAMES[declared]} file, nor any picture galley knows (JPEG, PNG, GIF, WebP, SVG): the file is damaged or not a picture` };
  }
  if (actual !== declared) {
    return { ok: false, rule: 'image-type', reason: `is a ${NAMES[actual]} file, although its name says ${NAMES[declared]}: rename it to end in .${EXTENSIONS[actual]} (and change the figure's src), or convert it` };
  }
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
    const hazard = svgHazard(tree);
    if (hazard) return { ok: false, rule: 'image-svg', reason: `is an SVG with ${hazard}` };
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
  const pixels = size.width * size.height;
  if (actual !== 'image/svg+xml' && pixels > LIMITS.imagePixels) {
    const megapixels = (n: number): string => `${Math.round(n / 1_000_000)} megapixels`;
    return {
      ok: false,
      rule: 'limit-pixels',
      reason: `is ${size.width} × ${size.height} pixels (${megapixels(pixels)}); galley publishes pictures of up to ${megapixels(LIMITS.imagePixels)}: scale it down (a full page at 300 dpi needs about 2000 × 2800)`,
    };
  }
  return { ok: true, width: size.width, height: size.height };
}
