/**
 * Every folder in test/fixtures/bad/ is a manuscript with one mistake and an
 * expected.txt holding the message it must produce. Each goes through the
 * reader in-process, which must refuse it naming the file, line and column;
 * one of them also goes through the command line, which must exit non-zero
 * and write nothing (the wiring is the same for every reader error).
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, loadManuscript, ManuscriptError } from '../src/manuscript/index.js';
import { repoRoot, runCli, seedManuscript, tempDir } from './helpers.js';

const badDir = path.join(repoRoot, 'test', 'fixtures', 'bad');
// One case per fixture folder: the names must be known while the file is collected,
// and listing one folder is all the work done then.
const cases = readdirSync(badDir).sort();

describe('bad input', () => {
  it('has a fixture for every mistake the format names', () => {
    expect(cases).toEqual(
      expect.arrayContaining([
        'malformed-yaml', 'missing-title', 'bad-date', 'missing-image', 'image-outside',
        'remote-image', 'figure-without-alt', 'figure-without-credit', 'non-utf8',
      ]),
    );
  });

  for (const name of cases) {
    it(`${name}: the reader refuses it at file:line:column`, async () => {
      const dir = path.join(badDir, name);
      const expected = readFileSync(path.join(dir, 'expected.txt'), 'utf8').trim();
      const error = await loadManuscript(dir).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, `${name} is refused`).toBeInstanceOf(ManuscriptError);
      const messages = (error as ManuscriptError).messages.map((message) => formatMessage(message, dir));
      expect(messages.join('\n')).toContain(expected);
    });
  }

  it('the command line reports a reader error with its path, exits non-zero and writes nothing', () => {
    const name = 'image-webp';
    const expected = readFileSync(path.join(badDir, name, 'expected.txt'), 'utf8').trim();
    const out = tempDir();
    const result = runCli(['epub', path.join('test', 'fixtures', 'bad', name), '--out', out, '--no-page-list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`test/fixtures/bad/${name}/${expected}`);
    expect(readdirSync(out)).toEqual([]);
  });

  it('the command line refuses a figure left open (which would take the rest of the article for its caption) and writes nothing', () => {
    const out = tempDir();
    const result = runCli(['build', path.join('test', 'fixtures', 'bad', 'figure-unclosed'), '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('test/fixtures/bad/figure-unclosed/article.md:8:1: error: figure not closed: end it with a line holding only ":::"');
    expect(readdirSync(out)).toEqual([]);
  });

  it('keeps the previous edition intact when a rebuild fails', () => {
    const work = tempDir();
    const manuscript = path.join(work, 'article-one');
    cpSync(seedManuscript, manuscript, { recursive: true });
    const out = path.join(work, 'out');
    expect(runCli(['epub', manuscript, '--out', out]).status).toBe(0);
    const epub = path.join(out, 'article-one.epub');
    const before = createHash('sha256').update(readFileSync(epub)).digest('hex');

    const article = path.join(manuscript, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace('date: 2017-02-16', 'date: 16 February'));
    const result = runCli(['epub', manuscript, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/article\.md:\d+:\d+: error: front matter field `date`/);
    expect(createHash('sha256').update(readFileSync(epub)).digest('hex')).toBe(before);
    // Beside it, only galley's record of its download-page entry (.galley/).
    expect(readdirSync(out).sort()).toEqual(['.galley', 'article-one.epub']);
  });

  it('builds the other manuscripts when one fails, and says which failed', () => {
    const work = tempDir();
    cpSync(seedManuscript, path.join(work, 'good'), { recursive: true });
    cpSync(path.join(badDir, 'bad-date'), path.join(work, 'bad'), { recursive: true });
    const out = path.join(work, 'out');
    const result = runCli(['epub', work, '--out', out]);
    expect(result.status).toBe(1);
    expect(existsSync(path.join(out, 'good.epub'))).toBe(true);
    expect(existsSync(path.join(out, 'bad.epub'))).toBe(false);
    expect(result.stderr).toMatch(/bad\/article\.md:3:7: error/);
  });

  it('counts failures by manuscripts, not by editions, and names each one that failed', () => {
    const work = tempDir();
    cpSync(path.join(badDir, 'bad-date'), path.join(work, 'bad-one'), { recursive: true });
    cpSync(path.join(badDir, 'figure-without-alt'), path.join(work, 'bad-two'), { recursive: true });
    // Both editions of each: four editions not made, by two manuscripts.
    const result = runCli(['build', work, '--out', path.join(work, 'out')]);
    expect(result.status).toBe(1);
    const summary = result.stdout.trim().split('\n').at(-1)!;
    expect(summary).toMatch(/^2 manuscripts failed in \d+\.\d\d s: \S*bad-one, \S*bad-two$/);
  });

  it('prints terminal escapes from a manuscript escaped, never raw', () => {
    const work = tempDir();
    const manuscript = path.join(work, 'escapes');
    mkdirSync(manuscript, { recursive: true });
    // A picture name that would retitle the terminal window and clear the screen.
    const name = 'images/\u001b]0;owned\u0007\u001b[2Jphoto.png';
    writeFileSync(path.join(manuscript, 'article.md'), `---\ntitle: "A headline"\ndate: 2017-02-16\n---\n\n:::figure{src="${name}" alt="A picture" credit="Photographer/Agency"}\nThe caption.\n:::\n\nBody text.\n`);
    const result = runCli(['epub', manuscript, '--out', path.join(work, 'out'), '--no-page-list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('/images/\\x1b]0;owned\\x07\\x1b[2Jphoto.png; check the name');
    // eslint-disable-next-line no-control-regex
    expect(result.stderr + result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it('warns about unsafe raw HTML and removes it', () => {
    const work = tempDir();
    const manuscript = path.join(work, 'raw-html');
    cpSync(seedManuscript, manuscript, { recursive: true });
    const article = path.join(manuscript, 'article.md');
    writeFileSync(article, `${readFileSync(article, 'utf8')}\n\n<script>alert(1)</script>\n\n<p onclick="x()">Clickable <iframe src="file:///etc/passwd"></iframe></p>\n`);
    const out = path.join(work, 'out');
    const result = runCli(['epub', manuscript, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/raw-html\/article\.md:\d+:\d+: warning: raw HTML <script> is not allowed/);
    expect(result.stderr).toMatch(/warning: raw HTML event attribute `onclick`/);
    expect(result.stderr).toMatch(/warning: raw HTML <iframe> is not allowed/);
  });
});

/**
 * A file the user may not read (chmod 000) can only be seen as such by a user
 * other than root, who reads everything: as root, galley is run as `nobody`.
 */
const asRoot = process.getuid?.() === 0;
// nobody must also be able to read galley itself: a checkout under a private home folder cannot be run that way.
const canDropRoot =
  asRoot &&
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(repoRoot, 'bin', 'galley.js'), '--version'], {
    cwd: os.tmpdir(),
    env: { ...process.env, HOME: os.tmpdir() },
    timeout: 60_000,
  }).status === 0;

function runCliUnprivileged(args: string[], work: string, cache = path.join(work, 'cache')): SpawnSyncReturns<string> {
  if (!asRoot) return runCli(args, { GALLEY_CACHE_DIR: cache });
  // nobody must reach the work folder: the run's temporary folders are root's alone.
  for (let dir = work; dir.startsWith(os.tmpdir()) && dir !== path.dirname(dir); dir = path.dirname(dir)) chmodSync(dir, statSync(dir).mode | 0o011);
  chmodSync(work, 0o777);
  return spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, path.join(repoRoot, 'bin', 'galley.js'), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, GALLEY_CACHE_DIR: cache, HOME: work },
    timeout: 180_000,
  });
}

describe.skipIf(asRoot && !canDropRoot)('a file galley may not read', () => {
  function twoManuscripts(): { work: string; out: string; bad: string } {
    const work = tempDir('galley-unreadable-');
    cpSync(seedManuscript, path.join(work, 'manuscripts', 'good'), { recursive: true });
    const bad = path.join(work, 'manuscripts', 'bad');
    cpSync(seedManuscript, bad, { recursive: true });
    const out = path.join(work, 'out');
    mkdirSync(out);
    execFileSync('chmod', ['-R', 'a+rwX', work]);
    return { work, out, bad };
  }

  const cases: { name: string; lock: (bad: string) => string; expected: RegExp }[] = [
    {
      name: 'its text',
      lock: (bad) => path.join(bad, 'article.md'),
      expected: /manuscripts\/bad\/article\.md:1:1: error: cannot read article\.md: permission denied \(EACCES\); check the permissions of the file and of the folders it is in/,
    },
    {
      name: 'its picture',
      lock: (bad) => path.join(bad, 'images', 'nato-ministers.png'),
      expected: /manuscripts\/bad\/article\.md:18:1: error: image `images\/nato-ministers\.png` cannot be read: permission denied \(EACCES\); check the permissions/,
    },
    {
      name: 'its pictures folder',
      lock: (bad) => path.join(bad, 'images'),
      expected: /manuscripts\/bad\/article\.md:18:1: error: image `images\/nato-ministers\.png` cannot be read: permission denied \(EACCES\)/,
    },
    {
      name: 'its folder',
      lock: (bad) => bad,
      expected: /manuscripts\/bad\/article\.md:1:1: error: cannot read article\.md: permission denied \(EACCES\)/,
    },
  ];

  for (const { name, lock, expected } of cases) {
    it(`${name}: the manuscript fails naming the file and why, the others are built, and its previous edition stays`, () => {
      const { work, out, bad } = twoManuscripts();
      expect(runCliUnprivileged(['epub', 'manuscripts', '--out', out, '--no-page-list'], work).status).toBe(0);
      const before = createHash('sha256').update(readFileSync(path.join(out, 'bad.epub'))).digest('hex');
      writeFileSync(path.join(bad, 'article.md'), `${readFileSync(path.join(bad, 'article.md'), 'utf8')}\nOne more paragraph.\n`);
      writeFileSync(path.join(work, 'manuscripts', 'good', 'article.md'), `${readFileSync(path.join(work, 'manuscripts', 'good', 'article.md'), 'utf8')}\nOne more paragraph.\n`);
      chmodSync(lock(bad), 0);
      const result = runCliUnprivileged(['epub', 'manuscripts', '--out', out, '--no-page-list'], work);
      chmodSync(lock(bad), 0o755);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/✓ out\/good\.epub/);
      expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^1 manuscript failed in \d+\.\d\d s: manuscripts\/bad$/);
      expect(createHash('sha256').update(readFileSync(path.join(out, 'bad.epub'))).digest('hex')).toBe(before);
    });
  }
});

describe.skipIf(asRoot && !canDropRoot)('a build cache galley may not write', () => {
  it('is refused before anything is built or the output folder is made, with what to do about the cache (not about --out)', () => {
    const work = tempDir('galley-cache-locked-');
    cpSync(seedManuscript, path.join(work, 'story'), { recursive: true });
    execFileSync('chmod', ['-R', 'a+rwX', work]);
    const cache = path.join(work, 'cache');
    mkdirSync(cache);
    chmodSync(cache, 0o555);
    const result = runCliUnprivileged(['epub', 'story', '--out', 'out', '--no-page-list'], work, cache);
    expect(result.stderr.trim()).toBe('galley: cannot write the build cache cache/: permission denied (EACCES); set GALLEY_CACHE_DIR to a folder you may write, or run galley from one');
    expect(result.status).toBe(1);
    expect(existsSync(path.join(work, 'out'))).toBe(false);
  });
});
