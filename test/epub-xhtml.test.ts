/**
 * src/epub/xhtml.ts: the document's content as the e-book's XHTML. A real
 * manuscript with notes, a picture and language marks goes through the reader;
 * what the writer returns is parsed as XML (not HTML) and read.
 */
import type { Root as HastRoot } from 'hast';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Element as XastElement, Root as XastRoot } from 'xast';
import { fromXml } from 'xast-util-from-xml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { contentToXhtml, type ArticleXhtml } from '../src/epub/xhtml.js';
import { repoRoot, tempDir } from './helpers.js';

const XHTML = 'http://www.w3.org/1999/xhtml';
const OPS = 'http://www.idpf.org/2007/ops';

/** Parses a fragment as XML, inside an element that declares the namespaces the page template declares. */
function parseFragment(markup: string): XastElement {
  const root = fromXml(`<div xmlns="${XHTML}" xmlns:epub="${OPS}">${markup}</div>`) as XastRoot;
  return root.children.find((child): child is XastElement => child.type === 'element')!;
}

function elements(node: XastElement | XastRoot, name?: string): XastElement[] {
  const found: XastElement[] = [];
  const walk = (parent: XastElement | XastRoot): void => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      if (!name || child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(node);
  return found;
}

function text(node: XastElement): string {
  let out = '';
  const walk = (parent: XastElement): void => {
    for (const child of parent.children) {
      if (child.type === 'text') out += child.value;
      else if (child.type === 'element') walk(child);
    }
  };
  walk(node);
  return out;
}

let notesDoc: GalleyDocument;
let langDoc: GalleyDocument;
let notes: ArticleXhtml;
let body: XastElement;
const hrefsAsked: string[] = [];

beforeAll(async () => {
  notesDoc = (await loadManuscript(path.join(repoRoot, 'test/fixtures/good/notes-and-tables'))).document;
  langDoc = (await loadManuscript(path.join(repoRoot, 'test/fixtures/good/multilingual'))).document;
  notes = contentToXhtml(notesDoc.content, (id) => {
    hrefsAsked.push(id);
    return `images/${id}.png`;
  });
  body = parseFragment(notes.body);
});

describe('contentToXhtml', () => {
  it('writes well-formed XML, every element in the XHTML namespace without repeating it', () => {
    expect(elements(body).length).toBeGreaterThan(10);
    // xmlns is declared once, on the page: no element of the body repeats it.
    expect(notes.body).not.toContain('xmlns=');
    // Empty elements are closed the XML way (a <br> or <col> left open breaks the package).
    expect(notes.body).not.toMatch(/<(img|br|hr|col|wbr)\b[^>]*[^/]>/);
  });

  it('points pictures into the package and leaves their size to the stylesheet', () => {
    const images = elements(body, 'img');
    expect(images).toHaveLength(notesDoc.assets.images.length);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect(image.attributes.src).toMatch(/^images\/.+\.png$/);
      expect(hrefsAsked.map((id) => `images/${id}.png`)).toContain(image.attributes.src);
      expect(image.attributes.width).toBeUndefined();
      expect(image.attributes.height).toBeUndefined();
      expect(image.attributes.alt).toBe('A single black pixel');
    }
  });

  it('puts each table in a scrolling box a keyboard reaches, named by its caption or else by its number', () => {
    const table = (caption: string) => ({
      type: 'element' as const,
      tagName: 'table',
      properties: {},
      children: [...(caption ? [{ type: 'element' as const, tagName: 'caption', properties: {}, children: [{ type: 'text' as const, value: caption }] }] : []), { type: 'element' as const, tagName: 'tbody', properties: {}, children: [] }],
    });
    const { body: boxed } = contentToXhtml({ type: 'root', children: [table(''), table('Trees by district')] }, (id) => id, { tableLabel: (n) => `Tabela ${n}` });
    expect(boxed).toBe(
      '<div class="table-scroll" role="region" aria-label="Tabela 1"><table><tbody /></table></div>' +
        '<div class="table-scroll" role="region" aria-labelledby="table-2-caption"><table><caption id="table-2-caption">Trees by district</caption><tbody /></table></div>',
    );
  });

  it('does not change the document it was given', () => {
    const before = JSON.stringify(notesDoc.content);
    contentToXhtml(notesDoc.content, (id) => `elsewhere/${id}`);
    expect(JSON.stringify(notesDoc.content)).toBe(before);
    const img = JSON.stringify(notesDoc.content).match(/"src":"([^"]*)"/);
    expect(img?.[1]).not.toMatch(/^elsewhere\//);
  });

  it('takes the notes out of the body and numbers them in reading order', () => {
    expect(elements(body, 'section').filter((section) => section.attributes['data-footnotes'] !== undefined)).toEqual([]);
    expect(notes.notes.map((note) => note.number)).toEqual([1, 2]);
    expect(notes.notes.map((note) => note.lead)).toEqual(['The first note.', expect.stringContaining('The second note, with a')]);
    // Each note's id is the target of a reference in the body, and its back-link returns to that reference.
    const refs = elements(body, 'a').filter((a) => a.attributes['epub:type'] === 'noteref');
    expect(refs).toHaveLength(2);
    notes.notes.forEach((note, i) => {
      expect(refs[i]!.attributes.href).toBe(`#${note.id}`);
      expect(note.backHref).toBe(`#${refs[i]!.attributes.id}`);
    });
    expect(notes.notesLabelId).toBeDefined();
    expect(refs[0]!.attributes['aria-describedby']).toBe(notes.notesLabelId);
  });

  it("keeps a note's inner markup as XML and drops its back-links and trailing space", () => {
    const second = parseFragment(notes.notes[1]!.lead);
    const links = elements(second, 'a');
    expect(links.map((a) => a.attributes.href)).toEqual(['https://example.com']);
    expect(text(second)).toBe('The second note, with a link.');
    for (const note of notes.notes) {
      expect(note.lead).not.toMatch(/data-footnote-backref|↩/);
      expect(note.lead).toBe(note.lead.trimEnd());
      expect(note.rest).toBe('');
    }
  });

  it('doubles the noteref role as epub:type and a language mark as xml:lang', () => {
    const refs = elements(body, 'a').filter((a) => a.attributes.role === 'doc-noteref');
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref.attributes['epub:type']).toBe('noteref');
    const multilingual = parseFragment(contentToXhtml(langDoc.content, (id) => id).body);
    const marked = elements(multilingual).filter((element) => element.attributes.lang !== undefined);
    expect(marked.length).toBeGreaterThan(5);
    for (const element of marked) expect(element.attributes['xml:lang']).toBe(element.attributes.lang);
    expect(marked.map((element) => element.attributes.lang)).toEqual(expect.arrayContaining(['pl', 'cs', 'el', 'ru', 'ar']));
  });

  it('sets the first paragraph of a note of several blocks as its lead, the others as the rest', async () => {
    const dir = tempDir('galley-xhtml-');
    cpSync(path.join(repoRoot, 'test/fixtures/good/notes-and-tables'), dir, { recursive: true });
    const article = path.join(dir, 'article.md');
    writeFileSync(article, `${readFileSync(article, 'utf8')}\nA third note.[^more]\n\n[^more]: The lead of the note.\n\n    A second paragraph, *emphasised*.\n`);
    const result = contentToXhtml((await loadManuscript(dir)).document.content, (id) => id);
    const note = result.notes[2]!;
    expect(note.number).toBe(3);
    expect(note.lead).toBe('The lead of the note.');
    const rest = parseFragment(note.rest);
    expect(elements(rest).map((element) => element.name)).toEqual(['p', 'em']);
    expect(text(rest)).toBe('A second paragraph, emphasised.');
  });

  it('leaves a tree without notes as it is', () => {
    const plain: HastRoot = { type: 'root', children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Only text.' }] }] };
    expect(contentToXhtml(plain, (id) => id)).toEqual({ body: '<p>Only text.</p>', notes: [], notesLabelId: undefined });
  });
});
