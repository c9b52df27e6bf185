/**
 * src/manuscript/collection-inputs.ts on its own: which folders are
 * manuscripts, which article folders a collection lists (read leniently),
 * and the hash of every file a manuscript's editions are made from, so that
 * changing one article rebuilds exactly the collections that contain it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashTree } from '../src/cache.js';
import { hashManuscript, isCollectionFolder, isManuscriptFolder, listedArticles } from '../src/manuscript/collection-inputs.js';
import { tempDir } from './helpers.js';

let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);
function write(file: string, text: string): void {
  mkdirSync(path.dirname(at(file)), { recursive: true });
  writeFileSync(at(file), text);
}

beforeAll(() => {
  root = tempDir('galley-collection-inputs-');
  write('one/article.md', '---\ntitle: "One"\ndate: 2017-02-18\n---\n\nText.\n');
  write('one/images/a.png', 'not really a picture');
  write('two/article.md', '---\ntitle: "Two"\ndate: 2017-02-18\n---\n\nText.\n');
  write('other/article.md', '---\ntitle: "Other"\ndate: 2017-02-18\n---\n\nText.\n');
  write('issue/collection.yaml', 'title: "Issue"\ndate: 2017-02-19\narticles: [../one, ../two]\n');
  mkdirSync(at('plain'), { recursive: true });
});

describe('isManuscriptFolder / isCollectionFolder', () => {
  it('tells an article, a collection and a plain folder apart', () => {
    expect([at('one'), at('issue'), at('plain'), at('nowhere')].map(isManuscriptFolder)).toEqual([true, true, false, false]);
    expect([at('one'), at('issue'), at('plain')].map(isCollectionFolder)).toEqual([false, true, false]);
  });
});

describe('listedArticles', () => {
  it('resolves each listed folder against the collection’s folder, in order', () => {
    expect(listedArticles(at('issue'))).toEqual([at('one'), at('two')]);
  });

  it('is empty for an article', () => {
    expect(listedArticles(at('one'))).toEqual([]);
  });

  const lenient: Array<[string, string, string[]]> = [
    ['malformed YAML', 'title: "Open\narticles: [../one]\n', []],
    ['no articles field', 'title: "Issue"\n', []],
    ['articles that are not a list', 'articles: ../one\n', []],
    ['a list, not a mapping', '- ../one\n', []],
    ['entries that are not text among those that are', 'articles: [../one, 12, {a: b}, ../two]\n', ['one', 'two']],
    ['YAML aliases past the limit', `a: &a [${Array(11).fill('"x"').join(', ')}]\nb: &b [${Array(11).fill('*a').join(', ')}]\nc: [${Array(11).fill('*b').join(', ')}]\narticles: [../one]\n`, []],
  ];
  it.each(lenient)('reads %s leniently', (_name, yaml, expected) => {
    write(`lenient/collection.yaml`, yaml);
    expect(listedArticles(at('lenient'))).toEqual(expected.map((name) => at(name)));
  });
});

describe('hashManuscript', () => {
  it('is the folder’s own hash for an article', async () => {
    expect(await hashManuscript(at('one'))).toBe(await hashTree(at('one')));
  });

  it('changes for a collection when a listed article changes, and not when another one does', async () => {
    const before = await hashManuscript(at('issue'));
    expect(before).not.toBe(await hashTree(at('issue')));
    write('other/article.md', '---\ntitle: "Other, changed"\ndate: 2017-02-18\n---\n\nText.\n');
    expect(await hashManuscript(at('issue'))).toBe(before);
    write('one/images/a.png', 'another picture');
    const after = await hashManuscript(at('issue'));
    expect(after).not.toBe(before);
    write('one/images/a.png', 'not really a picture');
    expect(await hashManuscript(at('issue'))).toBe(before);
  });

  it('counts a missing article, the collection itself and a listed collection as missing, and changes when one appears', async () => {
    write('gaps/collection.yaml', 'title: "Issue"\ndate: 2017-02-19\narticles: [../later, ., ../issue]\n');
    const missing = await hashManuscript(at('gaps'));
    // The collection itself and another collection are not hashed into it (that could loop).
    write('issue/article-notes.txt', 'a change inside the listed collection');
    expect(await hashManuscript(at('gaps'))).toBe(missing);
    write('later/article.md', '---\ntitle: "Later"\ndate: 2017-02-18\n---\n\nText.\n');
    expect(await hashManuscript(at('gaps'))).not.toBe(missing);
  });
});
