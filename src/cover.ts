/**
 * The cover: a 1600×2400 JPEG (2:3) drawn without a browser.
 *
 *   templates/cover/cover.html.ejs ──ejs──▶ HTML ──satori-html──▶ element tree
 *     ──satori──▶ SVG (text as outlines) ──resvg──▶ pixels, the lead picture
 *     scaled and copied in by sharp ──sharp──▶ JPEG
 *
 * The template owns the design. satori understands a subset of CSS: flex
 * layout only, and every element with more than one child needs
 * `display: flex`. A `<style>` block with plain class selectors is inlined
 * by satori-html before layout.
 *
 * This file takes the input, writes the template and finds the faces; the rest is done by
 *   cover-layout.ts     fonts, satori, the SVG (cover-layout-core.ts; cover-tree.ts: the element tree)
 *   cover-fit.ts        text fitted to the boxes the template marks (data-fit-*)
 *   cover-layout-thread.ts  the layout in the cover thread, for a cover drawn there
 *   cover-svg-cache.ts  the last few layouts, shared by the e-book cover and the thumbnail
 *   cover-svg.ts        the SVG without the masks and clips that change no pixel, before drawing
 *   cover-compose.ts    where the lead picture goes, for the drawing thread to copy it in
 *   cover-raster.ts     the thread that lays the cover out, draws it and encodes it (cover-raster.cjs)
 *
 * The same input gives the same bytes: fonts are embedded as outlines, no
 * system fonts are read and nothing depends on time.
 */
import { createHash } from 'node:crypto';
import type { GalleyDocument } from './document.js';
import { COVER_WIDTH, COVER_HEIGHT, LEAD_IMAGE_SRC, layOutCover, loadCoverFonts, withPicture, type CoverImage } from './cover-layout.js';
import type { FitCut } from './cover-fit.js';
import { cachedCover, cachedCuts, coverKey, keepCover } from './cover-png-cache.js';
import { decodeReferences } from './cover-tree.js';
import { drawCover as drawCoverInThread, prepareCovers, rasterize, type CoverFormat, type RasterOptions } from './cover-raster.js';
import { RecentLayouts } from './cover-svg-cache.js';
import { directionOf } from './language.js';
import { renderTemplate } from './templates.js';
import { coverFonts, describeCharacter, undrawnCharacters } from './typefaces.js';
import { documentWords, joinNames, listLanguageOf } from './view.js';
import { wordsFor, type WordTable } from './words.js';
import { inCapitalsOf, keepsLettersInCapitals } from './capitals.js';

export { COVER_WIDTH, COVER_HEIGHT, LEAD_IMAGE_SRC, type CoverImage } from './cover-layout.js';
export type { FitCut } from './cover-fit.js';
export { prepareCovers, type CoverFormat } from './cover-raster.js';
export type { VNode } from './cover-tree.js';

/** The template used for the cover, relative to the templates folder. */
export const COVER_TEMPLATE = 'cover/cover.html.ejs';

export interface CoverInput {
  title: string;
  subtitle?: string;
  /** The authors' names as one line ("Ann Smith and Bo Li"); no byline when empty. */
  byline?: string;
  /** The publisher's name, where the imprint goes; nothing there when empty. */
  imprint?: string;
  /** A collection's articles, in order, as its cover lists them (headline and byline, and the article's language where it is not the collection's); none for an article. */
  contents?: Array<{ headline: string; byline?: string; language?: string }>;
  leadImage?: CoverImage;
  /** The article's BCP 47 language: it picks among faces that draw the same letters (Chinese or Japanese). */
  language?: string;
  /** The headline's language where the manuscript marks all of it in another (`:span[…]{lang=de}`): a word too long for a line breaks by that language's patterns, where the editions break it. */
  titleLanguage?: string;
  /** Folder holding `cover/cover.html.ejs`; galley's own templates by default. */
  templatesDir?: string;
  /** galley's words the manuscript gives itself (front matter `words`): the cover's "By" is one. */
  words?: WordTable;
  /**
   * Width of the image in pixels; the height follows at 2:3. The design is laid
   * out at 1600×2400 and scaled as a vector, so small versions stay sharp.
   */
  width?: number;
}

/** Image types both satori and resvg can draw. */
const DRAWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/svg+xml']);
/** Pictures sharp scales as resvg would draw them (an SVG picture is drawn by resvg, as everything else on the cover). */
const SCALABLE = new Set(['image/png', 'image/jpeg', 'image/gif']);

/** The byline and imprint a cover shows: the authors and the publisher, when the manuscript names them. */
export function coverCredits(doc: GalleyDocument, templatesDir?: string): { byline?: string; imprint?: string } {
  // Joined in the language of the cover's "By": English's "and" when galley has no words in the article's, unless the manuscript gives its own "By" (and "and").
  const words = documentWords(doc, templatesDir);
  const byline = joinNames(doc.metadata.authors, listLanguageOf(words), words.and);
  return { ...(byline ? { byline } : {}), ...(doc.metadata.publisher ? { imprint: doc.metadata.publisher } : {}) };
}

/**
 * What the cover of `doc` shows. An article's: its headline, dek, authors,
 * publisher and lead picture. A collection's: its title and subtitle, its
 * publisher, its own picture when collection.yaml names one (never an
 * article's: that one's credit belongs to the article), and its articles'
 * headlines and bylines, as an issue's cover lists its stories.
 */
export function coverInputOf(doc: GalleyDocument, templatesDir?: string): Omit<CoverInput, 'width'> {
  const lead = doc.parts ? doc.cover?.image : doc.assets.images[0];
  const contents = doc.parts?.map((part) => {
    // In the collection's language, as all of galley's words on its cover.
    const words = documentWords(doc, templatesDir);
    const byline = joinNames(part.metadata.authors, listLanguageOf(words), words.and);
    const language = part.metadata.language === doc.metadata.language ? undefined : part.metadata.language;
    return { headline: part.metadata.title, ...(byline ? { byline } : {}), ...(language ? { language } : {}) };
  });
  const titleRuns = doc.metadata.titleRuns;
  const titleLanguage = titleRuns?.length === 1 && titleRuns[0]!.lang !== undefined && titleRuns[0]!.lang !== doc.metadata.language ? titleRuns[0]!.lang : undefined;
  return {
    title: doc.metadata.title,
    ...(titleLanguage ? { titleLanguage } : {}),
    ...(doc.metadata.subtitle ? { subtitle: doc.metadata.subtitle } : {}),
    ...coverCredits(doc, templatesDir),
    ...(contents ? { contents } : {}),
    ...(lead ? { leadImage: lead } : {}),
    language: doc.metadata.language,
    ...(templatesDir ? { templatesDir } : {}),
    ...(doc.metadata.words ? { words: doc.metadata.words } : {}),
  };
}

/** What each field of the manuscript is called on the cover, for a warning. */
const FIELD_NAMES: Record<string, string> = { title: 'headline', subtitle: 'dek', authors: 'byline' };

/**
 * A warning for each text the cover of `doc` cuts (see cover-fit.ts), told
 * as the manuscript's: its file (a collection's article's own for that
 * article's headline and byline) and the field to shorten.
 */
export function coverCutWarnings(doc: GalleyDocument, cuts: FitCut[]): Array<{ file: string; text: string }> {
  return cuts.map(({ field, text, lines }) => {
    const entry = /^contents\.(\d+)\.(\w+)$/.exec(field);
    const part = entry ? doc.parts?.[Number(entry[1])] : undefined;
    const key = entry ? entry[2]! : field;
    const what = `${FIELD_NAMES[key] ?? 'text'}${key ? ` (\`${key}\`)` : ''}`;
    const where = part ? `on the cover of the collection \`${doc.slug}\` ` : 'on the cover ';
    const shown = `${lines} line${lines === 1 ? '' : 's'}`;
    return {
      file: part?.file ?? doc.file,
      text: `the ${what} does not fit ${where}even wrapped and at its smallest size: the cover shows its first ${shown} and cuts the rest ("${excerpt(text)}"); shorten it`,
    };
  });
}

/**
 * A warning for the letters the cover of `doc` would draw as empty boxes
 * although the editions' faces draw them: none of the faces the cover is
 * given (src/typefaces.ts, coverFonts) has them. Letters no shipped face
 * draws at all are told already, as the editions' (the document's
 * `uncovered`), and are not told again.
 */
export async function coverUndrawnWarnings(doc: GalleyDocument, templatesDir?: string): Promise<Array<{ file: string; text: string }>> {
  const input = coverInputOf(doc, templatesDir);
  const text = decodeReferences(coverMarkup(input));
  const fonts = await coverFonts(text, input.language);
  const told = new Set(doc.uncovered ?? []);
  const undrawn = undrawnCharacters(text, fonts).filter((char) => !told.has(char));
  if (undrawn.length === 0) return [];
  const letters = undrawn.map(describeCharacter).join(', ');
  return [{ file: doc.file, text: `the cover has no face for ${letters}, which the editions draw: the cover and the download page's thumbnail show ${undrawn.length === 1 ? 'it as an empty box' : 'them as empty boxes'}` }];
}

/** The first words of a text, for a message. */
function excerpt(text: string): string {
  const words = text.split(/\s+/);
  return words.length > 8 ? `${words.slice(0, 8).join(' ')} …` : text;
}

/** How a cover is drawn. */
export interface DrawOptions {
  /**
   * Take a cover drawn earlier from the same inputs from the build cache,
   * and keep a new one there (see cover-png-cache.ts). Builds do; the
   * default draws every time.
   */
  cache?: boolean;
  /**
   * JPEG (quality 85, chroma at half resolution) or PNG. The e-book's cover
   * is a JPEG: a photograph's cover is a tenth of its PNG's size (harbour:
   * 1724 → 168 KB), and even the seed's flat drawing is smaller (328 → 282
   * KB), with no difference to see; so is the download page's thumbnail.
   */
  format?: CoverFormat;
  /**
   * Told the texts the cover cuts (too long for their boxes even at their
   * smallest size; none is told as []), from the layout or, for a cover
   * taken from the cache, from what was kept with it.
   */
  onCuts?: (cuts: FitCut[]) => void;
}

/** The file name extension and media type of a cover drawn as `format`. */
export function coverFileType(format: CoverFormat): { extension: 'jpg' | 'png'; mediaType: 'image/jpeg' | 'image/png' } {
  return format === 'jpeg' ? { extension: 'jpg', mediaType: 'image/jpeg' } : { extension: 'png', mediaType: 'image/png' };
}

/** The format of a drawn cover, read from its first bytes. */
export function coverFormatOf(image: Uint8Array): CoverFormat {
  return image[0] === 0xff && image[1] === 0xd8 ? 'jpeg' : 'png';
}

/** Renders the cover, 1600×2400 unless `width` asks for another size: a JPEG unless `format` asks for a PNG. */
export async function renderCover(input: CoverInput, options: DrawOptions = {}): Promise<Buffer> {
  const width = Math.round(input.width ?? COVER_WIDTH);
  if (!(width >= 16 && width <= 4 * COVER_WIDTH)) throw new Error(`Unusable cover width ${input.width}.`);
  const format = options.format ?? 'jpeg';
  if (!options.cache) {
    const { image, cuts } = await drawCover(input, width, format);
    options.onCuts?.(cuts);
    return image;
  }
  const key = await cacheKey(input, width, format);
  const cached = await cachedCover(key, coverFileType(format).extension);
  if (cached) {
    options.onCuts?.(await cachedCuts(key));
    return cached;
  }
  const { image, cuts } = await drawCover(input, width, format);
  await keepCover(key, image, coverFileType(format).extension, undefined, cuts);
  options.onCuts?.(cuts);
  return image;
}

/** A smaller cover for web pages and listings (400×600 by default), a JPEG unless `format` asks for a PNG. */
export function renderThumbnail(input: Omit<CoverInput, 'width'>, width = 400, options: DrawOptions = {}): Promise<Buffer> {
  return renderCover({ ...input, width }, options);
}

async function drawCover(input: CoverInput, width: number, format: CoverFormat): Promise<{ image: Buffer; cuts: FitCut[] }> {
  // The drawing thread starts (if it has not) while the template is written and the faces found.
  prepareCovers();
  const options = {
    fitTo: width === COVER_WIDTH ? { mode: 'original' } : { mode: 'width', value: width },
    font: { loadSystemFonts: false },
  } satisfies RasterOptions;
  const markup = coverMarkup(input);
  const [fonts, lead] = await Promise.all([
    loadCoverFonts(decodeReferences(markup), input.language),
    // An SVG picture with pictures of its own is drawn as a PNG first (see drawnPicture).
    drawnPicture(input.leadImage, width),
  ]);
  // Laid out (satori) and drawn in the cover thread (see cover-layout-thread.ts): the SVG, without the masks and clips
  // that change nothing (cover-svg.ts), the lead picture scaled by sharp and copied into resvg's drawing of the rest
  // (cover-compose.ts), or else drawn by resvg with the rest.
  return drawCoverInThread(
    { key: layoutKey(markup, input), markup, ...(input.language ? { language: input.language } : {}), ...(input.leadImage ? { picture: { width: input.leadImage.width, height: input.leadImage.height } } : {}) },
    fonts.map((font) => ({ name: font.name, weight: font.weight, style: font.style, digest: digestOf(font.data), data: font.data instanceof ArrayBuffer ? new Uint8Array(font.data) : font.data })),
    {
      width,
      placeable: lead !== undefined && SCALABLE.has(lead.mediaType),
      options,
      format,
      ...(lead ? { picture: { bytes: lead.bytes, digest: digestOf(lead.bytes), mediaType: lead.mediaType, width: lead.width, height: lead.height } } : {}),
    },
  );
}

/**
 * An SVG picture that holds a picture of its own (`<image href="data:…">`, a
 * logo in a chart) drawn as a PNG `width` pixels wide, by itself: resvg draws
 * no `<image>` inside an SVG that is itself an `<image>` (usvg's nested SVGs
 * load none, as a browser's SVG-as-image in secure static mode), so the cover
 * showed the chart without its logo, which the editions show. Any other
 * picture as it is.
 */
async function drawnPicture(image: CoverImage | undefined, width: number): Promise<CoverImage | undefined> {
  if (!image || image.mediaType !== 'image/svg+xml' || !/<image[\s>]/.test(image.bytes.toString('utf8'))) return image;
  const png = await rasterize(image.bytes.toString('utf8'), { fitTo: { mode: 'width', value: width }, font: { loadSystemFonts: false } });
  return { bytes: png, mediaType: 'image/png', width: image.width, height: image.height };
}

/** The cache key of a cover: its words as the template sets them, language, picture, size, format and the faces' bytes. */
async function cacheKey(input: CoverInput, width: number, format: CoverFormat): Promise<string> {
  const markup = coverMarkup(input);
  const fonts = await loadCoverFonts(decodeReferences(markup), input.language);
  const image = input.leadImage;
  return coverKey([
    markup,
    input.language ?? '',
    String(width),
    format,
    image ? image.mediaType : '',
    image ? digestOf(image.bytes) : '',
    ...fonts.flatMap((font) => [`${font.name}\0${font.weight}\0${font.style}`, digestOf(font.data)]),
  ]);
}

/** SHA-256 digests of bytes hashed before, by their object: the same faces key every cover, the same picture its cover and thumbnail. */
const digests = new WeakMap<object, string>();

/** The SHA-256 of `bytes` (hex), hashed once per object. */
function digestOf(bytes: Uint8Array | ArrayBuffer): string {
  let digest = digests.get(bytes);
  if (digest === undefined) {
    digest = createHash('sha256').update(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes).digest('hex');
    digests.set(bytes, digest);
  }
  return digest;
}

/** The last few layouts made on this thread, for the print of a collection (see cover-svg-cache.ts; a drawn cover's are the cover thread's). */
const recentLayouts = new RecentLayouts<{ svg: string; cuts: FitCut[] }>(16);

/**
 * The cover's HTML, as the template writes it from `input` (before layout):
 * the words the cover shows, with the picture as a placeholder.
 */
export function coverMarkup(input: Omit<CoverInput, 'width'>): string {
  const title = typographic(input.title);
  if (title === '') throw new Error('A cover needs a title.');
  const subtitle = typographic(input.subtitle ?? '') || null;
  const byline = typographic(input.byline ?? '') || null;
  const imprint = typographic(input.imprint ?? '') || null;
  const dir = directionOf(input.language ?? 'en');
  // An article that runs the other way than the collection (a Hebrew one in an English issue) has its cover line set in its own direction.
  const contents =
    input.contents?.map((entry) => {
      const entryDir = entry.language ? directionOf(entry.language) : dir;
      return { headline: typographic(entry.headline), byline: typographic(entry.byline ?? '') || null, lang: entry.language ?? null, dir: entryDir === dir ? null : entryDir };
    }) ?? null;

  let image: { src: string; width: number; height: number } | null = null;
  if (input.leadImage) {
    const { mediaType, width, height } = input.leadImage;
    if (!DRAWABLE.has(mediaType)) throw new Error(`The cover cannot show a ${mediaType} image; use PNG, JPEG, GIF or SVG.`);
    if (!(width > 0 && height > 0)) throw new Error('The cover image needs a width and a height.');
    image = { src: LEAD_IMAGE_SRC, width, height };
  }
  const words = wordsFor(input.language ?? 'en', { ...(input.templatesDir ? { templatesDir: input.templatesDir } : {}), overrides: input.words });
  return renderTemplate(COVER_TEMPLATE, { title, titleLanguage: input.titleLanguage ?? null, subtitle, byline, imprint, contents, image, dir, language: input.language ?? 'en', words, width: COVER_WIDTH, height: COVER_HEIGHT, keepsLettersInCapitals, inCapitalsOf }, input.templatesDir);
}

/** The cover as SVG, text as outlines, at its designed size (1600×2400), its picture in it: the print edition of a collection sets it as its first page. */
export async function renderCoverSvg(input: Omit<CoverInput, 'width'>): Promise<string> {
  return withPicture((await coverSvg(input)).svg, input.leadImage);
}

/** The cover as SVG, text as outlines, at its designed size, with a stand-in of its picture's size (see pictureStandIn). */
function coverSvg(input: CoverInput): Promise<{ svg: string; cuts: FitCut[] }> {
  let markup: string;
  try {
    markup = coverMarkup(input);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  return recentLayouts.get(layoutKey(markup, input), () => layOutCover(markup, input.leadImage, input.language));
}

/** What decides a cover's layout: its markup, language and picture. */
function layoutKey(markup: string, input: CoverInput): string {
  return createHash('sha256')
    .update(markup)
    .update(`\0${input.language ?? ''}\0`)
    .update(input.leadImage ? `${input.leadImage.mediaType}\0${digestOf(input.leadImage.bytes)}` : '')
    .digest('hex');
}

/**
 * Trims, collapses white space and turns a straight apostrophe between two
 * letters (Mattis's, don't) into a typographic one, which a cover should
 * never lack. Quotation marks are left as they are: which way a straight one
 * opens is not always clear. A no-break space stays one: it holds a number to
 * its unit ("100 °C") and French punctuation to its word, as in the editions.
 */
export function typographic(text: string): string {
  return text.replace(/[^\S\u00A0]+/g, ' ').trim().replace(/(\p{L})'(?=\p{L})/gu, '$1\u2019');
}
