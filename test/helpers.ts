/** Shared test plumbing: run the real CLI, open real outputs, run the real validators. */
import { execFile, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { selectAll } from 'hast-util-select';
import JSZip from 'jszip';
import { beforeAll } from 'vitest';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const seedManuscript = path.join(repoRoot, 'manuscript', 'mattis-russia-nato');

export function tempDir(prefix = 'galley-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * In a new temporary folder (`work`), a copy of the seed manuscript named
 * alpha (`good`) and one whose date cannot be (2017-13-45) that fails to
 * build (`broken`).
 */
export function seedAndBroken(prefix: string): { work: string; good: string; broken: string } {
  const work = tempDir(prefix);
  const good = path.join(work, 'manuscripts', 'alpha');
  cpSync(seedManuscript, good, { recursive: true });
  const broken = path.join(work, 'broken', 'alpha');
  cpSync(seedManuscript, broken, { recursive: true });
  const file = path.join(broken, 'article.md');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^date: .*$/m, 'date: 2017-13-45'));
  return { work, good, broken };
}

/**
 * CPU time (user and system, in milliseconds) this process has used: what a
 * "fast enough" check measures, since the wall time of a busy machine (CI's
 * two cores shared by a whole suite) says more about the machine than about
 * the code. Tests run in a process of their own (vitest's forks), one at a time.
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU time (user and system, in seconds) of this process's ended child
 * processes and of theirs, as far as each waited for its own (the kernel's
 * cutime and cstime): after a `runCli`, what galley and its browser used.
 */
export function childrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces): state is field 3, cutime 16, cstime 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // In clock ticks: 100 a second on Linux (USER_HZ).
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Runs `galley <args>` as a user would, in its own process. */
/**
 * An article (`markdown`, written as `name`/article.md in a temporary folder)
 * built once with `galley build`, before the tests of the file, with a
 * build cache of its own. Read `out` (the output folder) and `built` (the run)
 * inside tests.
 */
export function buildArticleOnce(prefix: string, name: string, markdown: string): { readonly out: string; readonly built: SpawnSyncReturns<string> } {
  const root = tempDir(prefix);
  const out = path.join(root, 'out');
  let built: SpawnSyncReturns<string> | undefined;
  beforeAll(() => {
    const dir = path.join(root, 'in', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'article.md'), markdown);
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  }, 240_000);
  return {
    out,
    get built() {
      if (!built) throw new Error('The article is built before the tests, not while the file loads.');
      return built;
    },
  };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 180_000,
  });
}

/**
 * Builds an article written in the test, `slug/article.md` with the credits
 * fixture's photo as `images/photo.png`, through the CLI into a new folder
 * with a build cache of its own: the run, the folder and the e-book.
 */
export async function buildArticle(slug: string, markdown: string): Promise<{ result: SpawnSyncReturns<string>; out: string; zip: JSZip }> {
  const dir = path.join(tempDir(), slug);
  mkdirSync(path.join(dir, 'images'), { recursive: true });
  copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'good', 'credits', 'images', 'photo.png'), path.join(dir, 'images', 'photo.png'));
  writeFileSync(path.join(dir, 'article.md'), markdown);
  const out = tempDir();
  const result = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
  if (result.status !== 0) throw new Error(`galley build ${slug} exited ${result.status}:\n${result.stderr}`);
  return { result, out, zip: await openEpub(path.join(out, `${slug}.epub`)) };
}

export async function openEpub(file: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(file));
}

/** Writes every file of an unzipped e-book under `dir` (to open its pages in a browser). */
export async function unzipTo(zip: JSZip, dir: string): Promise<void> {
  for (const [entry, file] of Object.entries(zip.files)) {
    if (file.dir) continue;
    mkdirSync(path.dirname(path.join(dir, entry)), { recursive: true });
    writeFileSync(path.join(dir, entry), await file.async('nodebuffer'));
  }
}

export async function entryText(zip: JSZip, name: string): Promise<string> {
  const entry = zip.file(name);
  if (!entry) throw new Error(`${name} is not in the EPUB (has: ${Object.keys(zip.files).join(', ')})`);
  return entry.async('string');
}

export function parseHtml(text: string): Root {
  return fromHtml(text);
}

/** Normalised text of every element matching `selector`. */
export function texts(tree: Root, selector: string): string[] {
  return selectAll(selector, tree).map((node) => normalize(toString(node)));
}

/** Folds typographic quotes, dashes, soft hyphens and white space, so text from any edition compares with the source. */
export function normalize(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The seed article as its source gives it: headline, dek, credit, caption, body paragraphs, wire note, paywall line. */
export type SeedArticle = ReturnType<typeof seedArticle>;

/** The seed's words, read from test/fixtures/seed-article.txt (call it in beforeAll, not while the file is collected). */
export function seedArticle() {
  const lines = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'seed-article.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [headline, dek, credit, caption, ...rest] = lines as [string, string, string, string, ...string[]];
  const paywall = rest.pop()!;
  const wireNote = rest.pop()!;
  return { headline, dek, credit, caption, body: rest.map(normalize), wireNote, paywall };
}

export interface EpubCheckResult {
  fatals: number;
  errors: number;
  warnings: number;
  output: string;
}

const EPUBCHECK = ['-XX:TieredStopAtLevel=1', '-jar', '/usr/share/java/epubcheck.jar'];

/** EPUBCheck's counts from its printed report. */
function epubcheckReport(output: string, status: number | null): EpubCheckResult {
  const match = /Messages: (\d+) fatals? \/ (\d+) errors? \/ (\d+) warnings?/.exec(output);
  if (!match) throw new Error(`EPUBCheck did not report (exit ${status}):\n${output}`);
  return { fatals: Number(match[1]), errors: Number(match[2]), warnings: Number(match[3]), output };
}

export function epubcheck(file: string): EpubCheckResult {
  // The JVM's quick compiler only (-XX:TieredStopAtLevel=1): the same report for half the CPU (3.9 s of user
  // time instead of 7.5 s on the seed's e-book). EPUBCheck runs once and briefly, so the optimising compiler's
  // work never pays off; on a busy machine (load 34) one check took up to 110 s of wall, near this timeout.
  const result = spawnSync('java', [...EPUBCHECK, file], { encoding: 'utf8', timeout: 120_000 });
  return epubcheckReport(`${result.stdout}\n${result.stderr}`, result.status);
}

/** The same, without holding up the test's other checks (several e-books checked side by side). */
export function epubcheckAsync(file: string): Promise<EpubCheckResult> {
  return new Promise((resolve, reject) => {
    execFile('java', [...EPUBCHECK, file], { encoding: 'utf8', timeout: 240_000 }, (error, stdout, stderr) => {
      try {
        resolve(epubcheckReport(`${stdout}\n${stderr}`, error ? (typeof error.code === 'number' ? error.code : null) : 0));
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

export interface AceViolation {
  rule: string;
  impact: string;
  file: string;
  html: string;
}

/** Runs DAISY Ace on the EPUB with the system browser; returns its violations. */
export function ace(file: string, browser: string): AceViolation[] {
  const out = tempDir('galley-ace-');
  const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'ace-cli'), ['--silent', '--force', '--outdir', out, file], {
    encoding: 'utf8',
    env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser },
    timeout: 180_000,
  });
  let report: { assertions: Array<{ 'earl:testSubject': { url: string }; assertions: Array<{ 'earl:test': { 'dct:title': string; 'earl:impact': string }; 'earl:result': { html?: string } }> }> };
  try {
    report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
  } catch {
    throw new Error(`Ace wrote no report (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return report.assertions.flatMap((document) =>
    document.assertions.map((assertion) => ({
      rule: assertion['earl:test']['dct:title'],
      impact: assertion['earl:test']['earl:impact'],
      file: document['earl:testSubject'].url,
      html: assertion['earl:result'].html ?? '',
    })),
  );
}
