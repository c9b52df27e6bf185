/**
 * src/manuscript/collection.ts on its own: loadCollection run in-process (no
 * CLI, no writer, no browser). Every folder of test/fixtures/bad-collections/
 * is looped with the diagnostic its expected.txt names; small collections
 * made in a temporary folder cover what the fixtures do not: the limits on
 * the file, a file that is no mapping, a nested collection, the parts of a
 * good collection (ids prefixed, the collection's language as default, text
 * smartened, cover credit split) and the fingerprint.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VFileMessage } from 'vfile-message';
import type { GalleyDocument } from '../src/document.js';
import { loadCollection } from '../src/manuscript/collection.js';
import { formatMessage, ManuscriptError } from '../src/manuscript/diagnostics.js';
import { repoRoot, tempDir } from './helpers.js';

const badDir = path.join(repoRoot, 'test', 'fixtures', 'bad-collections');

async function failure(dir: string): Promise<VFileMessage[]> {
  const error: unknown = await loadCollection(dir).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `${dir} should not load`).toBeInstanceOf(ManuscriptError);
  return (error as ManuscriptError).messages;
}

/** `line:column rule` of each message: where an editor takes the author, and why. */
function places(messages: VFileMessage[]): string[] {
  return messages.map((message) => `${message.line}:${message.column} ${message.ruleId}`);
}

describe('bad-collections fixtures, read in-process', () => {
  const cases = readdirSync(badDir).sort();
  it.each(cases)('%s', async (name) => {
    const expected = readFileSync(path.join(badDir, name, 'expected.txt'), 'utf8').trim();
    const folder = existsSync(path.join(badDir, name, 'collection.yaml')) ? path.join(badDir, name) : path.join(badDir, name, 'a');
    const messages = await failure(folder);
    const shown = messages.map((message) => formatMessage(message, path.join(badDir, name)));
    expect(shown.some((line) => line.startsWith(expected)), shown.join('\n')).toBe(true);
    expect(messages.every((message) => message.fatal)).toBe(true);
  });
});

const article = (title: string, extra = '', body = 'Text.') => `---\ntitle: '${title}'\ndate: 2017-02-18\n${extra}---\n\n${body}\n`;

describe('collections made for the case', () => {
  let root: string;
  const collection = (name: string, yaml: string | Buffer): string => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'collection.yaml'), yaml);
    return dir;
  };

  beforeAll(() => {
    root = tempDir('galley-collection-unit-');
    const write = (folder: string, text: string) => {
      mkdirSync(path.join(root, folder), { recursive: true });
      writeFileSync(path.join(root, folder, 'article.md'), text);
    };
    write('one', article('The "first" story', 'authors: ["Ann Writer"]\nlanguage: en\n', '## A heading\n\nText with a note.[^n]\n\n[^n]: The note.'));
    write('two', article('Die zweite Geschichte', '', '## Eine Überschrift\n\nText.'));
    write('bad-date', '---\ntitle: "Bad"\ndate: 2017-02-31\n---\n\nText.\n');
    write('bad-field', '---\ntitle: "Bad"\ndate: 2017-02-18\nautor: "X"\nlanguage: 12\n---\n\nText.\n');
    mkdirSync(path.join(root, 'empty'), { recursive: true });
    mkdirSync(path.join(root, 'covered', 'images'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png'), path.join(root, 'covered', 'images', 'cover.png'));
  });

  it('binds its articles as parts, each with its ids prefixed and the collection’s language as default', async () => {
    const dir = collection('issue', 'title: "The \\"week\\""\nsubtitle: "It\'s a sample"\ndate: 2017-02-19\nlanguage: de\neditors: ["Ed One"]\nrights: "(c) \\"us\\""\narticles: [../one, ../two]\n');
    const { document } = await loadCollection(dir);
    expect(document.slug).toBe('issue');
    expect(document.metadata).toMatchObject({ title: 'The „week“', subtitle: 'It’s a sample', date: '2017-02-19', language: 'de', direction: 'ltr', editors: ['Ed One'], rights: '(c) „us“', authors: [] });
    expect(document.identifier).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const parts = document.parts as GalleyDocument[];
    expect(parts.map((part) => part.metadata.title)).toEqual(['The “first” story', 'Die zweite Geschichte']);
    // The article that names its language keeps it; the one that does not takes the collection's.
    expect(parts.map((part) => part.metadata.language)).toEqual(['en', 'de']);
    const ids = (part: GalleyDocument) => JSON.stringify(part.content).match(/"id":"[^"]+"/g) ?? [];
    expect(ids(parts[0]!)).toContain('"id":"part-1-a-heading"');
    expect(ids(parts[1]!)).toContain('"id":"part-2-eine-überschrift"');
    for (const [index, part] of parts.entries()) {
      for (const id of ids(part)) expect(id.startsWith(`"id":"part-${index + 1}-`), id).toBe(true);
    }
  });

  it("takes galley's words from its own `words`, checked at their keys, and warns at a language without a table", async () => {
    const { document, warnings } = await loadCollection(collection('worded', 'title: "Wörter"\ndate: 2017-02-19\nlanguage: de\nwords:\n  editedBy: "Zusammengestellt von {names}"\narticles: [../one, ../two]\n'));
    expect(document.metadata.words).toEqual({ editedBy: 'Zusammengestellt von {names}' });
    expect(warnings.filter((message) => message.ruleId === 'language-words')).toEqual([]);
    const messages = await failure(collection('misworded', 'title: "W"\ndate: 2017-02-19\nwords:\n  editedby: "X"\narticles: [../one]\n'));
    expect(places(messages)).toEqual(['4:3 front-matter-words']);
    expect(messages[0]!.reason).toMatch(/^unknown word `editedby` in `words`: check the spelling; did you mean `editedBy`\?/);
    const swahili = await loadCollection(collection('swahili', 'title: "W"\ndate: 2017-02-19\nlanguage: sw\narticles: [../one]\n'));
    expect(places(swahili.warnings.filter((message) => message.ruleId === 'language-words'))).toEqual(['3:11 language-words']);
  });

  it('gives the collection a new identifier when one of its articles changes', async () => {
    const yaml = 'title: "A week"\ndate: 2017-02-19\narticles: [../one, ../two]\n';
    const first = (await loadCollection(collection('fingerprint', yaml))).document;
    const again = (await loadCollection(collection('fingerprint', yaml))).document;
    expect(again.fingerprint).toBe(first.fingerprint);
    writeFileSync(path.join(root, 'two', 'article.md'), article('Die zweite Geschichte', '', '## Eine Überschrift\n\nText, geändert.'));
    const changed = (await loadCollection(collection('fingerprint', yaml))).document;
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    expect(changed.identifier).not.toBe(first.identifier);
  });

  it('reads its cover picture and splits the cover’s credit', async () => {
    const dir = collection('covered', 'title: "A week"\ndate: 2017-02-19\narticles: [../one]\ncover: {src: images/cover.png, alt: "A harbour", credit: "Photo: Ann O\'Brien/Example Agency"}\n');
    const { document } = await loadCollection(dir);
    expect(document.cover).toMatchObject({ alt: 'A harbour', credit: 'Photo: Ann O’Brien/Example Agency', label: 'Photo', line: 'Ann O’Brien/Example Agency', creator: 'Ann O’Brien' });
    expect(document.cover!.image.id).toBe('cover-picture');
    expect(document.cover!.image.bytes.length).toBeGreaterThan(0);
  });

  it('reports every broken article together, each at its own file:line:column', async () => {
    const messages = await failure(collection('two-bad', 'title: "A week"\ndate: 2017-02-19\narticles: [../bad-date, ../one, ../bad-field]\n'));
    expect(messages.map((message) => path.relative(root, message.file ?? ''))).toEqual([path.join('bad-date', 'article.md'), path.join('bad-field', 'article.md'), path.join('bad-field', 'article.md')]);
    expect(places(messages)).toEqual(['3:7 front-matter-schema', '4:1 front-matter-schema', '5:11 front-matter-schema']);
  });

  it('reports collection.yaml\'s mistakes and its articles\' together: one mistake does not hide another', async () => {
    const messages = await failure(collection('all-at-once', 'title: "A week"\ndate: 2017-02-19\nlanguage: de\nedtors: ["X"]\nwords:\n  editedby: "X"\narticles: [../bad-date, ../one, ../nowhere, ../bad-field]\n'));
    expect(messages.map((message) => `${path.relative(root, message.file ?? '')}:${message.line}:${message.column} ${message.ruleId}`)).toEqual([
      `${path.join('all-at-once', 'collection.yaml')}:4:1 collection-schema`,
      `${path.join('all-at-once', 'collection.yaml')}:6:3 front-matter-words`,
      `${path.join('all-at-once', 'collection.yaml')}:7:33 collection-article-missing`,
      `${path.join('bad-date', 'article.md')}:3:7 front-matter-schema`,
      `${path.join('bad-field', 'article.md')}:4:1 front-matter-schema`,
      `${path.join('bad-field', 'article.md')}:5:11 front-matter-schema`,
    ]);
    // With its schema broken, the articles it lists are still read, in the language it names.
    const broken = await failure(collection('broken-schema', 'title: 12\ndate: 2017-02-19\narticles: [../bad-date, 7]\n'));
    expect(places(broken)).toEqual(['1:8 collection-schema', '3:25 collection-schema', '3:7 front-matter-schema']);
  });

  it('checks every listed folder and names each problem at its entry', async () => {
    collection('nested', 'title: "Inner"\ndate: 2017-02-19\narticles: [../one]\n');
    const messages = await failure(collection('outer', 'title: "A week"\ndate: 2017-02-19\narticles:\n  - ../nested\n  - ../empty\n  - ../nowhere\n  - ../one\n  - ../one/\n'));
    expect(places(messages)).toEqual(['4:5 collection-nested', '5:5 collection-article-missing', '6:5 collection-article-missing', '8:5 collection-duplicate']);
    expect(messages[0]!.reason).toContain('`../nested` is a collection, not an article');
    expect(messages[1]!.reason).toMatch(/no article\.md in .*empty/);
    expect(messages[2]!.reason).toMatch(/no folder .*nowhere/);
    expect(messages[3]!.reason).toContain('it is listed already as `../one`');
  });

  it('stops at a file too large to be a list of articles, at 1:1', async () => {
    const messages = await failure(collection('huge', `title: "A week"\ndate: 2017-02-19\narticles: [../one]\n# ${'x'.repeat(100_000)}\n`));
    expect(places(messages)).toEqual(['1:1 limit-size']);
    expect(messages[0]!.reason).toMatch(/^collection\.yaml is 1000\d\d bytes/);
  });

  it('stops at a byte that is not UTF-8, at its line and column', async () => {
    const bytes = Buffer.concat([Buffer.from('title: "A week"\ndate: 2017-02-19\npublisher: "Caf'), Buffer.from([0xe9]), Buffer.from('"\narticles: [../one]\n')]);
    const messages = await failure(collection('latin1', bytes));
    expect(places(messages)).toEqual(['3:16 encoding']);
    expect(messages[0]!.reason).toContain('byte 0xe9');
  });

  it('stops at a control character', async () => {
    const messages = await failure(collection('control', 'title: "A\u0007 week"\ndate: 2017-02-19\narticles: [../one]\n'));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]!.line).toBe(1);
    expect(messages[0]!.column).toBe(10);
  });

  it('stops at YAML aliases that stand for too many values, at the alias', async () => {
    const yaml = 'title: "A week"\ndate: 2017-02-19\narticles: [../one]\nkeywords: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\nsubtitle: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nrights: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    const messages = await failure(collection('aliases', yaml));
    expect(messages.map((message) => message.ruleId)).toEqual(['collection-yaml']);
    expect(messages[0]!.reason).toContain('YAML aliases stand for more than 100 values');
    expect(messages[0]!.line).toBe(5);
  });

  it('lists its problems in line order, each unknown key at itself', async () => {
    const messages = await failure(collection('two-unknown', 'titel: "A week"\ndate: 2017-02-30\narticles: [../one]\neditor: "X"\n'));
    expect(places(messages)).toEqual(['1:1 collection-schema', '1:1 collection-schema', '2:7 collection-schema', '4:1 collection-schema']);
    expect(messages.map((message) => message.reason.split(':')[0])).toEqual([
      'collection field `title` is required',
      'unknown collection field `titel`',
      'collection field `date` must be a calendar date written YYYY-MM-DD, e.g. 2024-03-31',
      'unknown collection field `editor`',
    ]);
  });

  it('asks for key: value lines when the file is a list', async () => {
    const messages = await failure(collection('a-list', '- ../one\n- ../two\n'));
    expect(places(messages)).toEqual(['1:1 collection-shape']);
    expect(messages[0]!.reason).toContain('must be a set of `key: value` lines');
  });

  it('names the key of a nested field that is unknown, and every schema problem at once', async () => {
    const messages = await failure(collection('cover-fields', 'title: "A week"\ndate: 2017-02-19\nkeywords: "one"\narticles: []\ncover: {src: a.png, alt: "A", credit: "B", caption: "C"}\n'));
    expect(places(messages)).toEqual(['3:11 collection-schema', '4:11 collection-schema', '5:44 collection-schema']);
    const reasons = messages.map((message) => message.reason).join('\n');
    expect(reasons).toContain('collection field `keywords` must be a list');
    expect(reasons).toContain('collection field `articles` must list at least one article folder');
    expect(reasons).toContain('unknown collection field `caption` in `cover`');
  });
});
