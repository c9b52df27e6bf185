/**
 * ICU's answers to the questions every run asks of `Intl` (a language's likely
 * script, its calendar and digits, a day written in full, a list of names, a
 * number), kept in the build cache between runs. The answers are the same for
 * the same ICU and CLDR, but asking costs a fresh process about 9 ms of CPU for
 * the first formatter it makes (ICU loads its data) and 2–4 ms for each other
 * kind, about 18 ms of a cold e-book's CPU in all, before any of galley's own
 * work. A run whose every question was asked before makes no `Intl` object.
 *
 * The file (`intl/` in the build cache) is named by the versions of ICU, CLDR,
 * Unicode and the time zone data Node carries, so another Node asks again, and
 * by the locale variables of the environment (ICU's default locale answers for
 * a language it has no data for); it
 * ends with its SHA-256 like every build cache file (src/cache-file.ts), is
 * read at a run's first question and written, with what the run added, as the
 * process exits. It keeps the newest MAX_ANSWERS answers.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { cacheDir } from './cache.js';
import { readCacheFileSync, writeCacheFileSync } from './cache-file.js';

/** Enough for a large archive's dates and authors' lists; each answer is a few dozen bytes. */
const MAX_ANSWERS = 4000;

/** Each answer wrapped, so that an answer of undefined comes back as undefined. */
type Kept = { a?: unknown };

let answers: Map<string, Kept> | undefined;
let file: string | undefined;
let added = false;

function answersFile(): string {
  const { icu, cldr, unicode, tz } = process.versions;
  // ICU's default locale, which answers for a language it has no data for, comes from these.
  const environment = createHash('sha256')
    .update(['LC_ALL', 'LC_MESSAGES', 'LANG', 'LANGUAGE'].map((name) => process.env[name] ?? '').join('\0'))
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir(), 'intl', `icu-${icu}-cldr-${cldr}-unicode-${unicode}-tz-${tz}-${environment}.json`);
}

function load(): Map<string, Kept> {
  file = answersFile();
  const bytes = readCacheFileSync(file);
  if (bytes !== undefined) {
    try {
      const entries = JSON.parse(bytes.toString('utf8')) as unknown;
      if (Array.isArray(entries)) return new Map(entries.filter((entry): entry is [string, Kept] => Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'object' && entry[1] !== null));
    } catch {
      // Damaged: asked again.
    }
  }
  return new Map();
}

function save(): void {
  if (!answers || !file) return;
  writeCacheFileSync(file, Buffer.from(JSON.stringify([...answers].slice(-MAX_ANSWERS))));
}

/**
 * The answer to `question` (a key that names everything the answer depends
 * on), from the build cache when a run asked it before, else `ask()`'s, kept.
 * The answer must survive JSON as it is (strings, numbers, plain objects and
 * arrays); a question whose asking throws is asked again each time.
 */
export function intlAnswer<T>(question: string, ask: () => T): T {
  answers ??= load();
  const kept = answers.get(question);
  if (kept !== undefined) return kept.a as T;
  const answer = ask();
  answers.set(question, { a: answer });
  if (!added) {
    added = true;
    process.once('exit', save);
  }
  return answer;
}

/** A tag's language subtag and ICU's likely script for it (`sr` → Cyrl, `sr-ME` → Latn); throws for a tag Intl refuses. */
export function localeFacts(tag: string): { language: string; script: string | undefined } {
  return intlAnswer(`locale\0${tag}`, () => {
    const locale = new Intl.Locale(tag);
    return { language: locale.language, script: locale.maximize().script };
  });
}
