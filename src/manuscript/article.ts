/**
 * The reader of one article: a folder with article.md in, one edition-neutral
 * GalleyDocument out (src/manuscript/index.ts also reads collections).
 *
 * remark-parse (GFM, definition lists) → front matter, directives, figures, smart typography →
 * remark-rehype → raw HTML (safe subset) → figures and their credits → notes.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Root as HastRoot } from 'hast';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import { defListHastHandlers, remarkDefinitionList } from 'remark-definition-list';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import remarkSmartypants from 'remark-smartypants';
import { unified } from 'unified';
import { VFile } from 'vfile';
import type { Credit, GalleyDocument, Metadata } from '../document.js';
import { creditLineParts } from './credit.js';
import { spanText } from './spans.js';
import { decodeUtf8, encodingMessage } from './decode.js';
import { normalizeManuscript, type ColumnRestorer } from './normalize.js';
import { fail, inTextOrder, ManuscriptError } from './diagnostics.js';
import { checkCharacters, checkMarkup, checkNesting, checkSize, checkTree } from './limits.js';
import rehypeGalleyFigures from './rehype-figures.js';
import rehypeGalleyCapitals from './rehype-capitals.js';
import rehypeGalleyLineBreaks from './rehype-line-breaks.js';
import rehypeGalleyCodeDirection from './rehype-code-direction.js';
import rehypeGalleyDigits from './rehype-digits.js';
import rehypeGalleyNotes from './rehype-notes.js';
import rehypeGalleyTableAlign from './rehype-table-align.js';
import rehypeGalleyTableCaptions from './rehype-table-captions.js';
import rehypeGalleyEmptyClasses from './rehype-empty-classes.js';
import rehypeGalleyDetails from './rehype-details.js';
import rehypeGalleyParagraphs from './rehype-paragraphs.js';
import rehypeGalleyTaskLists from './rehype-task-lists.js';
import rehypeGalleyAttribution from './rehype-attribution.js';
import rehypeGalleyHeadingIds from './rehype-heading-ids.js';
import rehypeGalleyHeadingLevels from './rehype-heading-levels.js';
import rehypeGalleyUnsafeHtml from './rehype-unsafe-html.js';
import remarkGalleyDirectives from './remark-directives.js';
import remarkGalleyFigure from './remark-figure.js';
import remarkGalleyNestedDefinitions from './remark-nested-definitions.js';
import remarkGalleyFrontMatter from './remark-front-matter.js';
import remarkGalleyLanguage, { warnUncovered } from './remark-language.js';
import remarkGalleyHebrewMarks from './remark-hebrew-marks.js';
import remarkGalleyChecks from './remark-galley-checks.js';
import rehypeGalleyLinks from './rehype-galley-links.js';
import rehypeGalleyWideTables from './rehype-wide-tables.js';
import { sanitizeSchema } from './sanitize-schema.js';
import rehypeGalleyFrenchSpacing, { frenchSpacing, isFrench } from './rehype-french-spacing.js';
import rehypeGalleyOneLetterWords, { bindOneLetterWords } from './rehype-single-letter-words.js';
import rehypeGalleyStopSpaces, { bindStops } from './rehype-stop-spaces.js';
import rehypeGalleyVerse from './rehype-verse.js';
import rehypeGalleyListItems from './rehype-list-items.js';
import rehypeGalleyBoldLeads from './rehype-bold-leads.js';
import rehypeGalleyDigitGroups from './rehype-digit-groups.js';
import { smarten, smartenContent } from './smarten.js';
import rehypeGalleyQuotes, { QUOTE_STAND_INS } from './quotes.js';
import { directionOf } from '../language.js';
import { digitsOf } from '../words.js';
import { loadTypefaces } from './typefaces.js';
import { ARTICLE_FILE } from './layout.js';
import { uuidFromHash } from '../identifier.js';
import { isSystemError, systemProblem } from '../system-error.js';
import { bindDigitGroups, bindNeighbours } from '../line-breaks.js';

const parser = unified()
  .use(remarkParse)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  // Pandoc's and PHP Markdown Extra's definition lists: a term, then `: ` and its definition.
  .use(remarkDefinitionList)
  .use(remarkDirective)
  .freeze();

function transformer(dir: string, options: LoadOptions) {
  return unified()
    .use(remarkGalleyFrontMatter, options.defaultLanguage ? { defaultLanguage: options.defaultLanguage } : {})
    .use(remarkGalleyChecks)
    .use(remarkGalleyDirectives)
    .use(remarkGalleyFigure)
    .use(remarkGalleyNestedDefinitions)
    .use(remarkGalleyLanguage)
    .use(remarkGalleyHebrewMarks)
    // Which quote opens and which closes; the marks are the language's (rehype-galley-quotes).
    .use(remarkSmartypants, QUOTE_STAND_INS)
    .use(remarkRehype, { allowDangerousHtml: true, handlers: defListHastHandlers })
    .use(rehypeGalleyQuotes)
    .use(rehypeRaw)
    .use(rehypeGalleyUnsafeHtml)
    .use(rehypeSanitize, sanitizeSchema)
    .use(rehypeGalleyEmptyClasses)
    .use(rehypeGalleyDetails)
    .use(rehypeGalleyParagraphs)
    .use(rehypeGalleyVerse)
    .use(rehypeGalleyListItems)
    .use(rehypeGalleyBoldLeads)
    .use(rehypeGalleyTaskLists)
    .use(rehypeGalleyAttribution)
    .use(rehypeGalleyHeadingIds)
    .use(rehypeGalleyHeadingLevels)
    // After the ids are made from the headings' words: a no-break space would change them.
    .use(rehypeGalleyFrenchSpacing)
    .use(rehypeGalleyOneLetterWords)
    .use(rehypeGalleyStopSpaces)
    .use(rehypeGalleyDigitGroups)
    .use(rehypeGalleyFigures, { dir })
    .use(rehypeGalleyCapitals)
    .use(rehypeGalleyDigits)
    .use(rehypeGalleyNotes)
    .use(rehypeGalleyTableAlign)
    .use(rehypeGalleyLineBreaks)
    .use(rehypeGalleyCodeDirection)
    .use(rehypeGalleyWideTables)
    .use(rehypeGalleyTableCaptions)
    .use(rehypeGalleyLinks);
}

export interface LoadOptions {
  /** The language of an article whose front matter names none (a collection's); en by default. */
  defaultLanguage?: string;
}

export interface LoadResult {
  document: GalleyDocument;
  /** Warnings: the build goes on, the author should look. */
  warnings: VFile['messages'];
}

/**
 * Reads `<dir>/article.md` and everything it refers to, even where a
 * collection.yaml stands beside it (a collection's parts). Throws a
 * ManuscriptError listing every problem (with file, line and column) when the
 * manuscript cannot be published as it is.
 */
export async function loadArticle(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const folder = path.resolve(dir);
  const file = new VFile({ path: path.join(folder, ARTICLE_FILE), cwd: process.cwd() });
  const columns: ColumnRestorer = { restore: () => {} };
  try {
    return await readArticle(file, folder, options, columns);
  } finally {
    // Warnings and errors alike point into the file as saved.
    columns.restore(file);
  }
}

async function readArticle(file: VFile, folder: string, options: LoadOptions, columns: ColumnRestorer): Promise<LoadResult> {
  const articlePath = file.path;

  let bytes: Buffer;
  try {
    bytes = await readFile(articlePath);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? `no ${ARTICLE_FILE} in ${path.relative(process.cwd(), folder) || '.'}: a manuscript is a folder with ${ARTICLE_FILE} and its images`
      : `cannot read ${ARTICLE_FILE}: ${isSystemError(error) ? systemProblem(error, 'read') : (error as Error).message}`;
    fail(file, reason, { line: 1, column: 1 }, 'manuscript-missing');
    throw new ManuscriptError(file.messages);
  }

  if (!checkSize(file, bytes.length)) throw new ManuscriptError(file.messages);
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    fail(file, encodingMessage(decoded), decoded.point, 'encoding');
    throw new ManuscriptError(file.messages);
  }
  const normalized = normalizeManuscript(decoded.text);
  columns.restore = normalized.restoreColumns;
  file.value = normalized.text;
  // Before the parser sees the text: what it cannot show, and nesting that
  // would make it (and every recursive tool after it) run out of time or stack.
  checkCharacters(file, normalized.text);
  if (!checkNesting(file, normalized.text) || !checkMarkup(file, normalized.text)) throw new ManuscriptError(file.messages.filter((message) => message.fatal));

  const mdast = parser.parse(file);
  if (!checkTree(file, mdast)) throw new ManuscriptError(file.messages.filter((message) => message.fatal));
  let content: HastRoot;
  try {
    content = (await transformer(folder, options).run(mdast, file)) as HastRoot;
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // The limits above should make this unreachable; should some nesting slip
    // through, the author still gets a message rather than a stack trace.
    fail(file, `the text is nested too deeply to publish (${error.message}): flatten the lists, quotes, emphasis or HTML`, { line: 1, column: 1 }, 'limit-nesting');
    throw new ManuscriptError(file.messages.filter((message) => message.fatal));
  }

  if (file.messages.some((message) => message.fatal) || !file.data.frontMatter) throw new ManuscriptError(inTextOrder(file.messages));

  const front = file.data.frontMatter;
  const images = file.data.images ?? [];
  const credits: Credit[] = (file.data.credits ?? []).map(({ kind, creditContent, ...figureCredit }) => {
    // Smart quotes run by run: a span marking a name's language stays around it.
    const { credit, label, labelKind, labelJoined, line, makers, lineContent } = creditLineParts(smartenContent(creditContent, front.language));
    // The figure's kind decides; without one, the credit's own label ("Map: …"), else a photo.
    return { ...figureCredit, kind: kind ?? labelKind ?? 'photo', credit, ...(label ? { label } : {}), ...(labelJoined ? { labelJoined } : {}), line, lineContent, makers };
  });
  // The headline and dek are set as the body is: in French, with its no-break spaces.
  // A number keeps its unit there too ("100 °C", on the cover as well), and its groups ("9 000").
  const typesetIn = (text: string, language: string): string => bindStops(bindDigitGroups(bindNeighbours(bindOneLetterWords(isFrench(language) ? frenchSpacing(smarten(text, language)) : smarten(text, language), language)), language));
  const typeset = (text: string): string => typesetIn(text, front.language);
  const metadata: Metadata = {
    // A headline that marks a run's language is set run by run below.
    title: typeset(spanText(front.title)),
    // Names are set as the headline and the text are (O’Brien, D’Arcy): one name is spelt one way on a page, and in
    // the e-book's and the PDF's metadata, whose title is curled already.
    authors: front.authors.map((name) => smarten(name, front.language)),
    date: front.date,
    language: front.language,
    direction: directionOf(front.language),
    source: {
      wire: front.source.wire,
      cited: front.source.cited,
    },
    keywords: front.keywords,
  };
  if (file.data.titleRuns) {
    // A headline that quotes a title or a name in its own language: each run set by its language's rules.
    metadata.titleRuns = file.data.titleRuns.map((run) => ({ ...run, text: typesetIn(run.text, run.lang ?? front.language) }));
    metadata.title = metadata.titleRuns.map((run) => run.text).join('');
  }
  if (file.data.subtitleRuns) {
    // A dek that marks a run's language (a title quoted in its own): each run set by its language's rules.
    metadata.subtitleRuns = file.data.subtitleRuns.map((run) => ({ ...run, text: typesetIn(run.text, run.lang ?? front.language) }));
    metadata.subtitle = metadata.subtitleRuns.map((run) => run.text).join('');
  } else if (front.subtitle) metadata.subtitle = typeset(spanText(front.subtitle));
  // The dateline too (ST. JOHN’S, ’S-HERTOGENBOSCH), each run a span marks by its language's marks.
  if (file.data.datelineRuns) {
    metadata.datelineRuns = file.data.datelineRuns.map((run) => ({ ...run, text: smarten(run.text, run.lang ?? front.language) }));
    metadata.dateline = metadata.datelineRuns.map((run) => run.text).join('');
  } else if (front.dateline) metadata.dateline = smarten(spanText(front.dateline), front.language);
  if (front.publisher) metadata.publisher = front.publisher;
  if (front.rights) metadata.rights = smarten(front.rights, front.language);
  if (front.source.publication) metadata.source.publication = front.source.publication;
  if (front.source.url) metadata.source.url = front.source.url;
  if (front.source.note) metadata.source.note = smarten(front.source.note, front.language);
  if (front.words) metadata.words = front.words;
  // The digits the text writes its numbers in, where they are not its language's (rehype-digits.ts): galley writes its own in them.
  if (file.data.digits !== undefined && file.data.digits !== digitsOf(front.language)) metadata.digits = file.data.digits;

  // The text, not the bytes saved: the same article saved with a BOM, with
  // Windows line ends or decomposed is the same book to a reading app (a new
  // identifier would shelve it twice and lose the reader's place). A file
  // saved as UTF-8 with Unix line ends hashes as its bytes did.
  const hash = createHash('sha256').update(normalized.text.replace(/\r\n?/g, '\n'));
  for (const image of images) hash.update(image.src).update(image.bytes);
  const fingerprint = hash.digest('hex');

  const text = {
    slug: path.basename(folder),
    dir: folder,
    file: articlePath,
    metadata,
    content,
    credits,
    identifier: `urn:uuid:${uuidFromHash(fingerprint)}`,
    fingerprint,
  };
  const { typefaces, uncovered } = await loadTypefaces(text);
  warnUncovered(file, uncovered, metadata.language);
  const document: GalleyDocument = { ...text, assets: { images, typefaces }, ...(uncovered.length > 0 ? { uncovered } : {}) };
  return { document, warnings: file.messages.filter((message) => !message.fatal) };
}
