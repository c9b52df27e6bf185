/**
 * Presentation helpers shared by every writer: how a date, a byline or a
 * credit reads. Kept apart from the templates because they compute, and
 * apart from the writers so that the editions say the same thing.
 */
import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { CoverPicture, Credit, FigureKind, GalleyDocument } from './document.js';
import { defaultTemplatesDir } from './templates.js';
import { breakableUrlHtml, phraseBreaksHtml, runsHtml, withBreakableUrls } from './line-breaks.js';
import { directionOf, scriptRuns } from './language.js';
import { hasKeptCase, markKeptCase } from './capitals.js';
import { calendarOf, formatDay, withDigits, wordsFor, type Words } from './words.js';
import { bindOneLetterWords } from './manuscript/rehype-single-letter-words.js';
import { intlAnswer } from './intl-answers.js';

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

/** "February 16, 2017", in the article's language and its calendar (calendarOf: Thai's Buddhist Era), as the colophon's date. */
export function formatDate(isoDate: string, language: string): string {
  return formatDay(isoDate, language, calendarOf(language));
}

/** "Ann Smith", "Ann Smith and Bo Li", "Ann Smith, Bo Li, and Cy Wu"; empty when there are no authors. `and`: the manuscript's own word (nameListParts). */
export function joinNames(names: string[], language: string, and?: string): string {
  return nameListParts(names, language, and)
    .map((part) => ('name' in part ? part.name : part.joiner))
    .join('');
}

function listFormat(language: string): Intl.ListFormat {
  return formatter(`list\0${language}`, () => new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }));
}

/**
 * joinNames in pieces: each name, and the words between them (", ", " and "),
 * so that a template can mark the names' language and leave the joiner in its
 * own: "By <span lang=he>…</span> and <span lang=he>…</span>".
 */
export function nameListParts(names: string[], language: string, and?: string): Array<{ name: string } | { joiner: string }> {
  if (names.length === 0) return [];
  // A copy: the parts are mended below, and the kept answer is shared.
  const parts = [...intlAnswer(`list\0${language}\0${JSON.stringify(names)}`, () => listFormat(language).formatToParts(names))];
  // The manuscript's own "and" stands where the language's last joiner does, spaced as that one is (" and ", "和", " و").
  const last = parts.findLastIndex((part) => part.type === 'literal');
  if (and !== undefined && last >= 0) {
    // Without a serial comma (English's ", and "), which another language's "and" does not take.
    const joiner = parts[last]!.value;
    const before = /^[,،、]?(\s*)/.exec(joiner)![1]!;
    const after = /(\s*)$/.exec(joiner)![1]!;
    parts[last] = { type: 'literal', value: `${before}${and.trim()}${after}` };
  }
  // Spanish writes "e" for "y" before the sound /i/ (RAE: "Ibáñez e Íñigo", "Ana e Hilda", but "y Hielo"); CLDR's
  // list pattern knows I- and Hi- but not an accented Í- or Hí- ("y Íñigo", "y Ícaro"), which Spanish names often have.
  if (/^es(?:-|$)/i.test(language)) {
    for (let i = 0; i + 1 < parts.length; i++) {
      const part = parts[i]!;
      if (part.type === 'literal' && /(?:^|\s)y\s+$/.test(part.value) && /^h?[ií](?![aeoáéó])/iu.test(parts[i + 1]!.value)) parts[i] = { ...part, value: part.value.replace(/y(\s+)$/, 'e$1') };
    }
  }
  // A one-letter "and" (Russian "и", Polish "i", Czech "a") keeps to the name after it, as in the text (rehype-single-letter-words.ts).
  return parts.map((part) => (part.type === 'element' ? { name: part.value } : { joiner: bindOneLetterWords(part.value, language) }));
}

/**
 * The language a list of names is joined in where galley's words introduce
 * it ("By {names}", "Includes material from {agencies}"): the words' own, so
 * that the "and" is in the language of the "By" before it. An article in a
 * language galley has no table for is set with English words, and its
 * byline reads "By Nguyễn Thị Hường and Trần Quốc Vượng", not "By … và …".
 */
export function listLanguageOf(words: Words): string {
  return words.listLanguage;
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

/** The labels printed before credits, by kind: the words `photo`, `map`… (templates/words/). */
export function pictureKindLabels(words: Words = wordsFor('en')): Record<FigureKind, string> {
  return { photo: words.t('photo'), graphic: words.t('graphic'), map: words.t('map'), illustration: words.t('illustration'), chart: words.t('chart') };
}

/** galley's words for a document: its language's table, with the words its front matter gives. */
export function documentWords(doc: GalleyDocument, templatesDir: string = defaultTemplatesDir): Words {
  return wordsFor(doc.metadata.language, { templatesDir, overrides: doc.metadata.words, digits: doc.metadata.digits });
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
  /** The headline and dek as markup, a Chinese or Japanese one with `<wbr/>` between its words (phraseBreaksHtml). */
  titleHtml: string;
  subtitleHtml: string | undefined;
  /** The headline in runs when the manuscript marks a run's language: titleHtml sets each in a span of its language (runsHtml). */
  titleRuns?: Array<{ text: string; lang?: string; dir?: 'ltr' | 'rtl' }>;
  /** The dek in runs when the manuscript marks a run's language: subtitleHtml sets each in a span of its language (runsHtml). */
  subtitleRuns?: Array<{ text: string; lang?: string; dir?: 'ltr' | 'rtl' }>;
  byline: string;
  /** The byline's names and the words between them, in the byline's language (nameListParts). */
  bylineParts: Array<{ name: string } | { joiner: string }>;
  dateline: string | undefined;
  /** The dateline in runs, a run in a script whose capitals follow its language (Greek) with that language: print and the e-book set it in capitals. */
  datelineRuns: Array<{ text: string; lang?: string; dir?: 'ltr' | 'rtl' }>;
  /** The dateline as markup, when an edition sets its runs otherwise than the title page's own spans do (print keeps them as structure elements with their /Lang). */
  datelineHtml?: string;
  date: string;
  isoDate: string;
  language: string;
  /** The digits the text writes its numbers in, where they are not its language's (Metadata.digits). */
  digits?: string;
  /** The way the document's language runs: a collection quotes an article's headline, dek and names in it. */
  direction: 'ltr' | 'rtl';
  /**
   * Each credit with what the templates print: `label` is the credit's own
   * label or else its kind's (galley's words; `ownLabel` when the credit's own, in the article's language); `lineHtml` is the credit's line as markup,
   * with a span for each name marked with its language; `shortCaptionHtml`
   * is the caption's copy as markup (both made safe by the writer's serialiser).
   */
  credits: Array<Credit & { label: string; ownLabel?: true; lineHtml: string; shortCaption: string; shortCaptionHtml: string; href: string; page?: number }>;
  /**
   * `wireParts`: the agencies and the words between them, for a template that marks the names' language
   * (a collection's Arabic article's agency in galley's English sentence); `urlHtml`: the URL as HTML
   * with its break points (src/line-breaks.ts).
   */
  source: GalleyDocument['metadata']['source'] & { wireList: string; wireParts: Array<{ name: string } | { joiner: string }>; citedList: string; urlHtml: string | undefined };
  rights: string | undefined;
  publisher: string | undefined;
}

export interface DocumentViewOptions {
  templatesDir?: string;
  /** galley's words (the credits' labels); the document's own by default (documentWords). A collection's parts take the collection's. */
  words?: Words;
  /**
   * The language galley's furniture is in: the byline's and the lists' "and",
   * the date. The document's own by default; a collection's parts take the
   * collection's, as they take its words.
   */
  language?: string;
  /** Serialises a caption's copy for the edition: HTML by default; the e-book passes its XHTML serialiser. */
  markup?: (content: ElementContent[]) => string;
  /** The page each figure is printed on (the print edition's record), for the credits to name it. */
  figurePages?: ReadonlyMap<string, number>;
}

/** What the title page and the "Sources and credits" partial show. */
export function documentView(doc: GalleyDocument, figureHref: (id: string) => string, options: DocumentViewOptions = {}): EndMatterView {
  const { metadata } = doc;
  const words = options.words ?? documentWords(doc, options.templatesDir);
  const labels = pictureKindLabels(words);
  const language = options.language ?? metadata.language;
  // Names are joined in the words' language: the "and" goes with the "By".
  const listLanguage = listLanguageOf(words);
  const markup = options.markup ?? ((content: ElementContent[]) => toHtml({ type: 'root', children: content }));
  // A run the manuscript marks keeps its language; Greek in the rest is marked for its capitals.
  const datelineRuns = (metadata.datelineRuns ?? (metadata.dateline ? [{ text: metadata.dateline }] : [])).flatMap((run) => (run.lang ? [run] : scriptRuns(run.text, metadata.language)));
  return {
    title: metadata.title,
    subtitle: metadata.subtitle,
    titleHtml: metadata.titleRuns ? runsHtml(metadata.titleRuns, metadata.language) : phraseBreaksHtml(metadata.title, metadata.language),
    ...(metadata.titleRuns ? { titleRuns: metadata.titleRuns } : {}),
    subtitleHtml: metadata.subtitle === undefined ? undefined : metadata.subtitleRuns ? runsHtml(metadata.subtitleRuns, metadata.language) : phraseBreaksHtml(metadata.subtitle, metadata.language),
    ...(metadata.subtitleRuns ? { subtitleRuns: metadata.subtitleRuns } : {}),
    byline: joinNames(metadata.authors, listLanguage, words.and),
    bylineParts: nameListParts(metadata.authors, listLanguage, words.and),
    dateline: metadata.dateline,
    datelineRuns,
    // Irish prefixes kept in lower case in the dateline's capitals ("AN tSPIDÉAL"): its runs as markup, with theirs marked.
    ...(datelineRuns.some((run) => hasKeptCase(run.text, run.lang ?? metadata.language)) ? { datelineHtml: markup(markKeptCase(runsContent(datelineRuns), metadata.language)) } : {}),
    date: formatDate(metadata.date, withDigits(language, metadata.digits)),
    isoDate: metadata.date,
    language: metadata.language,
    ...(metadata.digits ? { digits: metadata.digits } : {}),
    direction: metadata.direction ?? directionOf(metadata.language),
    credits: doc.credits.map((credit) => ({
      ...credit,
      label: credit.label ?? labels[credit.kind],
      ...(credit.label !== undefined ? { ownLabel: true as const } : {}),
      lineHtml: markup(withBreakableUrls(credit.lineContent ?? [{ type: 'text', value: credit.line }])),
      shortCaption: shortCaption(credit.caption),
      shortCaptionHtml: markup(shortCaptionContent(credit.captionContent)),
      href: figureHref(credit.figureId),
      ...(options.figurePages?.has(credit.figureId) ? { page: options.figurePages.get(credit.figureId)! } : {}),
    })),
    source: {
      ...metadata.source,
      wireList: joinNames(metadata.source.wire, listLanguage, words.and),
      wireParts: nameListParts(metadata.source.wire, listLanguage, words.and),
      citedList: joinNames(metadata.source.cited, listLanguage, words.and),
      urlHtml: metadata.source.url ? breakableUrlHtml(metadata.source.url) : undefined,
    },
    rights: metadata.rights,
    publisher: metadata.publisher,
  };
}

/** Runs as content: each run with a language in a span of it (and its direction), as the title page's own loop sets them. */
export function runsContent(runs: ReadonlyArray<{ text: string; lang?: string | undefined; dir?: 'ltr' | 'rtl' | undefined }>): ElementContent[] {
  return runs.map((run): ElementContent =>
    run.lang ? { type: 'element', tagName: 'span', properties: { lang: run.lang, ...(run.dir ? { dir: run.dir } : {}) }, children: [{ type: 'text', value: run.text }] } : { type: 'text', value: run.text },
  );
}

/**
 * The attributes that mark text in `language` quoted among text in `around`
 * (a collection's contents, navigation and credits quote each article's
 * headline, dek and names): `lang`, `xml:lang` (which XHTML reading systems
 * read, and HTML allows beside a `lang` of the same value) and `dir`, so that
 * a screen reader speaks it in its own voice and a Hebrew headline reads
 * right to left in an English book. Nothing when the languages are the same.
 */
export function languageAttributes(language: string, around: string): string {
  if (language.toLowerCase() === around.toLowerCase()) return '';
  const tag = language.replace(/[^A-Za-z0-9-]/g, '');
  return ` lang="${tag}" xml:lang="${tag}" dir="${directionOf(language)}"`;
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

/**
 * What the colophon calls an edition's date: one the caller gave, the date of
 * the sources (SOURCE_DATE_EPOCH), the day the article was first published,
 * or, for a collection (whose date is its own, not an article's), a plain date.
 */
export type ColophonDateSource = EditionDateSource | 'given' | 'collection';

export function colophonDateSource(doc: Pick<GalleyDocument, 'parts'>, given: boolean, env: NodeJS.ProcessEnv = process.env): ColophonDateSource {
  if (given) return 'given';
  const source = editionDateSource(env);
  return source === 'article' && doc.parts ? 'collection' : source;
}

/** `2017-02-16T00:00:00Z`: the form EPUB's dcterms:modified and the PDF's XMP dates take. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export { formatSize } from './file-size.js';

/** A collection's own cover picture as "Sources and credits" names it: its label and credit line. */
export function coverPictureView(cover: CoverPicture, words: Words = wordsFor('en')): { label: string; labelJoined?: true; line: string; alt: string } {
  return { label: cover.label ?? pictureKindLabels(words).photo, ...(cover.labelJoined ? { labelJoined: cover.labelJoined } : {}), line: cover.line, alt: cover.alt };
}
