/**
 * A part of a collection shares one edition with the other parts: its ids
 * (headings, figures, notes and their references) and its pictures' asset
 * ids get a prefix of their own, so that two articles' `figure-1` or note 1
 * never collide, and every link inside the article still finds its target.
 */
import type { Element } from 'hast';
import { visit } from 'unist-util-visit';
import type { GalleyDocument } from '../document.js';

const ID_LISTS = ['ariaDescribedBy', 'ariaLabelledBy', 'ariaControls', 'ariaOwns', 'htmlFor'] as const;

export function prefixIds(doc: GalleyDocument, prefix: string): GalleyDocument {
  const content = structuredClone(doc.content);
  const imageIds = new Set(doc.assets.images.map((image) => image.id));
  visit(content, 'element', (node: Element) => {
    const { properties } = node;
    if (typeof properties.id === 'string' && properties.id !== '') properties.id = `${prefix}${properties.id}`;
    if (typeof properties.href === 'string' && properties.href.startsWith('#') && properties.href.length > 1) properties.href = `#${prefix}${properties.href.slice(1)}`;
    if (node.tagName === 'img' && typeof properties.src === 'string' && imageIds.has(properties.src)) properties.src = `${prefix}${properties.src}`;
    for (const name of ID_LISTS) {
      const value: unknown = properties[name];
      if (Array.isArray(value)) properties[name] = value.map((id) => `${prefix}${String(id)}`);
      else if (typeof value === 'string' && value !== '') properties[name] = value.split(/\s+/).map((id: string) => `${prefix}${id}`);
    }
  });
  return {
    ...doc,
    content,
    credits: doc.credits.map((credit) => ({ ...credit, figureId: `${prefix}${credit.figureId}` })),
    assets: { ...doc.assets, images: doc.assets.images.map((image) => ({ ...image, id: `${prefix}${image.id}` })) },
  };
}
