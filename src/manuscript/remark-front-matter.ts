/**
 * Parses the YAML front matter (found by remark-frontmatter) with `yaml`,
 * validates it against the schema and stores the result in
 * `file.data.frontMatter`. Errors point at the offending key or value in
 * article.md, not at a line of the YAML block.
 */
import { isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Alias, type Document, type Node as YamlNode } from 'yaml';
import type { Root, Yaml } from 'mdast';
import { byPlace, issuesByKey, yamlProblem } from './yaml-errors.js';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';
import type { core } from 'zod';
import { EXAMPLE_DATE, frontMatterSchema, type FrontMatter } from './schema.js';
import { fail, warn } from './diagnostics.js';
import { nearWords } from '../spelling.js';
import { isPluralKey, manuscriptOnlyWords, tableFor, wordKeys } from '../words.js';
import { LIMITS } from './limits.js';
import { hasSpans, spanRuns, spanText } from './spans.js';
import { canonicalLanguage, directionOf } from '../language.js';
import { languageLetters, mixedLetterReason, mixedLetters } from './remark-language.js';
import type { LanguageRun } from '../document.js';

declare module 'vfile' {
  interface DataMap {
    frontMatter: FrontMatter;
    /** The dateline in runs, when it marks a run's language with `:span[…]{lang=…}`. */
    datelineRuns: LanguageRun[];
    /** The subtitle (the dek) in runs, when it marks a run's language with `:span[…]{lang=…}`. */
    subtitleRuns: LanguageRun[];
    /** The title (the headline) in runs, when it marks a run's language with `:span[…]{lang=…}`. */
    titleRuns: LanguageRun[];
    /** Letters of the headline, the dek, the dateline and the names that their language writes with another (remark-language.ts warns, with the text's). */
    languageLetters: Array<{ char: string; at: Point | Position; language: string; instead: string }>;
  }
}

const EXAMPLE = `---\ntitle: "Headline"\ndate: ${EXAMPLE_DATE}\n---`;

/** Maps a position inside the YAML text to a point in article.md. */
function pointIn(yamlNode: Yaml, lines: LineCounter, offset: number): Point {
  const start = yamlNode.position!.start;
  const { line, col } = lines.linePos(offset);
  // The YAML text starts on the line after the opening `---`.
  return { line: start.line + line, column: col, offset: (start.offset ?? 0) + 4 + offset };
}

function placeOf(yamlNode: Yaml, lines: LineCounter, node: unknown): Position | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return { start: pointIn(yamlNode, lines, node.range[0]), end: pointIn(yamlNode, lines, node.range[1]) };
}

/**
 * The first alias at which the values all aliases stand for, expanded, exceed
 * the limit (a "billion laughs" document expands a few lines into millions of
 * values). Walked iteratively, each anchored value counted once.
 */
export function aliasBomb(doc: Document.Parsed): Alias | undefined {
  const sizes = new Map<unknown, number>();
  const inProgress = new Set<unknown>();
  /** How many values `node` stands for with its aliases expanded. */
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target || inProgress.has(target)) return 1;
      const known = sizes.get(target);
      if (known !== undefined) return known;
      inProgress.add(target);
      const size = 1 + sizeOf(target);
      inProgress.delete(target);
      sizes.set(target, size);
      return size;
    }
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (isCollection(node)) {
      let total = 1;
      for (const item of node.items) {
        total += sizeOf(item);
        if (total > LIMITS.yamlAliases * 10) break;
      }
      return total;
    }
    return 1;
  };
  let expanded = 0;
  const pending: unknown[] = [doc.contents];
  while (pending.length > 0) {
    const node = pending.shift();
    if (isAlias(node)) {
      expanded += sizeOf(node);
      if (expanded > LIMITS.yamlAliases) return node;
    } else if (isPair(node)) {
      pending.unshift(node.key, node.value);
    } else if (isMap(node) || isSeq(node)) {
      pending.unshift(...node.items);
    }
  }
  return undefined;
}

/** Finds the YAML node for a path such as ['source', 'url']; the key when the value is missing. */
export function nodeAt(root: YamlNode | null, path: PropertyKey[], keyItself = false): { node: unknown; missing: boolean } {
  let current: unknown = root;
  for (const [index, key] of path.entries()) {
    if (!isMap(current) && !isSeq(current)) return { node: current, missing: true };
    if (isSeq(current) && typeof key === 'number') {
      const item = current.items[key];
      if (item === undefined) return { node: current, missing: true };
      current = item;
      continue;
    }
    const pair = isMap(current) ? current.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    if (!pair) return { node: current, missing: true };
    current = keyItself && index === path.length - 1 ? pair.key : (pair.value ?? pair.key);
  }
  return { node: current, missing: false };
}

/** The front matter's fields, and those of its `source`, as the messages name them. */
/**
 * The optional one-line fields. Left empty (`subtitle: ""`, or `subtitle:`
 * with nothing after it), as a CMS's export writes a story without a dek,
 * one is taken as absent: it was an error that stopped the build.
 */
const OPTIONAL_TEXT = ['subtitle', 'dateline', 'publisher', 'rights'];

function withoutEmptyOptional(data: Record<string, unknown>): Record<string, unknown> {
  const empty = (value: unknown): boolean => value === null || (typeof value === 'string' && value.trim() === '');
  return Object.fromEntries(Object.entries(data).filter(([key, value]) => !(OPTIONAL_TEXT.includes(key) && empty(value))));
}

const FIELDS = ['title', 'subtitle', 'authors', 'date', 'language', 'dateline', 'publisher', 'source', 'rights', 'keywords', 'words'];
/** Other tools' names for what a galley field holds (Hugo's, Jekyll's, pandoc's), told as what the author likely meant. */
const OTHER_TOOLS: Record<string, string> = { tags: 'keywords', categories: 'keywords', description: 'subtitle', summary: 'subtitle', abstract: 'subtitle', dek: 'subtitle', byline: 'authors', creator: 'authors', lede: 'subtitle' };
/** pandoc's names for galley's fields, taken as them. */
const ALIASES: Record<string, string> = { author: 'authors', lang: 'language' };
/** The key a field's value was written under (`author` for `authors`), for a message to point at. */
function writtenPath(doc: { contents: YamlNode | null }, path: PropertyKey[]): PropertyKey[] {
  const [first, ...rest] = path;
  const alias = Object.entries(ALIASES).find(([, field]) => field === first)?.[0];
  if (alias === undefined || !isMap(doc.contents) || !doc.contents.items.some((item) => isScalar(item.key) && item.key.value === alias)) return path;
  // `author: Ann Smith` is read as a list of one: its name is the value itself.
  const value = nodeAt(doc.contents, [alias]).node;
  return isSeq(value) ? [alias, ...rest] : [alias];
}
const SOURCE_FIELDS = ['publication', 'url', 'wire', 'note', 'cited'];

function describe(issue: core.$ZodIssue, missing: boolean): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `\`${k}\``).join(', ');
    const where = key ? ` in \`${key}\`` : '';
    const near = [...new Set(issue.keys.flatMap((k) => (key === '' && OTHER_TOOLS[k] ? [OTHER_TOOLS[k]] : nearWords(k, key === 'source' ? SOURCE_FIELDS : FIELDS))))];
    const meant = near.length > 0 ? `did you mean ${near.map((k) => `\`${k}\``).join(' or ')}? ` : '';
    return `unknown front matter field ${keys}${where}: check the spelling; ${meant}known fields are title, subtitle, authors, date, language, dateline, publisher, source (publication, url, wire, note, cited), rights, keywords, words`;
  }
  if (missing && issue.code === 'invalid_type') {
    return `front matter field \`${key}\` is required: add it, e.g.\n${EXAMPLE}`;
  }
  if (issue.code === 'invalid_type' && issue.message.startsWith('must ')) return `front matter field \`${key}\` ${issue.message}`;
  if (issue.code === 'invalid_type') {
    const expected = issue.expected === 'array' ? 'a list, e.g. ["…", "…"]' : issue.expected === 'string' ? 'text in quotes, e.g. "…"' : `a ${issue.expected}`;
    return `front matter field \`${key}\` must be ${expected}`;
  }
  return `front matter field \`${key}\` ${issue.message}`;
}

export interface FrontMatterOptions {
  /** The language of an article that names none: a collection's language (default en). */
  defaultLanguage?: string;
}

export default function remarkGalleyFrontMatter(options: FrontMatterOptions = {}) {
  return (tree: Root, file: VFile): void => {
    const yamlNode = tree.children.find((node): node is Yaml => node.type === 'yaml');
    if (!yamlNode) {
      // Opened but never closed, the block is read as text: its lines as paragraphs, a `# comment` as a heading.
      if (/^---[ \t\r]*(?:\n|$)/.test(String(file.value))) {
        fail(file, `front matter not closed: end it with a line holding only "---" after its last field, e.g.\n${EXAMPLE}`, { line: 1, column: 1 }, 'front-matter-unclosed');
      } else {
        fail(file, `no front matter: article.md must start with a YAML block such as\n${EXAMPLE}`, { line: 1, column: 1 }, 'front-matter-missing');
      }
      return;
    }
    const lines = new LineCounter();
    const doc = parseDocument(yamlNode.value, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { reason, offset } = yamlProblem(error, yamlNode.value);
        fail(file, `malformed YAML front matter: ${reason}`, pointIn(yamlNode, lines, offset), 'front-matter-yaml');
      }
      return;
    }
    const bomb = aliasBomb(doc);
    if (bomb) {
      fail(file, `YAML aliases in the front matter stand for more than ${LIMITS.yamlAliases} values from here on: write the values out instead of repeating them with *aliases`, placeOf(yamlNode, lines, bomb) ?? yamlNode.position, 'front-matter-yaml');
      return;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: LIMITS.yamlAliases * 10 }) ?? {};
    } catch (error) {
      fail(file, `malformed YAML front matter: ${(error as Error).message}`, yamlNode, 'front-matter-yaml');
      return;
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      fail(file, `front matter must be a set of \`key: value\` lines, e.g.\n${EXAMPLE}`, yamlNode, 'front-matter-shape');
      return;
    }
    // pandoc's names for two fields (`author: Ann Smith`, `lang: en-GB`), as a manuscript moved from pandoc writes them.
    const aliased: Record<string, unknown> = { ...(data as Record<string, unknown>) };
    let doubled = false;
    for (const [alias, field] of Object.entries(ALIASES)) {
      if (!(alias in aliased)) continue;
      if (field in aliased) {
        fail(file, `front matter fields \`${alias}\` and \`${field}\` both given: \`${alias}\` is pandoc's name for \`${field}\`; keep one`, placeOf(yamlNode, lines, nodeAt(doc.contents, [alias], true).node) ?? yamlNode.position!, 'front-matter-schema');
        doubled = true;
        continue;
      }
      const value = aliased[alias];
      // pandoc's author may be one name or a list of them.
      aliased[field] = alias === 'author' && typeof value === 'string' ? [value] : value;
      delete aliased[alias];
    }
    if (doubled) return;
    if (options.defaultLanguage && !('language' in aliased)) aliased.language = options.defaultLanguage;
    data = withoutEmptyOptional(aliased);
    const result = frontMatterSchema.safeParse(data);
    if (!result.success) {
      const problems = issuesByKey(result.error.issues).map(({ issue, path, keyItself }) => {
        // An unknown key is pointed at itself; anything else at its value (or, when missing, the block).
        const { node, missing } = nodeAt(doc.contents, writtenPath(doc, path), keyItself);
        return { reason: describe(issue, missing), place: (missing ? undefined : placeOf(yamlNode, lines, node)) ?? yamlNode.position! };
      });
      for (const { reason, place } of byPlace(problems)) fail(file, reason, place, 'front-matter-schema');
      return;
    }
    const place = (path: PropertyKey[], keyItself = false): Position => placeOf(yamlNode, lines, nodeAt(doc.contents, writtenPath(doc, path), keyItself).node) ?? yamlNode.position!;
    if (!checkWords(file, result.data.words, place)) return;
    // In a collection, galley's words are the collection's (checked with collection.yaml).
    if (!options.defaultLanguage) checkLanguageWords(file, result.data.language, place(['language']));
    // Where a text written in a field starts, when the YAML holds it as it reads (no escapes); else the field.
    const placeIn = (field: string, text: string): Position | Point => {
      const node = nodeAt(doc.contents, writtenPath(doc, [field])).node;
      const raw = isNode(node) && node.range ? yamlNode.value.slice(node.range[0], node.range[1]) : '';
      const written = raw.indexOf(text);
      return isNode(node) && node.range && written >= 0 ? pointIn(yamlNode, lines, node.range[0] + written) : place([field]);
    };
    warnMarkdown(file, result.data, place);
    // A letter of a look-alike script inside a word of the headline, dek, dateline or a name, as in the text (remark-language.ts).
    const fields: Array<[string, string | undefined]> = [['title', result.data.title], ['subtitle', result.data.subtitle], ['dateline', result.data.dateline], ...result.data.authors.map((name): [string, string] => ['authors', name])];
    for (const [field, value] of fields) {
      for (const letter of value ? mixedLetters(spanText(value)) : []) {
        // At the letter where the word is written as it reads (no escapes); else at the word or the field.
        const word = placeIn(field, letter.word);
        const at = 'line' in word ? { line: word.line, column: word.column + letter.inWord } : word;
        warn(file, mixedLetterReason(letter), at, 'script-mixed-word');
      }
      // A letter the field's language writes with another (a Persian headline typed with the Arabic ي): told with the
      // text's, once a letter (remark-language.ts). Each run in its own language: a span's, or the article's.
      const found: Array<{ char: string; at: Point | Position; language: string; instead: string }> = [];
      for (const run of value ? spanRuns(value) : []) {
        const language = (run.span?.attributes.lang && canonicalLanguage(run.span.attributes.lang)) || result.data.language;
        for (const letter of languageLetters(run.text, language)) {
          // At the letter where the value is written as it reads (no escapes); else at the field.
          const written = placeIn(field, value!);
          const at = 'line' in written ? { line: written.line, column: written.column + run.offset + letter.index } : written;
          found.push({ char: letter.char, at, language, instead: letter.instead });
        }
      }
      if (found.length > 0) file.data.languageLetters = [...(file.data.languageLetters ?? []), ...found];
    }
    // Each field's spans checked, every error told, before the front matter is taken.
    let spansOk = true;
    for (const name of ['title', 'subtitle', 'dateline'] as const) {
      const value = result.data[name];
      if (!value || !hasSpans(value)) continue;
      const runs = fieldRuns(file, name, value, result.data.language, yamlNode, lines, nodeAt(doc.contents, [name]).node, place([name]));
      if (!runs) spansOk = false;
      else file.data[`${name}Runs`] = runs;
    }
    if (!spansOk) return;
    file.data.frontMatter = result.data;
  };
}

/**
 * The runs of the dateline, the subtitle or the title when it marks a
 * language, as a credit may (`dateline: ":span[İzmit]{lang=tr}"`, a
 * headline or dek quoting a title in its own language): each span checked
 * as the body's are (remark-language), an error at the span. Undefined
 * after an error.
 */
function fieldRuns(file: VFile, name: 'dateline' | 'subtitle' | 'title', dateline: string, language: string, yamlNode: Yaml, lines: LineCounter, node: unknown, field: Position): LanguageRun[] | undefined {
  const raw = isNode(node) && node.range ? yamlNode.value.slice(node.range[0], node.range[1]) : '';
  const rangeStart = isNode(node) && node.range ? node.range[0] : 0;
  const runs: LanguageRun[] = [];
  let ok = true;
  for (const run of spanRuns(dateline)) {
    if (!run.span) {
      runs.push({ text: run.text });
      continue;
    }
    // The span where it is written, when the YAML holds it as it reads (no escapes); else the field.
    const written = raw.indexOf(dateline.slice(run.span.at, run.span.end));
    const place = written >= 0 ? pointIn(yamlNode, lines, rangeStart + written) : field;
    const example = ':span[İzmit]{lang=tr}';
    const unknown = Object.keys(run.span.attributes).filter((name) => name !== 'lang');
    for (const name of unknown) fail(file, `span: unknown attribute \`${name}\`; a span takes \`lang\`, e.g. ${example}`, place, 'span-attribute');
    const given = run.span.attributes.lang ?? '';
    const tag = given.trim() === '' ? undefined : canonicalLanguage(given);
    if (!tag) {
      const why = given.trim() === '' ? 'span without `lang`' : `span: \`${given}\` is not a BCP 47 language tag`;
      fail(file, `${why}: say which language the ${name}'s text is in, e.g. ${name}: "${example}"`, place, 'span-lang');
      ok = false;
      continue;
    }
    if (unknown.length > 0) ok = false;
    const direction = directionOf(tag);
    runs.push({ text: run.text, lang: tag, ...(direction !== directionOf(language) ? { dir: direction } : {}) });
  }
  return ok ? runs : undefined;
}

/**
 * The front matter's `words` name words galley has (templates/words/en.json),
 * and give plural forms only to a word that depends on a count. Returns
 * whether they do.
 */
export function checkWords(file: VFile, words: FrontMatter['words'], place: (path: PropertyKey[], keyItself?: boolean) => Position): boolean {
  if (!words) return true;
  const known = [...wordKeys(), ...manuscriptOnlyWords];
  let ok = true;
  for (const [key, word] of Object.entries(words)) {
    if (!known.includes(key)) {
      const near = nearWords(key, known);
      fail(
        file,
        `unknown word \`${key}\` in \`words\`: check the spelling; ${near.length > 0 ? `did you mean ${near.map((k) => `\`${k}\``).join(' or ')}? ` : ''}the words galley has are those of templates/words/en.json: ${wordKeys().join(', ')}; and \`and\`, the word before a list's last name`,
        place(['words', key], true),
        'front-matter-words',
      );
      ok = false;
    } else if (typeof word !== 'string' && !isPluralKey(key)) {
      fail(file, `the word \`${key}\` does not depend on a count: give it as text, e.g. ${key}: "…"`, place(['words', key]), 'front-matter-words');
      ok = false;
    }
  }
  return ok;
}

/** Warns, once, when galley has no table of words for the language: its own words stay English. */
export function checkLanguageWords(file: VFile, language: string, place: Position): void {
  if (tableFor(language)) return;
  warn(
    file,
    `galley has no words in \`${language}\` (no templates/words/${language.toLowerCase().split('-')[0]}.json): its own words (headings, labels, the running foot) are set in English; give them in the front matter's \`words\` or add a table`,
    place,
    'language-words',
  );
}

/** Markdown an author may write in a headline or a dek: emphasis, strong, code, a link. */
const MARKDOWN = [
  /(?<![\\\w*])\*{1,2}(?=\S)[^*]*?\S\*{1,2}(?![\w*])/u,
  /(?<![\\\w_])_{1,2}(?=\S)[^_]*?\S_{1,2}(?![\w_])/u,
  /(?<!\\)`[^`]+`/u,
  /(?<!\\)\[[^\]]+\]\([^)]*\)/u,
];

/**
 * The title and the subtitle are plain text in every edition and in the
 * metadata: Markdown there would print with its marks ("the *real* 5G").
 * A warning at the field, quoting the first mark. Their `:span[…]{lang=…}`
 * are read (fieldRuns), as the dateline's.
 */
function warnMarkdown(file: VFile, front: FrontMatter, place: (path: PropertyKey[]) => Position): void {
  for (const field of ['title', 'subtitle'] as const) {
    const value = front[field];
    if (!value) continue;
    const found = MARKDOWN.map((pattern) => pattern.exec(spanText(value))?.[0]).find((match) => match !== undefined);
    if (!found) continue;
    warn(
      file,
      `front matter field \`${field}\` is plain text, not Markdown: "${found}" would print with its marks in every edition; write the words without them`,
      place([field]),
      'front-matter-markdown',
    );
  }
}
