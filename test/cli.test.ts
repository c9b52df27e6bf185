import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runCli, seedManuscript, tempDir } from './helpers.js';

describe('command line', () => {
  it('--help explains the commands and options', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of ['galley build', 'galley epub', 'galley pdf', '--out', '--page-size']) expect(result.stdout).toContain(word);
  });

  it('rejects an unknown command with exit 2 and the usage', () => {
    const result = runCli(['publish']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command `publish`');
  });

  it('rejects a folder that holds no manuscript', () => {
    const result = runCli(['epub', 'src']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no article.md');
  });

  it("refuses a manuscript's article.md, naming the folder to give instead", () => {
    const result = runCli(['epub', 'manuscript/mattis-russia-nato/article.md', '--out', tempDir()]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe('galley: manuscript/mattis-russia-nato/article.md is a file: a manuscript is named by its folder, here manuscript/mattis-russia-nato');
    const other = runCli(['epub', 'README.md', '--out', tempDir()]);
    expect(other.status).toBe(2);
    expect(other.stderr.trim()).toBe('galley: README.md is a file, not a folder: a manuscript is a folder holding article.md and its images (or collection.yaml)');
  });

  it('refuses an output folder that is a file, without telling the user to remove the file', () => {
    const work = tempDir();
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'keep me');
    const result = runCli(['epub', seedManuscript, '--out', file, '--no-page-list']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`galley: cannot write to ${path.relative(repoRoot, file)}/: ${path.relative(repoRoot, file)} is a file, not a folder; choose a folder with --out`);
    expect(result.stderr).not.toMatch(/remove/);
  });

  it('reads the build options alike in galley dev and the builds: an unknown page size, --jobs 0', () => {
    for (const [command, prefix] of [['pdf', 'galley: '], ['dev', 'galley dev: ']] as const) {
      const result = runCli([command, '--page-size', 'a3']);
      expect(result.status, command).toBe(2);
      expect(result.stderr, command).toContain(`${prefix}--page-size must be one of letter, a4, 6x9 (got \`a3\`)`);
      const jobs = runCli([command, '--no-page-list', '-f', '--jobs', '0']);
      expect(jobs.status, command).toBe(2);
      expect(jobs.stderr, command).toContain(`${prefix}--jobs must be a whole number of at least 1 (got \`0\`)`);
    }
    // The options the commands share are spelled alike: -o takes a folder everywhere.
    for (const command of ['build', 'dev', 'preview']) {
      const result = runCli([command, '-o']);
      expect(result.status, command).toBe(2);
      expect(result.stderr, command).toMatch(/Option '-o, --out <value>' argument missing/);
    }
  });

  it('in a folder without manuscript/, says where it looked, how to name a folder, and a first article that builds', () => {
    const here = tempDir('galley-empty-');
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'build'], { cwd: here, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`galley: no manuscript/ folder in ${here}: given no folder, galley builds the manuscripts in manuscript/`);
    expect(run.stderr).toContain('galley build path/to/folder');
    expect(run.stderr).toContain('galley --help');
    // The article it shows builds as it is.
    const start = lines.findIndex((line) => line.trim() === '---');
    const article = lines.slice(start, lines.findIndex((line) => line.includes('then run galley'))).map((line) => line.replace(/^ {4}/, '')).join('\n');
    mkdirSync(path.join(here, 'manuscript', 'my-article'), { recursive: true });
    writeFileSync(path.join(here, 'manuscript', 'my-article', 'article.md'), `${article}\n`);
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'epub', '--no-page-list', '-o', path.join(here, 'out')], { cwd: here, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GALLEY_CACHE_DIR: tempDir() } });
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(path.join(here, 'out', 'my-article.epub'))).toBe(true);
  }, 180_000);

  it('refuses a link from one article of a collection to another at the link, saying why and what to write', () => {
    const root = tempDir('galley-linked-');
    for (const [name, body] of [
      ['tides', 'The tides are [measured](../gauge/article.md#the-gauge) every hour.'],
      ['gauge', '## The gauge\n\nIt reads the sea.'],
    ] as const) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'article.md'), `---\ntitle: "${name}"\nauthors: ["A. Writer"]\ndate: 2025-01-31\nlanguage: en\n---\n\n${body}\n`);
    }
    mkdirSync(path.join(root, 'week'));
    writeFileSync(path.join(root, 'week', 'collection.yaml'), 'title: "The week"\ndate: 2025-01-31\narticles: [../tides, ../gauge]\n');
    const out = path.join(root, 'out');
    const result = runCli(['epub', path.join(root, 'week'), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(result.status).toBe(1);
    const shown = path.relative(repoRoot, root);
    expect(result.stderr).toContain(
      `${shown}/tides/article.md:8:15: error: link to \`../gauge/article.md#the-gauge\` leads to another article (${shown}/gauge): galley makes no links between articles, not even within a collection, since each article is also built on its own, without the other; link to the other article's address on the web (https://…), or name it in the text`,
    );
    expect(result.stderr).not.toContain('points at another file');
    expect(existsSync(path.join(out, 'week.epub'))).toBe(false);
  }, 120_000);

  it('escapes the control characters of what it prints (here, a folder name), so that they cannot drive the terminal', async () => {
    const lines: string[] = [];
    const { main } = await import('../src/cli.js');
    const status = await main(['epub', 'no-such-folder\x1b[2J\u202e'], { info: (line) => lines.push(line), error: (line) => lines.push(line) });
    expect(status).toBe(2);
    expect(lines).toEqual(['galley: no-such-folder\\x1b[2J\\u202e: no such folder']);
  });

  describe('without a browser', () => {
    let noBrowser: NodeJS.ProcessEnv;
    beforeAll(() => {
      noBrowser = { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome', GALLEY_CACHE_DIR: tempDir() };
    });

    it('still builds the EPUB, says how to get a browser, and fails the PDF', () => {
      const out = tempDir();
      const result = runCli(['build', seedManuscript, '--out', out], noBrowser);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('✗ PDF editions not built');
      expect(result.stderr).toMatch(/apt-get install chromium|PUPPETEER_EXECUTABLE_PATH/);
      expect(existsSync(path.join(out, 'mattis-russia-nato.epub'))).toBe(true);
      expect(existsSync(path.join(out, 'mattis-russia-nato.pdf'))).toBe(false);
    });

    it('builds the EPUB alone without its page list, with a one-line notice', () => {
      const out = tempDir();
      const result = runCli(['epub', seedManuscript, '--out', out], noBrowser);
      expect(result.status).toBe(0);
      // One line, naming what is missing and where to look.
      expect(`${result.stdout}${result.stderr}`.split('\n').filter((line) => /page list|browser/.test(line))).toEqual([
        'e-books built without the print page list: no browser to lay out the PDF edition (see galley pdf)',
      ]);
      expect(existsSync(path.join(out, 'mattis-russia-nato.epub'))).toBe(true);

      // Still no browser: that e-book is up to date, not built again.
      const again = runCli(['epub', seedManuscript, '--out', out], noBrowser);
      expect(again.status).toBe(0);
      expect(again.stdout).toContain('1 edition unchanged, not rebuilt');
      expect(again.stdout).not.toContain('✓');
    });
  });

  it('-q prints errors only: a warning shows without it and not with it', () => {
    const manuscript = path.join(tempDir(), 'warned');
    cpSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'notes-and-tables'), manuscript, { recursive: true });
    appendFileSync(path.join(manuscript, 'article.md'), '\n[^unused]: A note nothing calls.\n');
    const env = { GALLEY_CACHE_DIR: tempDir() };
    const loud = runCli(['epub', manuscript, '--out', tempDir(), '--no-page-list'], env);
    expect(loud.status, loud.stderr).toBe(0);
    expect(loud.stderr).toMatch(/article\.md:\d+:1: warning: footnote `\[\^unused\]` is never called/);
    const quiet = runCli(['epub', manuscript, '--out', tempDir(), '--no-page-list', '-q'], env);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect({ stdout: quiet.stdout, stderr: quiet.stderr }).toEqual({ stdout: '', stderr: '' });
  });

  it('on a terminal, shows a status line from the start, one manuscript or many, and prints every line clear of it', () => {
    const manuscript = path.join(tempDir(), 'warned');
    cpSync(seedManuscript, manuscript, { recursive: true });
    appendFileSync(path.join(manuscript, 'article.md'), '\n[^unused]: A note nothing calls.\n');
    // script(1) gives galley a terminal; what galley writes to it comes out on script's stdout.
    const galley = [process.execPath, path.join(repoRoot, 'bin', 'galley.js'), 'epub', manuscript, '--out', tempDir(), '--no-page-list'];
    const quoted = galley.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
    const env: NodeJS.ProcessEnv = { ...process.env, GALLEY_CACHE_DIR: tempDir() };
    delete env.CI;
    const run = spawnSync('script', ['-qfec', quoted, '/dev/null'], { cwd: repoRoot, encoding: 'utf8', env, timeout: 120_000 });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('[........................] 0/1 manuscript, 0 s');
    // eslint-disable-next-line no-control-regex
    const pieces = run.stdout.split(/\r\n|\r|\n/).map((piece) => piece.replace(/\u001b\[2K/g, ''));
    const warnings = pieces.filter((piece) => piece.includes('warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^\S*warned\/article\.md:\d+:1: warning: footnote `\[\^unused\]` is never called/);
    expect(pieces.filter((piece) => piece.includes('✓'))[0]).toMatch(/^✓ /);
  });
});
