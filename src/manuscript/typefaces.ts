/**
 * The reader's part in choosing typefaces: it gathers every character a reader
 * of either edition will see, and src/typefaces.ts picks (and cuts) the faces
 * and files that draw them.
 */
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { GalleyDocument, Typeface } from '../document.js';
import { typefacesFor } from '../typefaces.js';
import { documentView } from '../view.js';

/** Everything an edition prints from the manuscript: body, metadata, credits and the dates and lists made from them. */
export function visibleText(doc: Omit<GalleyDocument, 'assets'>): string {
  const view = documentView({ ...doc, assets: { images: [], typefaces: [] } }, () => '');
  const { metadata } = doc;
  return [
    toString(withoutBackLinks(doc.content)),
    JSON.stringify(metadata),
    JSON.stringify(view),
    ...doc.credits.map((credit) => `${credit.credit} ${credit.license ?? ''} ${credit.caption}`),
  ].join('\n');
}

/** The typefaces the document ships, and the characters none of them draws. */
export function loadTypefaces(doc: Omit<GalleyDocument, 'assets'>): Promise<{ typefaces: Typeface[]; uncovered: string[] }> {
  return typefacesFor(visibleText(doc), doc.metadata.language, codeText(doc.content));
}

/** The elements both editions set in the code face. */
const CODE_ELEMENTS = new Set(['code', 'kbd', 'samp', 'pre']);

/** The text the editions set as code (code blocks, inline code, keyboard input, sample output). */
export function codeText(content: Root): string {
  const parts: string[] = [];
  visit(content, 'element', (node) => {
    if (!CODE_ELEMENTS.has(node.tagName)) return;
    parts.push(toString(node));
    return SKIP;
  });
  return parts.join('\n');
}

/**
 * The body without its notes' back-links: their arrow is galley's furniture,
 * drawn by each writer's own template, not text of the manuscript, so it must
 * not make the manuscript's author hear of a character they never wrote.
 */
function withoutBackLinks(content: Root): Root {
  const copy = structuredClone(content);
  visit(copy, 'element', (node, index, parent) => {
    if (node.properties.role !== 'doc-backlink' || !parent || index === undefined) return;
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  return copy;
}
