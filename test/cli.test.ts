import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot, runCli, seedManuscript, tempDir } from './helpers.js';

describe('command line', () => {
  it('--help explains the commands and options', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const word of ['galley build', 'galley epub', 'galley pdf', '--out', '--page-size']) expect(result.stdout).toContain(word);
  });

  it('rejects an unknown command with exit 2, naming the one it resembles and the commands there are', () => {
    const result = runCli(['publish']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command `publish`');
    const typo = runCli(['biuld', 'manuscript']);
    expect(typo.status).toBe(2);
    expect(typo.stderr.trim().split('\n')).toEqual([
      'galley: unknown command `biuld`: did you mean galley build?',
      'The commands are build, epub, pdf, site, preview and dev; galley --help says what each does.',
    ]);
    const help = runCli(['help', 'sit']);
    expect(help.status).toBe(2);
    expect(help.stderr).toContain('unknown command `sit`: did you mean galley site?');
  });

  // What each command's --help lists: every option it takes, with the default of each that has a value.
  const HELPS: Record<string, string[]> = {
    build: ['-o, --out <dir>', '(default: dist/)', '--page-size <size>', '(default: letter)', '--no-page-list', '-f, --force', '-j, --jobs <n>', '(default: one per core', '-q, --quiet', '--shard <k/n>', '-h, --help'],
    epub: ['-o, --out <dir>', '(default: dist/)', '--page-size <size>', '(default: letter)', '--no-page-list', '-f, --force', '-j, --jobs <n>', '-q, --quiet', '--shard <k/n>', '-h, --help'],
    pdf: ['-o, --out <dir>', '(default: dist/)', '--page-size <size>', '(default: letter)', '-f, --force', '-j, --jobs <n>', '-q, --quiet', '--shard <k/n>', '-h, --help'],
    site: ['-o, --out <dir>', '(default: dist/)', '-q, --quiet', '-h, --help'],
    preview: ['-o, --out <dir>', '(default: dist/)', '-p, --port <n>', '(default: 4173)', '-h, --help'],
    dev: ['-o, --out <dir>', '(default: dist/)', '-p, --port <n>', '(default: 4173)', '--page-size <size>', '(default: letter)', '--no-page-list', '-f, --force', '-j, --jobs <n>', '-q, --quiet', '-h, --help'],
  };
  const FLAGS = ['--out', '--page-size', '--no-page-list', '--force', '--jobs', '--quiet', '--shard', '--port'];

  it('has a --help for every command (and galley help <command>) listing its options with their defaults, and no other', () => {
    for (const [command, lines] of Object.entries(HELPS)) {
      const help = runCli([command, '--help']);
      expect(help.status, command).toBe(0);
      expect(help.stderr, command).toBe('');
      expect(help.stdout.split('\n')[0], command).toBe(`Usage: galley ${command} ${command === 'preview' ? '[options]' : '[manuscript…] [options]'}`);
      for (const line of lines) expect(help.stdout, `${command}: ${line}`).toContain(line);
      const listed = FLAGS.filter((flag) => new RegExp(`${flag}\\b(?!-)`).test(help.stdout.slice(help.stdout.indexOf('Options:'))));
      expect(listed, command).toEqual(FLAGS.filter((flag) => lines.some((line) => line.includes(`${flag} `) || line.endsWith(flag))));
      // The same words, asked the other ways.
      expect(runCli(['help', command]).stdout, command).toBe(help.stdout);
      expect(runCli([command, 'some-folder', '-h', '--bogus']).stdout, command).toBe(help.stdout);
    }
    const top = runCli(['help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toBe(runCli(['--help']).stdout);
    for (const word of ['galley help <command>', '-v, --version', '(default: dist/)', '(default: letter)']) expect(top.stdout).toContain(word);
  });

  it('names an unknown option and the nearest it knows, or the commands that take it', () => {
    const cases: Array<[string[], string]> = [
      [['epub', '--pag', 'a4'], 'galley epub: unknown option --pag: did you mean --page-size?'],
      [['build', '--output', 'x'], 'galley build: unknown option --output: did you mean --out?'],
      [['pdf', '--qiet'], 'galley pdf: unknown option --qiet: did you mean --quiet?'],
      [['build', '-p', '8080'], 'galley build: -p (--port) means nothing to galley build; it is an option of galley preview and dev'],
      [['preview', '--page-size', 'a4'], 'galley preview: --page-size means nothing to galley preview, which serves the editions already built in --out; it is an option of galley build, epub, pdf and dev'],
      [['pdf', '--no-page-list'], 'galley pdf: --no-page-list means nothing to galley pdf, which builds the PDF only; it is an option of galley build, epub and dev'],
      [['preview', 'dist'], 'galley preview: unexpected `dist`: galley preview takes no manuscript; to serve another folder, give --out dist'],
      [['build', '--no-page-list=false'], 'galley build: --no-page-list takes no value: give --no-page-list alone, or leave it out'],
    ];
    for (const [args, said] of cases) {
      const result = runCli(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([said, `Run galley ${args[0]} --help for usage.`]);
    }
  });

  it('galley site refuses the options that only building reads, and writes nothing', () => {
    const out = path.join(tempDir(), 'out');
    for (const args of [['--page-size', 'a4'], ['--no-page-list'], ['-f'], ['--jobs', '2'], ['--shard', '1/2']]) {
      const result = runCli(['site', seedManuscript, '--out', out, ...args]);
      expect(result.status, args.join(' ')).toBe(2);
      const flag = args[0] === '-f' ? '-f (--force)' : args[0]!;
      expect(result.stderr, args.join(' ')).toContain(
        args[0] === '--shard' ? 'galley site: --shard splits a build; galley site writes the page for every manuscript' : `galley site: ${flag} means nothing to galley site, which writes the download page for the editions already built in --out; it is an option of galley build`,
      );
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
  });

  it('galley site says what is wrong with a manuscript it cannot read, and fails', () => {
    const work = tempDir();
    const manuscript = path.join(work, 'story');
    cpSync(seedManuscript, manuscript, { recursive: true });
    const out = path.join(work, 'out');
    const env = { GALLEY_CACHE_DIR: tempDir() };
    expect(runCli(['epub', manuscript, '--out', out, '--no-page-list', '-q'], env).status).toBe(0);
    const article = path.join(manuscript, 'article.md');
    writeFileSync(article, readFileSync(article, 'utf8').replace(/^title: .*$/m, 'title: [unclosed'));
    const result = runCli(['site', manuscript, '--out', out], env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^${path.relative(repoRoot, article).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: malformed YAML front matter`, 'm'));
  }, 120_000);

  it('galley site with nothing built says so and how to build, fails, and writes nothing (a previous page stays)', () => {
    const work = tempDir();
    const out = path.join(work, 'out');
    const shown = path.relative(repoRoot, out);
    const result = runCli(['site', seedManuscript, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      `galley: nothing is built in ${shown}/ yet: the download page lists the editions there, so galley site writes none. Build them first: galley build --out ${shown} writes both editions and the page (or galley epub or galley pdf, then galley site --out ${shown})`,
    );
    expect(result.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    // A page left from editions since removed is kept as it was, and nothing is added beside it.
    mkdirSync(out);
    writeFileSync(path.join(out, 'index.html'), '<p>the last page</p>');
    writeFileSync(path.join(out, 'notes.epub.txt'), 'not an edition');
    const again = runCli(['site', seedManuscript, '--out', out]);
    expect(again.status).toBe(1);
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toBe('<p>the last page</p>');
    expect(readdirSync(out).sort()).toEqual(['index.html', 'notes.epub.txt']);
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

  // Node's recursive mkdir loops for ever on a folder the system will not make inside one that is there.
  it.skipIf(!existsSync('/proc/self'))('fails with a message, rather than hanging, on an --out no folder can be made at (/proc/…)', () => {
    const out = '/proc/galley-out';
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'epub', seedManuscript, '--out', out, '--no-page-list'], { cwd: repoRoot, encoding: 'utf8', timeout: 30_000 });
    expect(result.signal).toBeNull();
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(`galley: cannot write to ${path.relative(repoRoot, out)}/: no folder can be made there (ENOENT); choose another output folder with --out`);
    // A folder several levels down that is not there yet is still made.
    const deep = path.join(tempDir(), 'a', 'b', 'out');
    const made = runCli(['epub', seedManuscript, '--out', deep, '--no-page-list']);
    expect(made.status).toBe(0);
    expect(readdirSync(deep)).toContain(`${path.basename(seedManuscript)}.epub`);
  });

  it('names an --out that is a file as one, once, in every command, and leaves the file as it was', () => {
    const work = tempDir();
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'keep me');
    const shown = path.relative(repoRoot, file);
    const cases: Array<[string[], number, string]> = [
      [['site', seedManuscript], 1, `galley: cannot write to ${shown}/: ${shown} is a file, not a folder; choose a folder with --out`],
      [['dev', seedManuscript, '--no-page-list', '-p', '0'], 1, `galley dev: ${shown} is a file, not a folder; choose a folder with --out`],
      [['preview', '-p', '0'], 1, `galley preview: ${file} is a file, not a folder: give the folder of the editions with --out (galley build writes them to dist/)`],
    ];
    for (const [args, status, said] of cases) {
      const result = runCli([...args, '--out', file]);
      expect(result.status, args[0]).toBe(status);
      expect(result.stderr.trim(), args[0]).toBe(said);
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('refuses an empty --out, and one inside a manuscript, before writing anything', () => {
    const work = tempDir();
    const manuscript = path.join(work, 'story');
    cpSync(seedManuscript, manuscript, { recursive: true });
    const before = readdirSync(manuscript, { recursive: true }).map(String).sort();
    const shown = path.relative(repoRoot, manuscript);
    const cases: Array<[string[], string]> = [
      [['epub', manuscript, '--out='], 'galley epub: --out is empty; give a folder, e.g. --out dist'],
      [['preview', '--out', ''], 'galley preview: --out is empty; give a folder, e.g. --out dist'],
      [['epub', manuscript, '--out', manuscript], `galley: --out ${shown} is the folder of the manuscript ${shown}: editions written there would be mixed with its files (and rebuilt every time); choose a folder outside it, e.g. --out dist`],
      [['build', work, '--out', path.join(manuscript, 'out')], `galley: --out ${shown}/out is inside the manuscript ${shown}: editions written there would be mixed with its files (and rebuilt every time); choose a folder outside it, e.g. --out dist`],
    ];
    for (const [args, said] of cases) {
      const result = runCli([...args, '--no-page-list'].filter((arg) => args[0] !== 'preview' || arg !== '--no-page-list'));
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')[0], args.join(' ')).toBe(said);
    }
    expect(readdirSync(manuscript, { recursive: true }).map(String).sort()).toEqual(before);
  });

  it('reads the build options alike in galley dev and the builds: an unknown page size, --jobs 0', () => {
    for (const [command, prefix] of [['pdf', 'galley: '], ['dev', 'galley dev: ']] as const) {
      const result = runCli([command, '--page-size', 'a3']);
      expect(result.status, command).toBe(2);
      expect(result.stderr, command).toContain(`${prefix}--page-size must be one of letter, a4, 6x9 (got \`a3\`)`);
      const jobs = runCli([command, ...(command === 'dev' ? ['--no-page-list'] : []), '-f', '--jobs', '0']);
      expect(jobs.status, command).toBe(2);
      expect(jobs.stderr, command).toContain(`${prefix}--jobs must be a whole number of at least 1 (got \`0\`)`);
    }
    // The options the commands share are spelled alike: -o takes a folder everywhere.
    for (const command of ['build', 'dev', 'preview']) {
      const result = runCli([command, '-o']);
      expect(result.status, command).toBe(2);
      expect(result.stderr, command).toContain(`galley ${command}: --out needs a value (a folder, e.g. --out dist)`);
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
    // galley dev says the same; galley site, which lists what is built, has the new article built first.
    const dev = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'dev'], { cwd: here, encoding: 'utf8', timeout: 60_000 });
    expect(dev.status).toBe(2);
    expect(dev.stderr).toBe(run.stderr.replaceAll('galley build ', 'galley dev '));
    const site = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'site'], { cwd: here, encoding: 'utf8', timeout: 60_000 });
    expect(site.status).toBe(2);
    expect(site.stderr).toContain('then run galley build. All the options: galley --help');
    expect(readdirSync(here)).toEqual([]);
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

  it('on Ctrl-C, says it stopped, exits 130 and leaves no edition half-made', async () => {
    const out = path.join(tempDir(), 'out');
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'build', seedManuscript, '--out', out], {
      cwd: repoRoot,
      env: { ...process.env, GALLEY_CACHE_DIR: tempDir() },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Stopped as soon as it says what it builds: long before the editions are done.
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += String(chunk);
        if (stdout.includes('1 manuscript →')) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('galley: stopped (Ctrl-C): the editions under way were not written; those finished before stay');
    expect(existsSync(out) ? readdirSync(out, { recursive: true }).map(String).filter((name) => /\.(pdf|epub|tmp|html)$/.test(name)) : []).toEqual([]);
  }, 120_000);

  it('run inside a manuscript, or a folder of them, with no folder named: says so, and a command that builds it', () => {
    const work = tempDir();
    const story = path.join(work, 'story');
    cpSync(seedManuscript, story, { recursive: true });
    const galley = (cwd: string, args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, GALLEY_CACHE_DIR: tempDir() } });
    const inside = galley(story, ['epub']);
    expect(inside.status).toBe(2);
    expect(inside.stderr.trim().split('\n')).toEqual([
      'galley: no manuscript/ folder here: given no folder, galley builds the manuscripts in manuscript/, but this folder is a manuscript itself (it holds article.md)',
      '  Build it with its editions outside it: galley epub . --out ../dist (or, from the folder above, galley epub story)',
    ]);
    const above = galley(work, ['epub']);
    expect(above.status).toBe(2);
    expect(above.stderr).toContain('but the folders here are manuscripts (story)\n  Build them all: galley epub .   or one: galley epub story');
    // What it says builds.
    const built = galley(story, ['epub', '.', '--out', '../dist', '--no-page-list']);
    expect(built.status, built.stderr).toBe(0);
    expect(existsSync(path.join(work, 'dist', 'story.epub'))).toBe(true);
  }, 180_000);

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
