/** src/manuscript/image-checks.ts: a picture is what its name says, whole, of a usable size, not WebP, and an SVG that loads and runs nothing. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { inspectImage, sniff, type Inspection } from '../src/manuscript/image-checks.js';
import { LIMITS } from '../src/manuscript/limits.js';

let png: Buffer;

/** A minimal baseline JPEG: SOI, a JFIF header, a frame header of `width` × `height`, a scan with a byte of data, EOI and a byte of padding. */
function jpeg(width: number, height: number, end = true): Buffer {
  const app0 = [0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
  const sof = [0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00];
  const sos = [0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12];
  return Buffer.from([0xff, 0xd8, ...app0, ...sof, ...sos, ...(end ? [0xff, 0xd9, 0x00] : [])]);
}

/** A minimal GIF header of `width` × `height`, with or without its trailer. */
function gif(width: number, height: number, trailer = true): Buffer {
  return Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.from([width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 0, 0]), Buffer.from(trailer ? [0x3b] : [0x00])]);
}

const svg = (body: string, head = '') => Buffer.from(`${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="30">\n${body}\n</svg>\n`);

function refused(result: Inspection): { rule: string; reason: string } {
  if (result.ok) throw new Error('expected the picture to be refused');
  return result;
}

beforeAll(() => {
  png = readFileSync(fileURLToPath(new URL('fixtures/good/credits/images/photo.png', import.meta.url)));
});

describe('image-checks', () => {
  it('sniffs each type by its bytes, whatever the name', () => {
    expect(sniff(png)).toBe('image/png');
    expect(sniff(jpeg(3, 2))).toBe('image/jpeg');
    expect(sniff(gif(3, 2))).toBe('image/gif');
    expect(sniff(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniff(Buffer.from('\ufeff<?xml version="1.0"?>\n<!-- made by hand -->\n<svg width="1"/>'))).toBe('image/svg+xml');
    expect(sniff(Buffer.from('<html><svg/></html>'))).toBeUndefined();
    expect(sniff(Buffer.from('GIF88a'))).toBeUndefined();
  });

  it('accepts whole PNG, JPEG and GIF pictures and gives their size and bytes', () => {
    expect(inspectImage('image/png', png)).toEqual({ ok: true, width: 1200, height: 800, bytes: png });
    expect(inspectImage('image/jpeg', jpeg(640, 480))).toMatchObject({ ok: true, width: 640, height: 480 });
    expect(inspectImage('image/gif', gif(30, 20))).toMatchObject({ ok: true, width: 30, height: 20 });
  });

  it('refuses a file whose bytes are another type than its name, naming the right extension', () => {
    const result = refused(inspectImage('image/jpeg', png));
    expect(result.rule).toBe('image-type');
    expect(result.reason).toBe('is a PNG file, although its name says JPEG: rename it to end in .png (and change the figure\'s src), or convert it');
  });

  it('refuses WebP whatever its name, and what is no picture at all', () => {
    expect(refused(inspectImage('image/png', Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).rule).toBe('image-webp');
    const text = refused(inspectImage('image/png', Buffer.from('just text')));
    expect(text.rule).toBe('image-unreadable');
    expect(text.reason).toContain('is not a PNG file, nor any picture galley knows');
  });

  it('tells an empty file as empty, not as damaged', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/gif', 'image/svg+xml'] as const) {
      expect(refused(inspectImage(type, Buffer.alloc(0))).reason, type).toBe('is an empty file (0 bytes): copy the picture again, or download it again');
    }
  });

  it('finds a truncated or damaged PNG, JPEG and GIF', () => {
    const cut = refused(inspectImage('image/png', png.subarray(0, png.length - 40)));
    expect(cut.rule).toBe('image-damaged');
    expect(cut.reason).toMatch(/^is a damaged PNG: the IDAT chunk at byte \d+ is cut off \(the file ends \d+ bytes early\); export it again$/);
    const noEnd = refused(inspectImage('image/png', png.subarray(0, png.length - 12)));
    expect(noEnd.reason).toContain('it ends before its IEND chunk');
    const broken = Buffer.from(png);
    broken.write('I#DR', 12, 'latin1');
    expect(refused(inspectImage('image/png', broken)).reason).toContain('a damaged chunk at byte 8');
    expect(refused(inspectImage('image/jpeg', jpeg(4, 4, false))).reason).toContain('it has no end-of-image marker');
    expect(refused(inspectImage('image/gif', gif(4, 4, false))).reason).toContain('it has no GIF trailer');
    // A header and an end, but nothing to draw.
    const empty = Buffer.concat([png.subarray(0, 33), png.subarray(png.length - 12)]);
    expect(refused(inspectImage('image/png', empty)).reason).toBe('is a damaged PNG: no image data (IDAT); export it again');
  });

  it(`refuses a picture of more than ${LIMITS.imagePixels / 1_000_000} megapixels by its header, and accepts one just under`, () => {
    const huge = refused(inspectImage('image/jpeg', jpeg(10_000, 5_001)));
    expect(huge.rule).toBe('limit-pixels');
    expect(huge.reason).toBe('is 10000 × 5001 pixels (50 megapixels); galley publishes pictures of up to 50 megapixels: scale it down (a full page at 300 dpi needs about 2000 × 2800)');
    expect(inspectImage('image/jpeg', jpeg(10_000, 5_000)).ok).toBe(true);
  });

  it('accepts a plain SVG and writes its quoted references to its own ids as url(#id)', () => {
    const plain = svg('<rect width="40" height="30" fill="#c00"/>', '<?xml version="1.0" encoding="UTF-8"?>\n');
    expect(inspectImage('image/svg+xml', plain)).toEqual({ ok: true, width: 40, height: 30, bytes: plain });
    const quoted = inspectImage('image/svg+xml', svg(`<defs><linearGradient id="g"/></defs><rect fill="url( '#g' )"/><style>rect { fill: url("#g") }</style>`));
    if (!quoted.ok) throw new Error(quoted.reason);
    const text = quoted.bytes.toString('utf8');
    expect(text).toContain('fill="url(#g)"');
    expect(text).toContain('rect { fill: url(#g) }');
    expect(text).not.toMatch(/url\(\s*['"]/);
  });

  it('refuses an SVG that runs or loads anything, naming the line', () => {
    const cases: Array<[Buffer, string]> = [
      [svg('<script>alert(1)</script>'), 'is an SVG with <script> (its line 2): pictures run no scripts'],
      [svg('<rect onclick="x()"/>'), 'an event attribute `onclick` (its line 2)'],
      [svg('<image xlink:href="https://example.com/t.png"/>'), 'a reference to `https://example.com/t.png` (its line 2)'],
      [svg('<image href="data:image/webp;base64,AAAA"/>'), 'an embedded WebP picture (its line 2)'],
      [svg('<rect fill="url(https://example.com/x)"/>'), 'a reference to an outside resource in `fill` (its line 2)'],
      [svg('<style>@\\69mport "x.css";</style>'), 'a style sheet that loads an outside resource (its line 2)'],
      [svg('<g xml:base="https://example.com/"/>'), 'an xml:base attribute (its line 2)'],
      [svg('<foreignObject/>'), '<foreignObject> (its line 2)'],
      [svg('<rect/>', '<?xml-stylesheet href="a.css"?>\n'), 'a processing instruction <?xml-stylesheet …?> (its line 1)'],
    ];
    for (const [bytes, reason] of cases) {
      const result = refused(inspectImage('image/svg+xml', bytes));
      expect(result.rule).toBe('image-svg');
      expect(result.reason).toContain(reason);
    }
    expect(inspectImage('image/svg+xml', svg('<image href="data:image/png;base64,AAAA" width="1" height="1"/>')).ok).toBe(true);
  });

  it('takes an embedded font (a data: URL) out of an SVG and says why; refuses a font from outside with advice about fonts', () => {
    const embedded = inspectImage(
      'image/svg+xml',
      svg(`<defs><style>@font-face { font-family: 'Brand'; src: url(data:font/woff2;base64,d09GMgABAAAAAA==) format('woff2'); } text { fill: #111 }</style></defs>\n<text font-family="Brand">Brand</text>`),
    );
    if (!embedded.ok) throw new Error(embedded.reason);
    expect(embedded.dropped).toBe(
      "its embedded font (@font-face, its line 2) is not used: galley sets a picture's text in its own faces, as outlines; to keep the font's letters, turn the text into outlines in the drawing program, else delete the @font-face",
    );
    const text = embedded.bytes.toString('utf8');
    expect(text).not.toContain('@font-face');
    expect(text).not.toContain('data:font');
    expect(text).toContain('text { fill: #111 }');
    const outside = refused(inspectImage('image/svg+xml', svg(`<style>@font-face { font-family: 'Brand'; src: url(https://example.com/brand.woff2); }</style>`)));
    expect(outside.reason).toContain("is an SVG with a style sheet whose @font-face loads a font from outside the picture (its line 2): galley sets a picture's text in its own faces, so the font would not be used either; delete the @font-face");
  });

  it('refuses an SVG with a DTD, one that is not well-formed, and one that refers to an id it lacks', () => {
    expect(refused(inspectImage('image/svg+xml', svg('<rect/>', '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "b">]>\n'))).reason).toContain('with a DTD or entity declaration (its line 2)');
    expect(refused(inspectImage('image/svg+xml', svg('<rect>'))).reason).toMatch(/^is not well-formed SVG \(/);
    const dangling = refused(inspectImage('image/svg+xml', svg('<defs><linearGradient id="shade"/></defs>\n<rect fill="url(#shadow)"/><use href="#shade"/>')));
    expect(dangling.reason).toBe('is an SVG with a reference to `#shadow` (its line 3), an id no element of the picture has: correct the id or delete the reference');
  });
});
