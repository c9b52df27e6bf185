/**
 * src/cache.ts: the record of what was built. Real folders and files in a
 * temporary directory; a record is judged fresh only for the same inputs and
 * the very file that was recorded.
 */
import { cpSync, mkdirSync, readdirSync, renameSync, statSync, symlinkSync, utimesSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BuildCache, cacheDir, editionKey, forgetTreeHashes, hashTree, hashTreeOnce } from '../src/cache.js';
import { tempDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('galley-cache-');
});

function tree(files: Record<string, string>): string {
  const root = path.join(dir, `tree-${readdirSync(dir).length}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('cacheDir', () => {
  it('is GALLEY_CACHE_DIR when set, made absolute, else .galley-cache in the working folder', () => {
    expect(cacheDir({ GALLEY_CACHE_DIR: 'some/where' })).toBe(path.resolve('some/where'));
    expect(cacheDir({})).toBe(path.join(process.cwd(), '.galley-cache'));
  });
});

describe('hashTree', () => {
  it('is the same for the same files, whatever folder holds them', async () => {
    const a = tree({ 'article.md': 'text', 'images/a.png': 'png' });
    const b = path.join(dir, 'copy');
    cpSync(a, b, { recursive: true });
    expect(await hashTree(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashTree(b)).toBe(await hashTree(a));
  });

  it('changes with a byte of any file, however deep, and with a file renamed or added', async () => {
    const base = await hashTree(tree({ 'article.md': 'text', 'images/a.png': 'png' }));
    expect(await hashTree(tree({ 'article.md': 'text', 'images/a.png': 'pnG' }))).not.toBe(base);
    expect(await hashTree(tree({ 'article.md': 'text', 'images/b.png': 'png' }))).not.toBe(base);
    expect(await hashTree(tree({ 'article.md': 'text', 'images/a.png': 'png', 'x.txt': '' }))).not.toBe(base);
    // Moving bytes from one file to the next is a change too.
    expect(await hashTree(tree({ 'a': 'xy', 'b': 'z' }))).not.toBe(await hashTree(tree({ 'a': 'x', 'b': 'yz' })));
  });
});

describe('hashTreeOnce', () => {
  it('hashes a folder once per process until told to forget', async () => {
    const root = tree({ 'page.ejs': 'one' });
    const first = await hashTreeOnce(root);
    writeFileSync(path.join(root, 'page.ejs'), 'two');
    expect(await hashTreeOnce(root)).toBe(first);
    forgetTreeHashes();
    const second = await hashTreeOnce(root);
    expect(second).not.toBe(first);
    expect(second).toBe(await hashTree(root));
  });
});

describe('editionKey', () => {
  const parts = { manuscript: 'm', templates: 't', galley: '1 abc', format: 'pdf', options: { pageSize: 'a4' } };
  it('is stable for the same inputs and changes with each of them', () => {
    const key = editionKey(parts);
    expect(editionKey({ ...parts })).toBe(key);
    for (const change of [{ manuscript: 'm2' }, { templates: 't2' }, { galley: '2 abc' }, { galley: '1 abd' }, { format: 'epub' }, { options: { pageSize: 'letter' } }]) {
      expect(editionKey({ ...parts, ...change })).not.toBe(key);
    }
  });
});

describe('BuildCache', () => {
  it('finds an edition fresh only after it was recorded, and only for the same key', async () => {
    const cache = new BuildCache(path.join(dir, 'records'));
    const out = path.join(dir, 'a.pdf');
    writeFileSync(out, 'edition');
    expect(await cache.isFresh(out, 'k1')).toBe(false);
    await cache.record(out, 'k1');
    expect(readdirSync(path.join(dir, 'records'))).toHaveLength(1);
    expect(await cache.isFresh(out, 'k1')).toBe(true);
    expect(await cache.isFresh(out, 'k2')).toBe(false);
    // Another cache folder knows nothing of it; another output file neither.
    expect(await new BuildCache(path.join(dir, 'other')).isFresh(out, 'k1')).toBe(false);
    const other = path.join(dir, 'b.pdf');
    writeFileSync(other, 'edition');
    expect(await cache.isFresh(other, 'k1')).toBe(false);
    // Each output has its own record: recording the second keeps the first.
    await cache.record(other, 'k2');
    expect(readdirSync(path.join(dir, 'records'))).toHaveLength(2);
    expect(await cache.isFresh(out, 'k1')).toBe(true);
    expect(await cache.isFresh(other, 'k2')).toBe(true);
  });

  it('finds it stale when the file is gone, replaced, or changed in place with its date set back', async () => {
    const cache = new BuildCache(path.join(dir, 'records'));
    const out = path.join(dir, 'a.epub');
    writeFileSync(out, 'edition');
    const set = new Date('2026-01-02T03:04:05Z');
    utimesSync(out, set, set);
    const before = statSync(out);
    await cache.record(out, 'k');
    // Same size, same modification time, other bytes: only the change time tells.
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(out, 'EDITION');
    utimesSync(out, set, set);
    expect(statSync(out).mtimeMs).toBe(before.mtimeMs);
    expect(await cache.isFresh(out, 'k')).toBe(false);

    await cache.record(out, 'k');
    expect(await cache.isFresh(out, 'k')).toBe(true);
    writeFileSync(out, 'a longer edition');
    expect(await cache.isFresh(out, 'k')).toBe(false);

    await cache.record(out, 'k');
    rmSync(out);
    expect(await cache.isFresh(out, 'k')).toBe(false);
  });

  it('ignores a damaged record', async () => {
    const records = path.join(dir, 'records');
    const cache = new BuildCache(records);
    const out = path.join(dir, 'a.pdf');
    writeFileSync(out, 'edition');
    await cache.record(out, 'k');
    const [name] = readdirSync(records);
    writeFileSync(path.join(records, name!), '{"key": "k", "size":');
    expect(await cache.isFresh(out, 'k')).toBe(false);
    writeFileSync(path.join(records, name!), JSON.stringify({ key: 'k' }));
    expect(await cache.isFresh(out, 'k')).toBe(false);
  });

  it('says it wrote a file only while it is the very file recorded, not a link to it nor a file put in its place', async () => {
    const cache = new BuildCache(path.join(dir, 'records'));
    const out = path.join(dir, 'a.pdf');
    const set = new Date('2026-01-02T03:04:05Z');
    writeFileSync(out, 'edition');
    utimesSync(out, set, set);
    expect(await cache.wrote(out)).toBe(false);
    await cache.record(out, 'k');
    expect(await cache.wrote(out)).toBe(true);
    // The same bytes and dates put in its place: another inode.
    writeFileSync(path.join(dir, 'copy.pdf'), 'edition');
    utimesSync(path.join(dir, 'copy.pdf'), set, set);
    renameSync(path.join(dir, 'copy.pdf'), out);
    expect(await cache.wrote(out)).toBe(false);
    await cache.record(out, 'k');
    rmSync(out);
    symlinkSync(path.join(dir, 'elsewhere.pdf'), out);
    expect(await cache.wrote(out)).toBe(false);
    rmSync(out);
    expect(await cache.wrote(out)).toBe(false);
  });
});
