/**
 * The reader's part in choosing typefaces: it gathers every character a reader
 * of either edition will see, and src/typefaces.ts picks (and cuts) the faces
 * and files that draw them.
 */
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { GalleyDocument, Typeface } from '../document.js';
import { type LanguageRun, prefersOtherFaces, typefacesFor } from '../typefaces.js';
import { documentView, documentWords } from '../view.js';
import { inDigits, wordsText } from '../words.js';
import { langMark } from '../language-mark.js';

/** Everything an edition prints from the manuscript: body, metadata, credits and the dates and lists made from them. */
export function visibleText(doc: Omit<GalleyDocument, 'assets'>): string {
  const { text, runs } = visibleParts(doc);
  return [text, ...runs.map((run) => run.text)].join('\n');
}

/**
 * What visibleText says, less the runs marked in a language that looks for
 * its faces in an order of its own (a Japanese quotation in an English
 * article), which come apart with their language.
 */
function visibleParts(doc: Omit<GalleyDocument, 'assets'>): { text: string; runs: LanguageRun[] } {
  const view = documentView({ ...doc, assets: { images: [], typefaces: [] } }, () => '');
  const { metadata } = doc;
  const body = withoutBackLinks(doc.content);
  const runs: LanguageRun[] = [];
  visit(body, 'element', (node, index, parent) => {
    const lang = langMark(node);
    if (lang === undefined || !prefersOtherFaces(lang, metadata.language) || !parent || index === undefined) return;
    runs.push({ language: lang, text: toString(node) });
    parent.children.splice(index, 1);
    return [SKIP, index];
  });
  // A numbered list's numbers, which the style sheets write in the article's digits (a Persian "۲.", CSS's
  // `persian`, rehype-notes): not in the text, so a face cut to the text's characters lacked those its
  // text did not hold (a Persian list printed "۱." then an empty box for ۲, ۷ and ۸).
  const listDigits = new Set<string>();
  visit(body, 'element', (node) => {
    if (node.tagName === 'ol' && typeof node.properties.dataDigits === 'string') listDigits.add(inDigits('0123456789', node.properties.dataDigits));
  });
  // galley's own words in the document's language: a Japanese article's "ページ" is drawn by the faces it ships.
  const words = wordsText(documentWords({ ...doc, assets: { images: [], typefaces: [] } }));
  const text = [
    toString(body),
    ...listDigits,
    JSON.stringify(metadata),
    JSON.stringify(view),
    words,
    ...doc.credits.map((credit) => `${credit.credit} ${credit.license ?? ''} ${credit.caption}`),
    // What both editions set in capitals (text-transform): the credits' small headings, the credit lines, the
    // dateline. A face cut to the characters used must draw their capitals too: a Serbian article's "ИЛУСТРАЦИЈЕ"
    // lost its Р, Љ and Њ to a fallback face, an Armenian credit line "ԼԻԼԻԹ" its Թ.
    inCapitals([words, ...doc.credits.map((credit) => credit.credit), metadata.dateline ?? ''].join('\n'), metadata.language),
  ].join('\n');
  return { text, runs };
}

/**
 * Text as a browser sets it in `text-transform: uppercase`, in the language's
 * capitals: Georgian is left out, since browsers keep Mkhedruli as it is
 * (Unicode's Mtavruli capitals are not used for it, as CSS Text asks).
 */
function inCapitals(text: string, language: string): string {
  let upper: string;
  try {
    upper = text.replace(/\p{Script=Georgian}/gu, '').toLocaleUpperCase(language);
  } catch {
    upper = text.replace(/\p{Script=Georgian}/gu, '').toUpperCase();
  }
  return upper;
}

/** The typefaces the document ships, and the characters none of them draws. */
export function loadTypefaces(doc: Omit<GalleyDocument, 'assets'>): Promise<{ typefaces: Typeface[]; uncovered: string[] }> {
  const { text, runs } = visibleParts(doc);
  return typefacesFor(text, doc.metadata.language, codeText(doc.content), runs);
}

/**
 * The typefaces a collection ships, and the characters none of them draws:
 * what its own pages print (`own`: title page, contents, credits, its cover
 * picture's words) and everything each article prints, as that article alone
 * would ship it. Each article's code brings the mono face along, and an
 * article whose language looks for its faces in an order of its own (a
 * Japanese article in an English collection) has its text placed in that
 * order, as its marked runs are.
 */
export function loadCollectionTypefaces(
  own: string,
  language: string,
  parts: ReadonlyArray<Omit<GalleyDocument, 'assets'>>,
): Promise<{ typefaces: Typeface[]; uncovered: string[] }> {
  const texts = [own];
  const runs: LanguageRun[] = [];
  for (const part of parts) {
    const shown = visibleParts(part);
    runs.push(...shown.runs);
    if (prefersOtherFaces(part.metadata.language, language)) runs.push({ language: part.metadata.language, text: shown.text });
    else texts.push(shown.text);
  }
  const code = parts.map((part) => codeText(part.content)).join('\n');
  return typefacesFor(texts.join('\n'), language, code, runs);
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
