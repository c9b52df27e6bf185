/** src/manuscript/schema.ts: the front matter contract (text, dates, language tags, URLs, known fields only). */
import { describe, expect, it } from 'vitest';
import { frontMatterSchema, isoDate, languageTag, text } from '../src/manuscript/schema.js';

const messages = (result: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  result.success ? [] : result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);

describe('front matter schema', () => {
  it('text: trimmed, not empty, no control characters in any script', () => {
    expect(text.parse('  Сергей Волков ')).toBe('Сергей Волков');
    expect(messages(text.safeParse('   '))).toEqual([': must not be empty']);
    for (const bad of ['a\u0000b', 'esc\u001b[0m', 'del\u007f', 'x\ufffe', 'v\u000btab']) {
      expect(messages(text.safeParse(bad))[0], JSON.stringify(bad)).toContain('must not contain control characters');
    }
    expect(text.parse('tab\tand\nnew line')).toBe('tab\tand\nnew line');
  });

  it('isoDate: a real calendar day written YYYY-MM-DD', () => {
    for (const good of ['2017-02-16', '2024-02-29', '0999-12-31']) expect(isoDate.safeParse(good).success, good).toBe(true);
    for (const bad of ['16.02.2017', '02/16/2017', '2017-2-30', '']) {
      expect(messages(isoDate.safeParse(bad)), bad).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31']);
    }
    // One that plainly means a day is told how to write it.
    for (const meant of ['2017-2-16', '2017-02-16T00:00', '2017-2-16 10:30:00+02:00']) {
      expect(messages(isoDate.safeParse(meant)), meant).toEqual([': must be a calendar date written YYYY-MM-DD: write 2017-02-16']);
    }
    // Written so, but no day: it says why.
    expect(messages(isoDate.safeParse('2017-02-30'))).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: February 2017 has 28 days']);
    expect(messages(isoDate.safeParse('2024-02-30'))).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: February 2024 has 29 days']);
    expect(messages(isoDate.safeParse('2023-04-31'))).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: April 2023 has 30 days']);
    expect(messages(isoDate.safeParse('2017-13-01'))).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: there is no month 13']);
    expect(messages(isoDate.safeParse('2017-00-10'))).toEqual([': must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: there is no month 0']);
  });

  it('languageTag: well-formed BCP 47 only', () => {
    for (const good of ['en', 'en-GB', 'pt-BR', 'zh-Hant', 'sr-Latn-RS', 'fil']) expect(languageTag.safeParse(good).success, good).toBe(true);
    for (const bad of ['e', 'klingon', 'zz-Invalid-Tag-Here', 'en-GB-GB', 'en_GB_GB']) {
      expect(messages(languageTag.safeParse(bad)), bad).toEqual([': must be a BCP 47 language tag such as en or en-GB']);
    }
    // A POSIX locale or a language's name (in English or in itself) is told its tag.
    const meant = { en_GB: 'en-GB', pt_BR: 'pt-BR', 'en_US.UTF-8': 'en-US', english: 'en', Deutsch: 'de', español: 'es', русский: 'ru', 中文: 'zh' };
    for (const [bad, tag] of Object.entries(meant)) expect(messages(languageTag.safeParse(bad)), bad).toEqual([`: must be a BCP 47 language tag: write ${tag}`]);
  });

  it('fills the defaults and keeps what the author gave, and nothing else', () => {
    expect(frontMatterSchema.parse({ title: 'T', date: '2017-02-16' })).toEqual({ title: 'T', date: '2017-02-16', authors: [], language: 'en', source: { wire: [], cited: [] }, keywords: [] });
    const full = {
      title: 'T', subtitle: 'S', authors: ['A'], date: '2017-02-16', language: 'pl', dateline: 'WARSZAWA', publisher: 'P', rights: 'R', keywords: ['k'],
      source: { publication: 'Gazeta', url: 'https://example.org/a', wire: ['AP'], note: 'N', cited: ['C'] },
    };
    expect(frontMatterSchema.parse(full)).toEqual(full);
  });

  it('requires title and date, and refuses unknown fields at the top and in source', () => {
    expect(messages(frontMatterSchema.safeParse({}))).toEqual(['title: Invalid input: expected string, received undefined', 'date: Invalid input: expected string, received undefined']);
    const unknown = frontMatterSchema.safeParse({ title: 'T', date: '2017-02-16', author: 'A', source: { link: 'x' } });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues.map((issue) => [issue.code, issue.path.join('.')])).toEqual([
      ['unrecognized_keys', 'source'],
      ['unrecognized_keys', ''],
    ]);
  });

  it('takes only web addresses for the source URL', () => {
    const url = (value: string) => messages(frontMatterSchema.safeParse({ title: 'T', date: '2017-02-16', source: { url: value } }));
    expect(url('https://example.org/a')).toEqual([]);
    expect(url('http://example.org')).toEqual([]);
    expect(url('ftp://example.org/a')).toEqual(['source.url: must start with https:// or http://']);
    expect(url('example.org')).toEqual(['source.url: must be a full URL such as https://example.com/article']);
  });
});
