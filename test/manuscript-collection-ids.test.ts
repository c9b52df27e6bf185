/**
 * src/manuscript/collection-ids.ts on its own: prefixIds on documents the
 * reader made in-process from test/fixtures/good (figures of every kind with
 * their credits; notes and tables), so that two parts of one collection never
 * share an id and every link inside a part still finds its target.
 */
import path from 'node:path';
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GalleyDocument } from '../src/document.js';
import { prefixIds } from '../src/manuscript/collection-ids.js';
import { loadManuscript } from '../src/manuscript/index.js';
import { repoRoot } from './helpers.js';

const good = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'good', name);

function elements(tree: Root): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    found.push(node);
  });
  return found;
}
const ids = (tree: Root) => elements(tree).flatMap((node) => (typeof node.properties.id === 'string' ? [node.properties.id] : []));
const fragments = (tree: Root) => elements(tree).flatMap((node) => (typeof node.properties.href === 'string' && node.properties.href.startsWith('#') ? [node.properties.href.slice(1)] : []));

describe('prefixIds', () => {
  let figures: GalleyDocument;
  let notes: GalleyDocument;
  beforeAll(async () => {
    figures = (await loadManuscript(good('credits'))).document;
    notes = (await loadManuscript(good('notes-and-tables'))).document;
  });

  it('prefixes every id, and every link inside the part still finds its target', () => {
    for (const doc of [figures, notes]) {
      const before = ids(doc.content);
      expect(before.length).toBeGreaterThan(0);
      const part = prefixIds(doc, 'part-2-');
      expect(ids(part.content)).toEqual(before.map((id) => `part-2-${id}`));
      const targets = new Set(ids(part.content));
      const links = fragments(part.content);
      for (const link of links) expect(targets.has(link), `#${link}`).toBe(true);
    }
    // The notes fixture links note references to notes and back.
    expect(fragments(prefixIds(notes, 'p-').content)).toEqual(fragments(notes.content).map((id) => `p-${id}`));
    expect(fragments(notes.content).length).toBe(4);
  });

  it('prefixes the id lists of ARIA attributes, item by item', () => {
    const part = prefixIds(notes, 'part-1-');
    const described = elements(part.content).flatMap((node) => (Array.isArray(node.properties.ariaDescribedBy) ? node.properties.ariaDescribedBy.map(String) : []));
    expect(described.length).toBeGreaterThan(0);
    for (const id of described) expect(id.startsWith('part-1-'), id).toBe(true);
    // A space-separated string (as raw HTML may leave it) becomes a prefixed list.
    // (hast types these as lists, hence the cast for the string form.)
    const raw: Record<string, unknown> = { ariaLabelledBy: 'a b', htmlFor: '' };
    const doc: GalleyDocument = { ...notes, content: { type: 'root', children: [{ type: 'element', tagName: 'div', properties: raw as Element['properties'], children: [] }] } };
    const [div] = elements(prefixIds(doc, 'x-').content);
    expect(div!.properties).toEqual({ ariaLabelledBy: ['x-a', 'x-b'], htmlFor: '' });
  });

  it('renames the pictures and points each img and credit at its new id', () => {
    const part = prefixIds(figures, 'part-3-');
    expect(figures.assets.images.length).toBe(5);
    expect(part.assets.images.map((image) => image.id)).toEqual(figures.assets.images.map((image) => `part-3-${image.id}`));
    const sources = elements(part.content).filter((node) => node.tagName === 'img').map((node) => node.properties.src);
    // Two figures may show one picture (one asset): every img names an asset, every asset is shown.
    expect([...new Set(sources)].sort()).toEqual(part.assets.images.map((image) => image.id).sort());
    expect(part.credits.map((credit) => credit.figureId)).toEqual(figures.credits.map((credit) => `part-3-${credit.figureId}`));
    for (const credit of part.credits) expect(ids(part.content)).toContain(credit.figureId);
  });

  it('leaves links out of the part, empty ids and other images alone', () => {
    const doc: GalleyDocument = {
      ...figures,
      content: {
        type: 'root',
        children: [
          { type: 'element', tagName: 'a', properties: { href: 'https://example.org/#top', id: '' }, children: [] },
          { type: 'element', tagName: 'a', properties: { href: '#' }, children: [] },
          { type: 'element', tagName: 'img', properties: { src: 'not-an-asset' }, children: [] },
        ],
      },
    };
    expect(elements(prefixIds(doc, 'x-').content).map((node) => node.properties)).toEqual([{ href: 'https://example.org/#top', id: '' }, { href: '#' }, { src: 'not-an-asset' }]);
  });

  it('leaves the document it was given as it was', () => {
    const before = JSON.stringify({ content: notes.content, credits: notes.credits, images: notes.assets.images.map((image) => image.id) });
    prefixIds(notes, 'part-9-');
    expect(JSON.stringify({ content: notes.content, credits: notes.credits, images: notes.assets.images.map((image) => image.id) })).toBe(before);
  });
});
