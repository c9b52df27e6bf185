/**
 * Presentation helpers shared by every writer: how a date, a byline or a
 * credit reads. Kept apart from the templates because they compute, and
 * apart from the writers so that the editions say the same thing.
 */
import path from 'node:path';
import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { CoverPicture, Credit, FigureKind, GalleyDocument } from './document.js';
import { defaultTemplatesDir, readTemplate } from './templates.js';
import { breakableUrlHtml } from './line-breaks.js';

/**
 * Intl formatters by their locale and options. Making one loads the
 * locale's data (about half a millisecond each, and the writers ask for the
 * same few on every layout pass); a formatter gives the same text every time.
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.ListFormat | Intl.NumberFormat>();

function formatter<T extends Intl.DateTimeFormat | Intl.ListFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make()));
  return made;
}

/** "February 16, 2017", in the article's language. The date is a calendar day: no time zone. */
export function formatDate(isoDate: string, language: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const format = formatter(`date\0${language}`, () => new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }));
  return format.format(new Date(Date.UTC(y, m - 1, d)));
}

/** "Ann Smith", "Ann Smith and Bo Li", "Ann Smith, Bo Li and Cy Wu"; empty when there are no authors. */
export function joinNames(names: string[], language: string): string {
  if (names.length === 0) return '';
  return formatter(`list\0${language}`, () => new Intl.ListFormat(language, { style: 'long', type: 'conjunction' })).format(names);
}

/**
 * The caption's inline content, cut as shortCaption cuts its text: the
 * formatting up to the cut is kept, and "…" ends it.
 */
export function shortCaptionContent(content: ElementContent[], max = 200): ElementContent[] {
  const text = plainText(content);
  const short = shortCaption(text, max);
  if (short === text) return content;
  let room = short.length - 1; // without the "…"
  const cut = (nodes: ElementContent[]): ElementContent[] => {
    const out: ElementContent[] = [];
    for (const node of nodes) {
      if (room <= 0) break;
      if (node.type === 'text') {
        out.push({ type: 'text', value: node.value.slice(0, room) });
        room -= node.value.length;
      } else if (node.type === 'element') {
        out.push({ ...node, children: cut(node.children) });
      }
    }
    return out;
  };
  const kept = cut(content);
  kept.push({ type: 'text', value: '…' });
  return kept;
}

function plainText(nodes: ElementContent[]): string {
  return nodes.map((node) => (node.type === 'text' ? node.value : node.type === 'element' ? plainText(node.children) : '')).join('');
}

/** The labels printed before credits, by kind (templates/partials/picture-kinds.json). */
export function pictureKindLabels(templatesDir: string = defaultTemplatesDir): Record<FigureKind, string> {
  return JSON.parse(readTemplate('partials/picture-kinds.json', templatesDir)) as Record<FigureKind, string>;
}

/**
 * A caption short enough to name a figure in the end matter: cut at a clause
 * (comma, semicolon, full stop) where one falls late enough, else at a word.
 */
export function shortCaption(caption: string, max = 200): string {
  if (caption.length <= max) return caption;
  const cut = caption.slice(0, max);
  const clause = Math.max(cut.lastIndexOf(', '), cut.lastIndexOf('; '), cut.lastIndexOf('. '));
  const end = clause >= max / 2 ? clause : cut.lastIndexOf(' ');
  return `${cut.slice(0, end).replace(/[\s,;:.]+$/, '')}…`;
}

export interface EndMatterView {
  title: string;
  subtitle: string | undefined;
  byline: string;
  dateline: string | undefined;
  date: string;
  isoDate: string;
  language: string;
  /**
   * Each credit with what the templates print: `label` is the credit's own
   * label or else its kind's; `shortCaptionHtml` is the caption's copy as
   * markup (made safe by the writer's serialiser).
   */
  credits: Array<Credit & { label: string; shortCaption: string; shortCaptionHtml: string; href: string; page?: number }>;
  /** `urlHtml`: the URL as HTML with its break points (src/line-breaks.ts). */
  source: GalleyDocument['metadata']['source'] & { wireList: string; citedList: string; urlHtml: string | undefined };
  rights: string | undefined;
  publisher: string | undefined;
}

export interface DocumentViewOptions {
  templatesDir?: string;
  /** Serialises a caption's copy for the edition: HTML by default; the e-book passes its XHTML serialiser. */
  markup?: (content: ElementContent[]) => string;
  /** The page each figure is printed on (the print edition's record), for the credits to name it. */
  figurePages?: ReadonlyMap<string, number>;
}

/** What the title page and the "Sources and credits" partial show. */
export function documentView(doc: GalleyDocument, figureHref: (id: string) => string, options: DocumentViewOptions = {}): EndMatterView {
  const { metadata } = doc;
  const labels = pictureKindLabels(options.templatesDir);
  const markup = options.markup ?? ((content: ElementContent[]) => toHtml({ type: 'root', children: content }));
  return {
    title: metadata.title,
    subtitle: metadata.subtitle,
    byline: joinNames(metadata.authors, metadata.language),
    dateline: metadata.dateline,
    date: formatDate(metadata.date, metadata.language),
    isoDate: metadata.date,
    language: metadata.language,
    credits: doc.credits.map((credit) => ({
      ...credit,
      label: credit.label ?? labels[credit.kind],
      shortCaption: shortCaption(credit.caption),
      shortCaptionHtml: markup(shortCaptionContent(credit.captionContent)),
      href: figureHref(credit.figureId),
      ...(options.figurePages?.has(credit.figureId) ? { page: options.figurePages.get(credit.figureId)! } : {}),
    })),
    source: {
      ...metadata.source,
      wireList: joinNames(metadata.source.wire, metadata.language),
      citedList: joinNames(metadata.source.cited, metadata.language),
      urlHtml: metadata.source.url ? breakableUrlHtml(metadata.source.url) : undefined,
    },
    rights: metadata.rights,
    publisher: metadata.publisher,
  };
}

/**
 * The date an edition is stamped with: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), else the article's date at noon UTC (so
 * that readers west of Greenwich do not see the day before). Never the clock:
 * the same manuscript must give the same bytes.
 */
export function editionDate(doc: GalleyDocument, env: NodeJS.ProcessEnv = process.env): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d+$/.test(epoch.trim())) return new Date(Number(epoch.trim()) * 1000);
  return new Date(`${doc.metadata.date}T12:00:00Z`);
}

/**
 * What an edition's date is, for the colophon to call it by its name:
 * the date of the sources (SOURCE_DATE_EPOCH), or the article's date of
 * first publication.
 */
export type EditionDateSource = 'SOURCE_DATE_EPOCH' | 'article';

export function editionDateSource(env: NodeJS.ProcessEnv = process.env): EditionDateSource {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch !== undefined && /^\d+$/.test(epoch.trim()) ? 'SOURCE_DATE_EPOCH' : 'article';
}

/** `2017-02-16T00:00:00Z`: the form EPUB's dcterms:modified and the PDF's XMP dates take. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** How sizes read (templates/partials/file-sizes.json): each unit's words around "{n}", and the locale of the number. */
interface SizeWords {
  locale: string;
  bytes: string;
  kilobytes: string;
  megabytes: string;
}

function sizeWords(templatesDir: string): SizeWords {
  const file = 'partials/file-sizes.json';
  const words = JSON.parse(readTemplate(file, templatesDir)) as Partial<Record<keyof SizeWords, unknown>>;
  for (const key of ['locale', 'bytes', 'kilobytes', 'megabytes'] as const) {
    const value = words[key];
    if (typeof value !== 'string' || value === '' || (key !== 'locale' && !value.includes('{n}'))) {
      throw new Error(`${path.join(templatesDir, file)}: "${key}" needs ${key === 'locale' ? 'a language tag' : 'the words around {n}'}.`);
    }
  }
  return words as SizeWords;
}

/** "850 bytes", "446 KB", "1.2 MB" by default (1 KB = 1024 bytes); the words and the number's locale are the templates'. */
export function formatSize(bytes: number, templatesDir: string = defaultTemplatesDir): string {
  const words = sizeWords(templatesDir);
  const say = (unit: string, value: number, digits: number) =>
    unit.replace('{n}', formatter(`number\0${words.locale}\0${digits}`, () => new Intl.NumberFormat(words.locale, { maximumFractionDigits: digits })).format(value));
  if (bytes < 1024) return say(words.bytes, bytes, 0);
  if (bytes < 1024 * 1024) return say(words.kilobytes, Math.round(bytes / 1024), 0);
  return say(words.megabytes, bytes / 1024 / 1024, 1);
}

/** A collection's own cover picture as "Sources and credits" names it: its label and credit line. */
export function coverPictureView(cover: CoverPicture, templatesDir: string = defaultTemplatesDir): { label: string; line: string; alt: string } {
  return { label: cover.label ?? pictureKindLabels(templatesDir).photo, line: cover.line, alt: cover.alt };
}
