/** src/manuscript/remark-front-matter.ts: YAML front matter parsed, validated, and every problem placed in article.md. */
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../src/manuscript/limits.js';
import remarkGalleyFrontMatter, { aliasBomb, nodeAt } from '../src/manuscript/remark-front-matter.js';
import { formatMessage } from '../src/manuscript/diagnostics.js';
import { mdastOf, places } from './manuscript-harness.js';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadManuscript } from '../src/manuscript/index.js';
import { repoRoot, tempDir } from './helpers.js';

const run = (md: string, options = {}) => mdastOf(md, [[remarkGalleyFrontMatter, options]]);

describe('remark-front-matter', () => {
  it('stores the validated front matter with its defaults, non-Latin text kept', async () => {
    const { file } = await run('---\ntitle: "Кто такой Сергей Волков"\nauthors: [Anna Kowalska, 李明]\ndate: 2017-02-16\nsource:\n  publication: Gazeta\n---\nBody.\n');
    expect(file.messages).toEqual([]);
    expect(file.data.frontMatter).toEqual({
      title: 'Кто такой Сергей Волков',
      authors: ['Anna Kowalska', '李明'],
      date: '2017-02-16',
      language: 'en',
      source: { publication: 'Gazeta', wire: [], cited: [] },
      keywords: [],
    });
  });

  it("takes pandoc's `author` (one name or a list) and `lang` for `authors` and `language`, and points at them", async () => {
    const { file } = await run('---\ntitle: T\nauthor: Ann Smith\nlang: en-GB\ndate: 2017-02-16\n---\nx\n');
    expect(file.messages).toEqual([]);
    expect(file.data.frontMatter).toMatchObject({ authors: ['Ann Smith'], language: 'en-GB' });
    const { file: list } = await run('---\ntitle: T\nauthor: [Ann Smith, Bo Li]\ndate: 2017-02-16\n---\nx\n', { defaultLanguage: 'pl' });
    expect(list.messages).toEqual([]);
    expect(list.data.frontMatter).toMatchObject({ authors: ['Ann Smith', 'Bo Li'], language: 'pl' });
    // Both names at once: which one?
    const { file: both } = await run('---\ntitle: T\nauthors: [Ann Smith]\nauthor: Bo Li\ndate: 2017-02-16\n---\nx\n');
    expect(places(both.messages)).toEqual(['4:1 error front-matter-schema']);
    expect(both.messages[0]!.reason).toBe("front matter fields `author` and `authors` both given: `author` is pandoc's name for `authors`; keep one");
    // A bad value is told at the alias it was written under.
    const { file: bad } = await run('---\ntitle: T\nauthor: [Ann Smith, 3]\nlang: 12\ndate: 2017-02-16\n---\nx\n');
    expect(places(bad.messages)).toEqual(['3:21 error front-matter-schema', '4:7 error front-matter-schema']);
  });

  it("names the galley field another tool's field (`tags`, `description`) stands for", async () => {
    const { file } = await run('---\ntitle: T\ntags: [a]\ndescription: D\ndate: 2017-02-16\n---\nx\n');
    expect(file.messages.map((message) => /did you mean `(\w+)`/.exec(message.reason)?.[1])).toEqual(['keywords', 'subtitle']);
  });

  it('takes an optional one-line field left empty for absent, and still refuses an empty title', async () => {
    const { file } = await run('---\ntitle: T\nsubtitle: ""\ndateline:\npublisher: "  "\nrights: ""\ndate: 2017-02-16\n---\nx\n');
    expect(file.messages).toEqual([]);
    expect(file.data.frontMatter).toEqual({ title: 'T', authors: [], date: '2017-02-16', language: 'en', source: { wire: [], cited: [] }, keywords: [] });
    const { file: untitled } = await run('---\ntitle: ""\ndate: 2017-02-16\n---\nx\n');
    expect(places(untitled.messages)).toEqual(['2:8 error front-matter-schema']);
  });

  it('gives an article without language the collection\'s, and keeps its own', async () => {
    const { file } = await run('---\ntitle: T\ndate: 2017-02-16\n---\nx\n', { defaultLanguage: 'pl' });
    expect(file.data.frontMatter?.language).toBe('pl');
    const { file: own } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: he\n---\nx\n', { defaultLanguage: 'pl' });
    expect(own.data.frontMatter?.language).toBe('he');
  });

  it('reports a missing front matter at 1:1', async () => {
    const { file } = await run('# Just a heading\n');
    expect(places(file.messages)).toEqual(['1:1 error front-matter-missing']);
    expect(file.data.frontMatter).toBeUndefined();
  });

  it('tells a front matter opened and never closed from a missing one, whatever the line ends', async () => {
    for (const text of ['---\ntitle: T\ndate: 2017-02-16\n\nText.\n', '---\r\ntitle: T\r\ndate: 2017-02-16\r\n\r\nText.\r\n', '--- \ntitle: T\n', '---']) {
      const { file } = await run(text);
      expect(places(file.messages), JSON.stringify(text)).toEqual(['1:1 error front-matter-unclosed']);
      expect(file.messages[0]!.reason).toMatch(/^front matter not closed: end it with a line holding only "---" after its last field/);
    }
    // A rule of dashes longer than the fence is no front matter at all.
    const { file } = await run('-----\n\nText.\n');
    expect(places(file.messages)).toEqual(['1:1 error front-matter-missing']);
  });

  it('points a bad value at the value, an unknown key at the key, a missing field at the block', async () => {
    const md = '---\ntitle: T\ndate: 2017-02-30\nlanguage: "zz-Invalid-Tag-Here"\nsource:\n  url: ftp://example.org\n  editor: X\nsubtitel: S\n---\nBody.\n';
    const { file } = await run(md);
    expect(places(file.messages)).toEqual([
      '3:7 error front-matter-schema',
      '4:11 error front-matter-schema',
      '6:8 error front-matter-schema',
      '7:3 error front-matter-schema',
      '8:1 error front-matter-schema',
    ]);
    expect(formatMessage(file.messages[0]!, '/manuscripts')).toBe('example/article.md:3:7: error: front matter field `date` must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31: February 2017 has 28 days');
    expect(file.messages[3]!.reason).toContain('unknown front matter field `editor` in `source`');
    expect(file.messages[4]!.reason).toContain('unknown front matter field `subtitel`: check the spelling');
    expect(file.data.frontMatter).toBeUndefined();
    const { file: missing } = await run('---\ndate: 2017-02-16\nauthors: Anna\n---\nBody.\n');
    expect(places(missing.messages)).toEqual(['1:1 error front-matter-schema', '3:10 error front-matter-schema']);
    expect(missing.messages[0]!.reason).toContain('front matter field `title` is required');
    expect(missing.messages[1]!.reason).toBe('front matter field `authors` must be a list, e.g. ["…", "…"]');
  });

  it('lists the problems in the order of the lines, one for each unknown key, each at its key', async () => {
    const { file } = await run('---\ntitle: T\nsubtitel: S\ndate: 2017-02-30\nautors: [A]\n---\nBody.\n');
    expect(places(file.messages)).toEqual(['3:1 error front-matter-schema', '4:7 error front-matter-schema', '5:1 error front-matter-schema']);
    expect(file.messages[0]!.reason).toMatch(/^unknown front matter field `subtitel`:/);
    expect(file.messages[1]!.reason).toContain('`date` must be a calendar date');
    expect(file.messages[2]!.reason).toMatch(/^unknown front matter field `autors`: check the spelling; did you mean `authors`\? known fields are/);
    expect(file.messages[0]!.reason).toMatch(/did you mean `subtitle`\?/);
    const { file: source } = await run('---\ntitle: T\ndate: 2017-02-16\nsource: {publicaton: P}\n---\nBody.\n');
    expect(source.messages[0]!.reason).toMatch(/^unknown front matter field `publicaton` in `source`: check the spelling; did you mean `publication`\?/);
  });

  it('gives one message for a value that breaks two rules at once', async () => {
    const { file } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: e\nsource:\n  url: example.org\n---\nBody.\n');
    expect(places(file.messages)).toEqual(['4:11 error front-matter-schema', '6:8 error front-matter-schema']);
    expect(file.messages.map((m) => m.reason)).toEqual([
      'front matter field `language` must be a BCP 47 language tag such as en or en-GB',
      'front matter field `source.url` must be a full URL such as https://example.com/article',
    ]);
  });

  it('places malformed YAML on its line in article.md', async () => {
    const { file } = await run('---\ntitle: T\ndate: 2017-02-16\nauthors: [a, b\n---\nBody.\n');
    expect(file.messages.length).toBeGreaterThan(0);
    expect(file.messages.every((m) => m.ruleId === 'front-matter-yaml' && m.fatal && m.line! >= 4)).toBe(true);
    const { file: twice } = await run('---\ntitle: T\ntitle: U\ndate: 2017-02-16\n---\nBody.\n');
    expect(places(twice.messages)).toEqual(['3:1 error front-matter-yaml']);
  });

  it('refuses front matter that is not a map', async () => {
    const { file } = await run('---\n- a\n- b\n---\nBody.\n');
    expect(places(file.messages)).toEqual(['1:1 error front-matter-shape']);
  });

  it('stops an alias bomb at the alias where the expansion passes the limit', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    const { file } = await run(`---\ntitle: T\ndate: 2017-02-16\n${lines.join('\n')}\n---\nBody.\n`);
    expect(file.messages).toHaveLength(1);
    expect(file.messages[0]!.ruleId).toBe('front-matter-yaml');
    expect(file.messages[0]!.reason).toContain(`stand for more than ${LIMITS.yamlAliases} values`);
    expect(file.messages[0]!.line).toBeGreaterThan(4);
    expect(aliasBomb(parseDocument('a: &a [1, 2]\nb: *a\nc: *a\n'))).toBeUndefined();
  });

  it('nodeAt finds a nested value, a list item, or says what is missing', () => {
    const doc = parseDocument('source:\n  wire: [AP, Reuters]\n');
    expect(String(nodeAt(doc.contents, ['source', 'wire', 1]).node)).toBe('Reuters');
    expect(nodeAt(doc.contents, ['source', 'url']).missing).toBe(true);
    expect(nodeAt(doc.contents, ['source', 'wire', 5]).missing).toBe(true);
    expect(String(nodeAt(doc.contents, ['source'], true).node)).toBe('source');
  });

  it("takes galley's words from `words`, each checked against the English table at its key", async () => {
    const { file } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: de\nwords:\n  credits: "Bildnachweis"\n  collectionOf: { one: "{n} Text", other: "{n} Texte" }\n---\nx\n');
    expect(file.messages).toEqual([]);
    expect(file.data.frontMatter?.words).toEqual({ credits: 'Bildnachweis', collectionOf: { one: '{n} Text', other: '{n} Texte' } });
    const { file: bad } = await run('---\ntitle: T\ndate: 2017-02-16\nwords:\n  credit: "Sources"\n  notes: { one: "Note", other: "Notes" }\n  cover: ""\n---\nx\n');
    expect(places(bad.messages)).toEqual(['7:10 error front-matter-schema']);
    expect(bad.messages[0]!.reason).toBe('front matter field `words.cover` must not be empty');
    const { file: unknown } = await run('---\ntitle: T\ndate: 2017-02-16\nwords:\n  credit: "Sources"\n  notes: { one: "Note", other: "Notes" }\n---\nx\n');
    expect(places(unknown.messages)).toEqual(['5:3 error front-matter-words', '6:10 error front-matter-words']);
    expect(unknown.messages[0]!.reason).toMatch(/^unknown word `credit` in `words`: check the spelling; did you mean `credits`\? the words galley has are those of templates\/words\/en\.json: cover, titlepage, /);
    expect(unknown.messages[1]!.reason).toBe('the word `notes` does not depend on a count: give it as text, e.g. notes: "…"');
    expect(unknown.messages[0]!.reason).toMatch(/, deletedAfter; and `and`, the word before a list's last name$/);
    expect(unknown.data.frontMatter).toBeUndefined();
    // `and`, which no table has (CLDR joins the names), a manuscript may give with its own `by`.
    const { file: and } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: ka\nwords:\n  by: "ავტორები: {names}"\n  and: "და"\n---\nx\n');
    expect(and.messages).toEqual([]);
    expect(and.data.frontMatter?.words).toEqual({ by: 'ავტორები: {names}', and: 'და' });
    const { file: counted } = await run('---\ntitle: T\ndate: 2017-02-16\nwords:\n  and: { one: "and", other: "and" }\n---\nx\n');
    expect(places(counted.messages)).toEqual(['5:8 error front-matter-words']);
  });

  it('warns at the letter about a Latin letter in a Cyrillic word of the title, dateline or a name (or the other way round)', async () => {
    const { file } = await run('---\ntitle: "У Гродна аднавілі стары ўн\u0069версітэцкі сад"\ndate: 2024-04-27\nlanguage: uk\ndateline: "Київ"\nauthors: ["Ol\u0435na Petrenko", "Іван Франко"]\n---\nx\n');
    expect(places(file.messages)).toEqual(['2:35 warning script-mixed-word', '6:14 warning script-mixed-word']);
    expect(file.messages[0]!.reason).toContain('Latin letter "i" (U+0069 i) inside the Cyrillic word "ўнiверсітэцкі": type the Cyrillic "і" (U+0456 і)');
    expect(file.messages[1]!.reason).toContain('Cyrillic letter "е" (U+0435 е) inside the Latin word "Olеna": type the Latin "e" (U+0065 e)');
  });

  it('warns about a letter the language writes otherwise in the headline, the dek and the names, as in the text, once a letter', async () => {
    // A Persian headline typed with the Arabic kaf, a name with the Arabic yeh, which the text has too; a Romanian span in the dek with a cedilla.
    // A figure's credit (with a Romanian span) and alt text too; the text's first ي comes before the figure's.
    const dir = path.join(tempDir(), 'language-letters');
    cpSync(path.join(repoRoot, 'test/fixtures/good/words-ar/images'), path.join(dir, 'images'), { recursive: true });
    writeFileSync(
      path.join(dir, 'article.md'),
      '---\ntitle: "كتاب‌خانهٔ مرکزی شیراز"\nsubtitle: "بازگشایی پس از دوازده سال، با :span[Şcoala]{lang=ro}"\nauthors: ["مریم رضایی"]\ndate: 2024-05-08\nlanguage: fa\n---\n\nکتاب‌خانهٔ مرکزی شيراز باز شد.\n\n' +
        ':::figure{src="images/photo.png" alt="نمای کتاب‌خانه در غروب" credit="عکس: سارا :span[Ţepeş]{lang=ro}/خبرگزاري فارس"}\nنما.\n:::\n\n' +
        ':::figure{src="images/map.png" alt="نقشهٔ شيراز" credit="نقشه: علی/فارس"}\nنقشه.\n:::\n',
    );
    const { warnings } = await loadManuscript(dir);
    const letters = warnings.filter((w) => w.ruleId === 'language-letter');
    expect(letters.map((w) => `${w.line}:${w.column} ${w.reason.split(':')[0]}`)).toEqual([
      '2:9 "ك" (U+0643 ك) in Persian text, once',
      '3:48 "Ş" (U+015E Ş) in Romanian text, once',
      '9:19 "ي" (U+064A ي) in Persian text, 3 times, the first here',
      '11:87 "Ţ" (U+0162 Ţ) in Romanian text, once',
      '11:91 "ş" (U+015F ş) in Romanian text, once',
    ]);
    // Written right: nothing.
    writeFileSync(path.join(dir, 'article.md'), '---\ntitle: "کتاب‌خانهٔ مرکزی شیراز"\nsubtitle: "با :span[Școala]{lang=ro}"\nauthors: ["مریم رضایی"]\ndate: 2024-05-08\nlanguage: fa\n---\n\nباز شد.\n');
    expect((await loadManuscript(dir)).warnings.filter((w) => w.ruleId === 'language-letter')).toEqual([]);
  });

  it('warns once, at the language, when galley has no words in it; not for a table it falls back to', async () => {
    const { file } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: sw\n---\nx\n');
    expect(places(file.messages)).toEqual(['4:11 warning language-words']);
    expect(file.messages[0]!.reason).toContain('galley has no words in `sw` (no templates/words/sw.json): its own words (headings, labels, the running foot) are set in English');
    expect(file.data.frontMatter?.language).toBe('sw');
    for (const language of ['de-CH', 'pt-BR', 'zh-Hans', 'en-GB', 'ja-JP', 'ko', 'ko-KR', 'th', 'th-TH', 'fa', 'fa-AF', 'hi', 'hi-IN']) {
      const { file: known } = await run(`---\ntitle: T\ndate: 2017-02-16\nlanguage: ${language}\n---\nx\n`);
      expect(known.messages, language).toEqual([]);
    }
    // In a collection the collection's language decides (collection.yaml is checked instead).
    const { file: part } = await run('---\ntitle: T\ndate: 2017-02-16\nlanguage: sw\n---\nx\n', { defaultLanguage: 'de' });
    expect(part.messages).toEqual([]);
  });
});

describe('Markdown in the title and the subtitle', () => {
  it('warns at the field that it is plain text, quoting the first mark, and lets plain asterisks and underscores be', async () => {
    const { default: remarkGalleyFrontMatter } = await import('../src/manuscript/remark-front-matter.js');
    const { mdastOf, places } = await import('./manuscript-harness.js');
    const md = '---\ntitle: "the *real* 5G"\nsubtitle: "with `code` and a [link](https://example.com)"\ndate: 2025-11-11\n---\n\nBody.\n';
    const { file } = await mdastOf(md, [remarkGalleyFrontMatter]);
    expect(places(file.messages)).toEqual(['2:8 warning front-matter-markdown', '3:11 warning front-matter-markdown']);
    expect(file.messages[0]!.reason).toBe('front matter field `title` is plain text, not Markdown: "*real*" would print with its marks in every edition; write the words without them');
    expect(file.messages[1]!.reason).toContain('"`code`"');
    const plain = await mdastOf('---\ntitle: "5 * 3 = 15 and snake_case_names, 2*x"\ndate: 2025-11-11\n---\n\nBody.\n', [remarkGalleyFrontMatter]);
    expect(plain.file.messages).toEqual([]);
  });

  it('reads the spans of the title and the subtitle as the dateline\'s, without a warning', async () => {
    const { default: remarkGalleyFrontMatter } = await import('../src/manuscript/remark-front-matter.js');
    const { mdastOf, places } = await import('./manuscript-harness.js');
    const md = '---\ntitle: "Concert of :span[Михаил Щербаков]{lang=ru}"\nsubtitle: "The singer :span[Михаил Щербаков]{lang=ru} opened the line"\ndate: 2025-11-11\n---\n\nBody.\n';
    const { file } = await mdastOf(md, [remarkGalleyFrontMatter]);
    expect(places(file.messages)).toEqual([]);
    expect(file.data.titleRuns).toEqual([{ text: 'Concert of ' }, { text: 'Михаил Щербаков', lang: 'ru' }]);
    expect(file.data.subtitleRuns).toEqual([{ text: 'The singer ' }, { text: 'Михаил Щербаков', lang: 'ru' }, { text: ' opened the line' }]);
    // A span without a language in the title or the subtitle is an error at the span, as in the dateline.
    const { file: bad } = await mdastOf('---\ntitle: "Concert of :span[Михаил]{lang=}"\nsubtitle: "The singer :span[Михаил]{lang=xx-!!}"\ndate: 2025-11-11\n---\n\nBody.\n', [remarkGalleyFrontMatter]);
    expect(places(bad.messages)).toEqual(['2:20 error span-lang', '3:23 error span-lang']);
    expect(bad.messages.map((message) => message.reason)).toEqual([expect.stringContaining("say which language the title's text is in"), expect.stringContaining("say which language the subtitle's text is in")]);
    // The article's reader sets both in runs, each by its own language's rules, and their plain words.
    const dir = path.join(tempDir(), 'dek-span');
    cpSync(path.join(repoRoot, 'test/fixtures/good/chart-last'), dir, { recursive: true });
    const article = path.join(dir, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8')
      .replace(/^title: .*$/m, 'title: "Birds of :span[Łódź]{lang=pl}, :span[\\"Ptaki\\"]{lang=pl}"')
      .replace(/^subtitle: .*$/m, 'subtitle: "The singer :span[Михаил Щербаков]{lang=ru} counted \\"birds\\""'));
    const { document, warnings } = await loadManuscript(dir);
    expect(document.metadata.title).toBe('Birds of Łódź, „Ptaki”');
    expect(document.metadata.titleRuns).toEqual([{ text: 'Birds of ' }, { text: 'Łódź', lang: 'pl' }, { text: ', ' }, { text: '„Ptaki”', lang: 'pl' }]);
    expect(document.metadata.subtitle).toBe('The singer Михаил Щербаков counted “birds”');
    expect(document.metadata.subtitleRuns).toEqual([{ text: 'The singer ' }, { text: 'Михаил Щербаков', lang: 'ru' }, { text: ' counted “birds”' }]);
    expect(warnings.filter((w) => w.ruleId === 'front-matter-span')).toEqual([]);
  });
});
