/**
 * Files an earlier build wrote in the output folder and galley no longer
 * writes (src/output/stale.ts): the download page's cover as a PNG before the
 * JPEG cover, or a name the folder's list of written files holds. The real
 * CLI builds a manuscript; the older build's PNG is put there as that build
 * left it, with its build record; the user's files beside it must stay.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BuildCache } from '../src/cache.js';
import { runCli, tempDir } from './helpers.js';

describe('files galley wrote and no longer writes', () => {
  it('are removed after the manuscript is built, when its build record says galley wrote them as they are; the user\'s files stay', async () => {
    const work = tempDir('galley-stale-');
    const manuscript = path.join(work, 'story');
    mkdirSync(manuscript);
    writeFileSync(path.join(manuscript, 'article.md'), '---\ntitle: "A story"\ndate: 2024-03-01\n---\n\nBody.\n');
    const out = path.join(work, 'dist');
    const cacheDir = path.join(work, 'cache');
    const env = { GALLEY_CACHE_DIR: cacheDir };
    const cache = new BuildCache(cacheDir);
    const build = () => runCli(['build', manuscript, '--out', out, '--no-page-list', '--force'], env);

    const first = build();
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(path.join(out, 'covers', 'story.jpg'))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(out, '.galley', 'written', 'story.json'), 'utf8'))).toEqual(['covers/story.jpg', 'story.epub', 'story.pdf']);

    // As a build before the JPEG cover left the folder: its cover a PNG, recorded in the build record.
    const png = path.join(out, 'covers', 'story.png');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a', 'hex'));
    await cache.record(png, 'an older build');
    // A name the folder's list says galley wrote, and one outside the folder that a damaged list might name.
    const former = path.join(out, 'story.html');
    writeFileSync(former, '<p>old</p>');
    await cache.record(former, 'an older build');
    const outside = path.join(work, 'outside.txt');
    writeFileSync(outside, 'not galley\'s');
    await cache.record(outside, 'an older build');
    // The user's own files: one galley never wrote, one of a name galley wrote but changed since.
    writeFileSync(path.join(out, 'covers', 'mine.png'), 'mine');
    const changed = path.join(out, 'story.txt');
    writeFileSync(changed, 'written by galley');
    await cache.record(changed, 'an older build');
    writeFileSync(changed, 'changed by the user');
    writeFileSync(path.join(out, '.galley', 'written', 'story.json'), JSON.stringify(['story.epub', 'story.html', '../outside.txt', 'story.txt']));

    const second = build();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/− .*covers\/story\.png {2}removed: an earlier build wrote it, and galley no longer does/);
    expect(second.stdout).toMatch(/− .*dist\/story\.html {2}removed/);
    expect(existsSync(png)).toBe(false);
    expect(existsSync(former)).toBe(false);
    expect(await cache.wrote(png)).toBe(false);
    // What galley writes now stays; so does everything that is not galley's as it wrote it.
    for (const name of ['story.epub', 'story.pdf', 'covers/story.jpg', 'index.html']) expect(existsSync(path.join(out, name)), name).toBe(true);
    expect(readFileSync(outside, 'utf8')).toBe('not galley\'s');
    expect(readFileSync(path.join(out, 'covers', 'mine.png'), 'utf8')).toBe('mine');
    expect(readFileSync(changed, 'utf8')).toBe('changed by the user');
    expect(JSON.parse(readFileSync(path.join(out, '.galley', 'written', 'story.json'), 'utf8'))).toEqual(['covers/story.jpg', 'story.epub', 'story.pdf']);

    // A PNG of that name put there by the user afterwards is theirs: no record says galley wrote it.
    writeFileSync(png, 'the user\'s');
    const third = build();
    expect(third.status, third.stderr).toBe(0);
    expect(third.stdout).not.toMatch(/removed/);
    expect(readFileSync(png, 'utf8')).toBe('the user\'s');
  }, 240_000);
});
