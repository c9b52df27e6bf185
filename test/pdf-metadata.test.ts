import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Element, Nodes } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { applyMetadata, type PdfMetadata } from '../src/pdf/metadata.js';
import { version } from '../src/version.js';
import { editionDate, joinNames } from '../src/view.js';
import type { GalleyDocument } from '../src/document.js';
import { renderSandboxed, type SandboxFiles } from '../src/pdf/sandbox.js';
import { pdfFonts, pdfInfo, pdfOutline, pdfText, qpdfCheck, run, useBrowserAndTempDir } from './pdf-helpers.js';

const fontsDir = fileURLToPath(new URL('../node_modules/@fontsource/literata/files/', import.meta.url));
const face = (weight: number, style: string): Buffer =>
  readFileSync(path.join(fontsDir, `literata-latin-${weight}-${style}.woff2`));

function sampleFiles(): SandboxFiles {
  const faces = [
    [400, 'normal'],
    [400, 'italic'],
    [700, 'normal'],
    [700, 'italic'],
  ] as const;
  const fontFaces = faces
    .map(
      ([w, s]) =>
        `@font-face { font-family: Literata; font-weight: ${w}; font-style: ${s}; src: url(fonts/${w}-${s}.woff2) format('woff2'); }`,
    )
    .join('\n');
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sample</title>
    <style>${fontFaces} body { font-family: Literata; }</style></head><body>
    <h1>The river returns</h1>
    <p>Plain, <em>italic</em>, <strong>bold</strong> and <strong><em>bold italic</em></strong>.</p>
    <h2>Upstream</h2><p>More text.</p>
    <h2>Downstream</h2><p>Even more.</p>
    </body></html>`;
  const files: SandboxFiles = new Map([['index.html', { body: html, contentType: 'text/html; charset=utf-8' }]]);
  for (const [w, s] of faces) files.set(`fonts/${w}-${s}.woff2`, { body: face(w, s), contentType: 'font/woff2' });
  return files;
}

const meta: PdfMetadata = {
  title: 'The river returns: a “test”',
  authors: ['Ana Souza', 'Bo Chen', 'Cem Yılmaz'],
  subject: 'What happens when a dam comes down',
  keywords: ['rivers', 'dam removal', 'ecology'],
  language: 'en',
  date: new Date('2024-05-01T12:00:00Z'),
  fingerprint: 'sha256:0123456789abcdef',
};

const session = useBrowserAndTempDir('galley-metadata-');

describe('applyMetadata', () => {
  it('writes the metadata and keeps tagging, outline, /Lang and embedded fonts', async () => {
    const { pdf } = await renderSandboxed(session.browser, sampleFiles());
    const file = path.join(session.dir, 'with-metadata.pdf');
    writeFileSync(file, await applyMetadata(pdf, meta));

    expect(qpdfCheck(file)).toMatch(/No syntax or stream encoding errors/);
    const info = pdfInfo(file);
    expect(info.Title).toBe(meta.title);
    expect(info.Author).toBe('Ana Souza, Bo Chen, and Cem Yılmaz');
    expect(info.Subject).toBe(meta.subject);
    expect(info.Keywords).toBe('rivers, dam removal, ecology');
    expect(info.Creator).toBe(`galley ${version}`);
    expect(info.Producer).toMatch(/Skia\/PDF.*pdf-lib/);
    expect(info.CreationDate).toMatch(/May\s+1 12:00:00 2024/);
    expect(info.ModDate).toBe(info.CreationDate);
    expect(info.Tagged).toBe('yes');
    expect(info['Metadata Stream']).toBe('yes');

    expect(pdfOutline(file)).toEqual(['The river returns', 'Upstream', 'Downstream']);

    const trailer = run('qpdf', ['--show-object=trailer', file]);
    expect(trailer).toMatch(/\/ID \[ <([0-9a-f]{32})> <\1> \]/);
    const catalog = run('qpdf', ['--json', '--json-key=qpdf', file]);
    expect(catalog).toContain('/StructTreeRoot');
    expect(catalog).toContain('/MarkInfo');
    expect(catalog).toMatch(/"\/Lang": "u:en"/);

    const fonts = pdfFonts(file);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual([
      'Literata-Bold',
      'Literata-BoldItalic',
      'Literata-Italic',
      'Literata-Regular',
    ]);
    for (const font of fonts) {
      expect(font.embedded).toBe(true);
      expect(font.type).not.toMatch(/Type 3/);
    }
    expect(pdfText(file)).toContain('bold italic');
  });

  it('derives the trailer /ID from the fingerprint, so a rebuild is the same file', async () => {
    const first = await renderSandboxed(session.browser, sampleFiles());
    const second = await renderSandboxed(session.browser, sampleFiles());
    const a = await applyMetadata(first.pdf, meta);
    const b = await applyMetadata(second.pdf, meta);
    const c = await applyMetadata(first.pdf, { ...meta, fingerprint: 'sha256:something-else' });
    const hash = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
    expect(hash(a)).toBe(hash(b));
    expect(hash(a)).not.toBe(hash(c));
  });
});

/** The text of an XML node and its descendants. */
const toString = (node: Nodes): string => ('value' in node && node.type === 'text' ? node.value : 'children' in node ? node.children.map(toString).join('') : '');

describe('the XMP packet', () => {
  it('parses as XML and says what the document information says, with markup characters kept as text', async () => {
    const { pdf } = await renderSandboxed(session.browser, sampleFiles());
    const file = path.join(session.dir, 'xmp.pdf');
    const tricky = { ...meta, title: 'Dams <& "weirs">', authors: ['Ann & Bo', 'Cem <C>'], identifier: 'urn:uuid:00000000-0000-8000-8000-000000000000', rights: '© 2024 River & Sons' };
    writeFileSync(file, await applyMetadata(pdf, tricky));
    const xml = run('pdfinfo', ['-meta', file]);
    const tree = fromXml(xml.trim());
    const texts = (name: string): string[] => {
      const found: string[] = [];
      visit(tree, 'element', (node: Element) => {
        if (node.name === name) found.push(toString(node));
      });
      return found;
    };
    expect(texts('dc:title')).toEqual([tricky.title]);
    expect(texts('rdf:Seq')).toEqual([tricky.authors.join('')]);
    const creators: string[] = [];
    visit(tree, 'element', (node: Element, _index, parent) => {
      if (node.name === 'rdf:li' && parent?.type === 'element' && parent.name === 'rdf:Seq') creators.push(toString(node));
    });
    expect(creators).toEqual(tricky.authors);
    expect(texts('dc:description')).toEqual([meta.subject]);
    expect(texts('dc:rights')).toEqual([tricky.rights]);
    expect(texts('pdf:Keywords')).toEqual(['rivers, dam removal, ecology']);
    expect(texts('dc:identifier')).toEqual([tricky.identifier]);
    expect(texts('dc:language')).toEqual(['en']);
    expect(texts('xmp:CreateDate')).toEqual(['2024-05-01T12:00:00Z']);
    expect(texts('xmp:CreatorTool')).toEqual([`galley ${version}`]);
    // A name-based UUID (version 8), from the fingerprint: the trailer /ID's bytes.
    const [documentId] = texts('xmpMM:DocumentID');
    expect(documentId).toMatch(/^uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const trailerId = /\/ID \[ <([0-9a-f]{32})>/.exec(run('qpdf', ['--show-object=trailer', file]))![1]!;
    expect(documentId!.replace(/^uuid:|-/g, '').slice(0, 12)).toBe(trailerId.slice(0, 12));
    expect(texts('xmpMM:InstanceID')).toEqual([documentId]);
    // The packet is wrapped as ISO 16684-1 asks.
    expect(xml.trim()).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
    expect(xml.trim()).toMatch(/<\?xpacket end="w"\?>$/);
  });
});

describe('helpers', () => {
  it('joins names as a byline, in the article language', () => {
    expect(joinNames([], 'en')).toBe('');
    expect(joinNames(['A'], 'en')).toBe('A');
    expect(joinNames(['A', 'B'], 'en')).toBe('A and B');
    expect(joinNames(['A', 'B', 'C'], 'en')).toBe('A, B, and C');
    expect(joinNames(['A', 'B', 'C'], 'en-GB')).toBe('A, B and C');
  });

  it('dates an edition by SOURCE_DATE_EPOCH, else the article at noon UTC, never the clock', () => {
    const doc = { metadata: { date: '2024-05-01' } } as GalleyDocument;
    expect(editionDate(doc, { SOURCE_DATE_EPOCH: '1700000000' }).toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(editionDate(doc, {}).toISOString()).toBe('2024-05-01T12:00:00.000Z');
  });
});
