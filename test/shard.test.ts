/**
 * `--shard k/n` splits a batch the same way every time, into parts that
 * together are the whole batch; `galley site` then writes the download page
 * from the parts' editions brought together in one folder, as a CI matrix
 * does.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseShard, shardManuscripts } from '../src/shard.js';
import { runCli, seedManuscript, tempDir } from './helpers.js';

describe('parseShard', () => {
  it('reads k/n with 1 ≤ k ≤ n and refuses anything else', () => {
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', '2', '1/2/3', 'a/b', '-1/2', '1.5/2', '']) expect(parseShard(bad)).toBeUndefined();
  });

  it('deals the manuscripts out in name order, whatever order they come in', () => {
    const dirs = ['/m/e', '/m/a', '/m/d', '/m/b', '/m/c'];
    const parts = [1, 2].map((index) => shardManuscripts(dirs, { index, count: 2 }, (dir) => path.basename(dir)));
    expect(parts).toEqual([['/m/a', '/m/c', '/m/e'], ['/m/b', '/m/d']]);
    expect(shardManuscripts([...dirs].reverse(), { index: 1, count: 2 }, (dir) => path.basename(dir))).toEqual(parts[0]);
  });
});

describe('galley build --shard and galley site', () => {
  const slugs = ['alpha', 'bravo', 'charlie'];
  let corpus: string;
  let work: string;
  const outputs: string[][] = [];

  beforeAll(() => {
    work = tempDir('galley-shard-');
    corpus = path.join(work, 'manuscripts');
    for (const slug of slugs) cpSync(seedManuscript, path.join(corpus, slug), { recursive: true });
    for (const shard of ['1/2', '2/2']) {
      const out = path.join(work, `out-${shard.replace('/', '-')}`);
      const result = runCli(['epub', corpus, '--out', out, '--no-page-list', '--shard', shard, '-q'], { GALLEY_CACHE_DIR: path.join(work, 'cache') });
      if (result.status !== 0) throw new Error(`shard ${shard} failed (${result.status}):\n${result.stderr}`);
      outputs.push(readdirSync(out).filter((name) => name.endsWith('.epub')).sort());
    }
  }, 300_000);

  it('builds each manuscript in exactly one shard', () => {
    expect(outputs).toEqual([['alpha.epub', 'charlie.epub'], ['bravo.epub']]);
  });

  it('writes the page for every shard once their editions are together', () => {
    const combined = path.join(work, 'combined');
    mkdirSync(combined);
    for (const shard of ['1-2', '2-2']) cpSync(path.join(work, `out-${shard}`), combined, { recursive: true });
    const result = runCli(['site', corpus, '--out', combined], { GALLEY_CACHE_DIR: path.join(work, 'cache') });
    expect(result.status).toBe(0);
    const page = readFileSync(path.join(combined, 'index.html'), 'utf8');
    for (const slug of slugs) expect(page).toContain(`href="${slug}.epub"`);
  }, 120_000);

  it('refuses a shard that is not k/n, and --shard with site', () => {
    const bad = runCli(['epub', corpus, '--out', path.join(work, 'bad'), '--shard', '3/2']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--shard must be k\/n/);
    const site = runCli(['site', corpus, '--out', path.join(work, 'bad'), '--shard', '1/2']);
    expect(site.status).toBe(2);
    expect(site.stderr).toMatch(/galley site writes the page for every manuscript/);
  });
});
