/**
 * The front matter contract authors write against. Every field but `title`
 * and `date` is optional; what the author leaves out stays empty and the
 * templates omit it — galley never fills in facts.
 */
import { z } from 'zod';

export const text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  // YAML escapes (\u0000, \x1b) make characters the article's own check never sees.
  // eslint-disable-next-line no-control-regex
  .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]/.test(value), 'must not contain control characters (such as \\u0000 or \\u001b): no edition can show them; delete them');

/**
 * The example date the messages give: no article's or collection's own date
 * (an author would take it for one), and a day past the 12th, so that it
 * cannot be read as YYYY-DD-MM.
 */
export const EXAMPLE_DATE = '2024-03-31';

/**
 * A real calendar day, written YYYY-MM-DD; a date written so that is no day
 * (2025-02-30) is told why: "February 2025 has 28 days".
 */
// A date given as a number or a list is told the form a date takes, not "text in quotes"
// (remark-front-matter.ts and collection.ts give a wrong type's own message when it starts "must").
const dateForm = (issue: { input: unknown }): string | undefined => (issue.input === undefined ? undefined : `must be a calendar date written YYYY-MM-DD, e.g. ${EXAMPLE_DATE}`);
export const isoDate = z.string({ error: dateForm }).superRefine((value, context) => {
  const problem = dateProblem(value);
  if (problem === undefined) return;
  const meant = problem === '' ? meantDate(value) : undefined;
  const hint = meant === undefined ? `, e.g. ${EXAMPLE_DATE}` : `: write ${meant}`;
  context.addIssue({ code: 'custom', message: `must be a calendar date written YYYY-MM-DD${hint}${problem}` });
});

/**
 * The day a date not written YYYY-MM-DD plainly means, written so: 2024-3-5
 * (no leading zeros) and 2024-03-05T10:00 (a time galley does not print).
 * Nothing for an order that could be read two ways (03/05/2024).
 */
function meantDate(value: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(value.trim());
  if (!match) return undefined;
  const day = `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
  return dateProblem(day) === undefined ? day : undefined;
}

/** Undefined for a real day; else '' for a date not written YYYY-MM-DD, or ": <why>" for one written so. */
function dateProblem(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return '';
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  if (m < 1 || m > 12) return `: there is no month ${m}`;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d >= 1 && d <= days) return undefined;
  const month = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
  return `: ${month} has ${days} days`;
}

/** Whether `value` is one well-formed BCP 47 tag. */
function isLanguageTag(value: string): boolean {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return false;
  // The pattern lets through tags that are not well-formed (`zz-Invalid-Tag-Here`),
  // which make the writers' date formatting throw.
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}

/**
 * The tag a refused language plainly means: `pt_BR` (a POSIX locale's
 * underscore) is pt-BR; `English`, `español` or `Deutsch` (a language's
 * name in English or in itself) is its two-letter tag.
 */
function meantLanguage(value: string): string | undefined {
  const trimmed = value.trim();
  const dashed = trimmed.replace(/_/g, '-').replace(/\.[A-Za-z0-9-]+$/, '');
  if (dashed !== trimmed && isLanguageTag(dashed)) return Intl.getCanonicalLocales(dashed)[0];
  const name = trimmed.toLocaleLowerCase();
  if (!/^\p{L}[\p{L} ]+$/u.test(name)) return undefined;
  const english = new Intl.DisplayNames('en', { type: 'language', fallback: 'none' });
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const first of letters) {
    for (const second of letters) {
      const code = first + second;
      const names = [english.of(code), new Intl.DisplayNames(code, { type: 'language', fallback: 'none' }).of(code)];
      if (names.some((known) => known?.toLocaleLowerCase() === name)) return code;
    }
  }
  return undefined;
}

/** BCP 47, loosely: `en`, `en-GB`, `pt-BR`, `zh-Hant`. */
export const languageTag = z.string().superRefine((value, context) => {
  if (isLanguageTag(value)) return;
  const meant = meantLanguage(value);
  context.addIssue({ code: 'custom', message: meant === undefined ? 'must be a BCP 47 language tag such as en or en-GB' : `must be a BCP 47 language tag: write ${meant}` });
});

/**
 * galley's own words as a manuscript gives them (`words: { credits: "…" }`):
 * text, or plural forms for a word that depends on a count. Which keys exist
 * is checked against templates/words/en.json (remark-front-matter.ts).
 */
export const wordOverrides = z.record(
  z.string(),
  z.union([
    text,
    z
      .object({ zero: text.optional(), one: text.optional(), two: text.optional(), few: text.optional(), many: text.optional(), other: text })
      .strict(),
  ]),
);

const httpUrl = z
  .string()
  .url({ message: 'must be a full URL such as https://example.com/article', abort: true })
  .refine((value) => /^https?:\/\//.test(value), 'must start with https:// or http://');

export const frontMatterSchema = z
  .object({
    title: text,
    subtitle: text.optional(),
    authors: z.array(text).default([]),
    date: isoDate,
    language: languageTag.default('en'),
    dateline: text.optional(),
    publisher: text.optional(),
    source: z
      .object({
        publication: text.optional(),
        url: httpUrl.optional(),
        wire: z.array(text).default([]),
        note: text.optional(),
        cited: z.array(text).default([]),
      })
      .strict()
      .default({ wire: [], cited: [] }),
    rights: text.optional(),
    keywords: z.array(text).default([]),
    words: wordOverrides.optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof frontMatterSchema>;
