/**
 * A failed build leaves what readers get exactly as it was: each
 * manuscript's editions, cover and download-page entry are replaced together
 * or not at all; the page lists every edition in the output folder, whichever
 * build made it; one build at a time per folder; nothing temporary is left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHtml, repoRoot, runCli, seedManuscript, tempDir, texts } from './helpers.js';

let work: string;
let base: string;
let env: NodeJS.ProcessEnv;
const manuscript = (name: string): string => path.join(work, 'manuscripts', name);

/** Every file below `dir` (dotfiles included), with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else files[path.relative(dir, file)] = createHash('sha256').update(readFileSync(file)).digest('hex');
    }
  };
  walk(dir);
  return files;
}

/** A copy of the built folder to spoil. */
function copyOfBase(name: string): string {
  const out = path.join(work, name);
  cpSync(base, out, { recursive: true, preserveTimestamps: true });
  return out;
}

function titlesOnPage(out: string): string[] {
  return texts(parseHtml(readFileSync(path.join(out, 'index.html'), 'utf8')), '.entry-title').sort();
}

/** A copy of the seed manuscript as `folder/<slug>`, changed by `edit`. */
function variant(folder: string, slug: string, edit: (text: string) => string = (text) => text): string {
  const dir = path.join(work, folder, slug);
  cpSync(seedManuscript, dir, { recursive: true });
  const file = path.join(dir, 'article.md');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

const retitle = (title: string) => (text: string) => text.replace(/^title: .*$/m, `title: "${title}"`);

beforeAll(() => {
  work = tempDir('galley-transactions-');
  env = { GALLEY_CACHE_DIR: path.join(work, 'cache'), SOURCE_DATE_EPOCH: '1487246400' };
  variant('manuscripts', 'alpha', retitle('Alpha story'));
  variant('manuscripts', 'beta', retitle('Beta story'));
  base = path.join(work, 'base');
  const built = runCli(['build', path.join(work, 'manuscripts'), '--out', base, '--no-page-list'], env);
  expect(built.status, built.stderr).toBe(0);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('a failed build changes nothing readers get', () => {
  it('a manuscript with a bad date leaves the folder, and its entry on the page, exactly as they were', () => {
    const out = copyOfBase('bad-date');
    const before = snapshot(out);
    const bad = variant('bad', 'alpha', (text) => text.replace(/^date: .*$/m, 'date: 2017-13-45'));
    const result = runCli(['build', bad, '--out', out], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/article\.md:\d+:\d+: error: front matter field `date`/);
    expect(snapshot(out)).toEqual(before);
    expect(titlesOnPage(out)).toEqual(['Alpha story', 'Beta story']);
  });

  it('an e-book that fails after its PDF was made replaces neither edition', () => {
    const out = copyOfBase('epub-fails');
    const before = snapshot(out);
    // A designer's slip in an e-book template: the print templates are fine,
    // so the PDF is laid out and staged; then the e-book's colophon cannot be
    // written. galley here is a copy of this package with that one change.
    const galley = path.join(work, 'galley-with-a-template-slip');
    for (const part of ['bin', 'src', 'templates', 'package.json', 'package-lock.json']) cpSync(path.join(repoRoot, part), path.join(galley, part), { recursive: true });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(galley, 'node_modules'), 'dir');
    const colophon = path.join(galley, 'templates', 'epub', 'colophon.xhtml.ejs');
    writeFileSync(colophon, readFileSync(colophon, 'utf8').replace('</section>', '<p><%= printer.name %></p>\n</section>'));
    const dir = variant('slip', 'beta', retitle('Beta, revised'));
    const result = spawnSync(process.execPath, [path.join(galley, 'bin', 'galley.js'), 'build', dir, '--out', out], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 180_000 });
    expect(result.status, result.stderr).toBe(1);
    // The PDF was made: the browser laid it out, and the e-book failed after it.
    expect(result.stderr).not.toMatch(/PDF editions not built|beta\.pdf:/);
    expect(result.stderr).toMatch(/beta\.epub: .*colophon\.xhtml\.ejs.*printer is not defined/s);
    expect(result.stderr).toMatch(/no edition replaced \(the previous PDF and EPUB stay\)/);
    expect(result.stdout).not.toMatch(/✓ .*beta\.pdf/);
    expect(snapshot(out)).toEqual(before);
    expect(titlesOnPage(out)).toEqual(['Alpha story', 'Beta story']);
  });
});

describe('the download page lists every edition in the folder', () => {
  it('building one manuscript into a shared folder keeps the others on the page', () => {
    const out = copyOfBase('shared');
    const alpha = snapshot(out);
    const result = runCli(['build', variant('alone', 'beta', retitle('Beta, revised')), '--out', out, '--no-page-list'], env);
    expect(result.status, result.stderr).toBe(0);
    expect(titlesOnPage(out)).toEqual(['Alpha story', 'Beta, revised']);
    const after = snapshot(out);
    for (const file of ['alpha.pdf', 'alpha.epub', 'covers/alpha.jpg']) expect(after[file], file).toBe(alpha[file]);
  });

  it('an edition removed from the folder leaves the page', () => {
    const out = copyOfBase('removed');
    rmSync(path.join(out, 'beta.pdf'));
    rmSync(path.join(out, 'beta.epub'));
    const result = runCli(['site', manuscript('alpha'), '--out', out], env);
    expect(result.status, result.stderr).toBe(0);
    expect(titlesOnPage(out)).toEqual(['Alpha story']);
  });
});

describe('galley site after galley epub', () => {
  it('draws the covers the e-book build did not, and lists the edition', () => {
    const out = path.join(work, 'epub-then-site');
    expect(runCli(['epub', manuscript('alpha'), '--out', out, '--no-page-list'], env).status).toBe(0);
    expect(existsSync(path.join(out, 'covers', 'alpha.jpg'))).toBe(false);
    const result = runCli(['site', manuscript('alpha'), '--out', out], env);
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(out, 'covers', 'alpha.jpg'))).toBe(true);
    expect(titlesOnPage(out)).toEqual(['Alpha story']);
  });
});

describe('what a killed build leaves is cleaned', () => {
  it('removes temporary files of builds that are gone, and nothing else', () => {
    const out = copyOfBase('stale');
    const gone = Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
    const stale = [`.alpha.pdf.${gone}.1700000000000.tmp`, `covers/.alpha.jpg.${gone}.1700000000000.tmp`];
    for (const name of stale) writeFileSync(path.join(out, name), 'half-written');
    const before = snapshot(out);
    const result = runCli(['site', path.join(work, 'manuscripts'), '--out', out], env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('removed 2 temporary files left by a build that was stopped');
    const expected = { ...before };
    for (const name of stale) delete expected[name];
    const after = snapshot(out);
    expect(after).toEqual(expected);
  });
});

describe('one build at a time', () => {
  it('refuses a second build into the same folder, naming the first one', async () => {
    const out = path.join(work, 'locked');
    const first = spawn(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'epub', manuscript('alpha'), '--out', out, '--no-page-list', '--force'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    const lock = path.join(out, '.galley.lock');
    const until = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    // The first one is paused, lock held, while the second one runs: however slow the second is to start
    // on a busy machine, the first cannot finish and free the folder meanwhile. Then it goes on.
    first.kill('SIGSTOP');
    let second: ReturnType<typeof runCli>;
    try {
      second = runCli(['build', manuscript('beta'), '--out', out], env);
    } finally {
      first.kill('SIGCONT');
    }
    expect(await exited).toBe(0);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`being written by another galley (process ${first.pid})`);
    expect(existsSync(path.join(out, 'beta.epub'))).toBe(false);
    // Once the first is done, the folder is free again.
    expect(existsSync(lock)).toBe(false);
  });
});

describe('the build record', () => {
  it('rebuilds an edition damaged in place, even with its date set back', () => {
    const out = path.join(work, 'damaged');
    const args = ['epub', manuscript('alpha'), '--out', out, '--no-page-list'];
    expect(runCli(args, env).status).toBe(0);
    const file = path.join(out, 'alpha.epub');
    const good = readFileSync(file);
    const { atime, mtime } = statSync(file);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from('XXXX'), 0, 4, 1000);
    closeSync(fd);
    utimesSync(file, atime, mtime);
    const result = runCli(args, env);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ .*alpha\.epub/);
    expect(readFileSync(file).equals(good)).toBe(true);
    // Unchanged now: not rebuilt.
    expect(runCli(args, env).stdout).toContain('1 edition unchanged');
  });
});

