/**
 * Fuzzing: generated manuscripts (test/fuzz/generate.ts, seeded and
 * deterministic) through the real reader and the real EPUB writer, in
 * process. Each must give either an e-book that is well-formed and whole, or
 * errors that each carry a position, never a stack trace or another kind of
 * exception, and within a bounded time. EPUBCheck runs on a sample of the
 * e-books (with the real cover).
 *
 * `npm test` runs FUZZ_CASES (default 200) cases; `npm run fuzz` runs
 * thousands. A failure names its seed: `FUZZ_SEED=<seed> FUZZ_CASES=1`
 * replays it.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromXml } from 'xast-util-from-xml';
import { buildEpub, renderEpubCover } from '../src/epub/index.js';
import { loadManuscript, ManuscriptError } from '../src/manuscript/index.js';
import { generate, picturePool } from './fuzz/generate.js';
import { cpuMs, epubcheck, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfInfo, processesWith } from './pdf-helpers.js';

const CASES = Number(process.env.FUZZ_CASES ?? 200);
const FIRST_SEED = Number(process.env.FUZZ_SEED ?? 1);
/** E-books checked by EPUBCheck (each takes seconds). */
const EPUBCHECK_SAMPLE = Number(process.env.FUZZ_EPUBCHECK ?? 2);
/** Writes the manuscript of `seed` as the folder `<parent>/fuzz-<seed>`. */
function writeManuscript(seed: number, parent: string): string {
  const generated = generate(seed, repoRoot);
  const dir = path.join(parent, `fuzz-${seed}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), generated.article);
  for (const [name, bytes] of Object.entries(generated.files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}

/** Reader and writer, per manuscript, in CPU time (this process's, its threads' included). Generous. */
const CASE_BUDGET_MS = 30_000;

/** A 1×1 PNG: the cover is drawn for the EPUBCheck sample only (it takes half a second). */
const SMALL_COVER = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg==', 'base64');

interface Outcome {
  seed: number;
  kind: 'epub' | 'refused';
  ms: number;
  problems: string[];
  epub?: Buffer;
}

/** What is wrong with a built e-book, checked without a validator: XML, links, pictures, folders. */
async function inspectEpub(buffer: Buffer): Promise<string[]> {
  const problems: string[] = [];
  const zip = await JSZip.loadAsync(buffer);
  const names = Object.keys(zip.files);
  for (const name of names.filter((entry) => zip.files[entry]!.dir)) {
    if (!names.some((other) => other !== name && other.startsWith(name))) problems.push(`empty folder ${name}`);
  }
  // EPUB 3's image types only, and SVG pictures that refer to nothing but their own ids, unquoted (EPUBCheck RSC-007).
  for (const name of names.filter((entry) => /\.webp$/i.test(entry))) problems.push(`a WebP picture ${name}`);
  for (const name of names.filter((entry) => entry.startsWith('OEBPS/images/') && entry.endsWith('.svg'))) {
    const svg = await zip.file(name)!.async('string');
    for (const match of svg.matchAll(/url\(([^)]*)\)/g)) {
      const id = /^#([^'"\s]+)$/.exec(match[1]!)?.[1];
      if (!id || !svg.includes(`id="${id}"`)) problems.push(`${name} refers to ${match[0]}`);
    }
  }
  const article = await zip.file('OEBPS/article.xhtml')?.async('string');
  if (!article) return [...problems, 'no OEBPS/article.xhtml'];
  for (const name of names.filter((entry) => /\.(xhtml|opf|ncx|svg)$/.test(entry))) {
    try {
      fromXml(await zip.file(name)!.async('string'));
    } catch (error) {
      problems.push(`${name} is not well-formed XML: ${(error as Error).message}`);
    }
  }
  const ids = new Set([...article.matchAll(/\sid="([^"]*)"/g)].map((match) => match[1]));
  const seen = new Set<string>();
  for (const match of article.matchAll(/\sid="([^"]*)"/g)) {
    if (seen.has(match[1]!)) problems.push(`id ${match[1]} twice`);
    seen.add(match[1]!);
  }
  for (const match of article.matchAll(/<a [^>]*href="([^"]*)"/g)) {
    const href = match[1]!;
    if (href.startsWith('#')) {
      if (!ids.has(decodeURIComponent(href.slice(1)))) problems.push(`link ${href} leads nowhere`);
    } else if (!/^(https?|mailto):/.test(href)) {
      problems.push(`link ${href} leaves the edition`);
    }
  }
  for (const match of article.matchAll(/<img [^>]*src="([^"]*)"/g)) {
    if (!zip.file(`OEBPS/${match[1]}`)) problems.push(`picture ${match[1]} not in the package`);
  }
  if (/\[\^[^\]\s]+\]/.test(article.replace(/<code>[\s\S]*?<\/code>/g, ''))) problems.push('a literal [^note] in the text');
  if (/<script|javascript:|file:/i.test(article)) problems.push('a script or a file: URL in the article');
  return problems;
}

async function runCase(seed: number, root: string, drawCover: boolean): Promise<Outcome> {
  const dir = writeManuscript(seed, root);
  // CPU time, not wall time: a busy machine stretches the wall time several times over.
  const start = cpuMs();
  const problems: string[] = [];
  try {
    let loaded;
    try {
      loaded = await loadManuscript(dir);
    } catch (error) {
      if (!(error instanceof ManuscriptError)) {
        problems.push(`the reader threw ${(error as Error)?.name}: ${(error as Error)?.stack ?? String(error)}`);
        return { seed, kind: 'refused', ms: cpuMs() - start, problems };
      }
      // A refusal carries the warnings found on the way too, but never only warnings.
      if (error.errors === 0) problems.push('refused without an error');
      for (const message of error.messages) {
        if (typeof message.line !== 'number' || typeof message.column !== 'number') problems.push(`no position: ${message.reason}`);
        if (/\n\s+at .+\(.+:\d+:\d+\)/.test(message.reason) || message.reason.trim() === '') problems.push(`not a clear message: ${message.reason}`);
      }
      return { seed, kind: 'refused', ms: cpuMs() - start, problems };
    }
    for (const warning of loaded.warnings) {
      if (typeof warning.line !== 'number') problems.push(`warning without a position: ${warning.reason}`);
    }
    const cover = drawCover ? renderEpubCover(loaded.document) : Promise.resolve(SMALL_COVER);
    const { buffer } = await buildEpub(loaded.document, { cover });
    problems.push(...(await inspectEpub(buffer)));
    return { seed, kind: 'epub', ms: cpuMs() - start, problems, epub: buffer };
  } catch (error) {
    problems.push(`the EPUB writer threw: ${(error as Error)?.stack ?? String(error)}`);
    return { seed, kind: 'epub', ms: cpuMs() - start, problems };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe(`fuzzing: ${CASES} generated manuscripts from seed ${FIRST_SEED}`, () => {
  const outcomes: Outcome[] = [];
  let root: string;

  beforeAll(async () => {
    root = tempDir('galley-fuzz-');
    picturePool(repoRoot);
    // The first manuscript also pays for loading the reader's and writer's
    // modules and warming the JIT: not counted against the time budget.
    await runCase(0, root, false);
    let covers = 0;
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      const outcome = await runCase(seed, root, false);
      if (outcome.kind === 'epub' && outcome.problems.length === 0 && covers < EPUBCHECK_SAMPLE) {
        // The sample is built again with its real cover, as an edition would be.
        const withCover = await runCase(seed, root, true);
        outcomes.push(withCover);
        covers++;
        continue;
      }
      delete outcome.epub;
      outcomes.push(outcome);
    }
  }, 1_800_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('meets every kind of outcome: e-books built and manuscripts refused', () => {
    const built = outcomes.filter((outcome) => outcome.kind === 'epub').length;
    expect(built).toBeGreaterThan(CASES / 10);
    expect(CASES - built).toBeGreaterThan(CASES / 10);
  });

  it('gives an e-book that is whole and well-formed, or errors with positions; never a stack trace', () => {
    const failed = outcomes.filter((outcome) => outcome.problems.length > 0).map((outcome) => `seed ${outcome.seed}: ${outcome.problems.join('; ')}`);
    expect(failed).toEqual([]);
  });

  it(`answers each manuscript within ${CASE_BUDGET_MS / 1000} s of CPU`, () => {
    const slow = outcomes.filter((outcome) => outcome.ms > CASE_BUDGET_MS).map((outcome) => `seed ${outcome.seed}: ${Math.round(outcome.ms)} ms`);
    expect(slow).toEqual([]);
  });

  it('gives e-books that pass EPUBCheck (a sample, with their real covers)', () => {
    const sample = outcomes.filter((outcome) => outcome.epub);
    expect(sample.length).toBe(Math.min(EPUBCHECK_SAMPLE, outcomes.filter((outcome) => outcome.kind === 'epub').length));
    for (const outcome of sample) {
      const file = path.join(root, `fuzz-${outcome.seed}.epub`);
      writeFileSync(file, outcome.epub!);
      const check = epubcheck(file);
      expect([check.fatals, check.errors, check.warnings], `seed ${outcome.seed}:\n${check.output}`).toEqual([0, 0, 0]);
    }
  }, 600_000);

  it('builds the same sample through the command line, PDF included, and leaves no browser behind', () => {
    const sample = outcomes.filter((outcome) => outcome.epub);
    expect(sample.length).toBeGreaterThan(0);
    const tmp = path.join(root, 'tmp');
    mkdirSync(tmp, { recursive: true });
    for (const { seed } of sample) {
      const dir = writeManuscript(seed, path.join(root, 'command-line'));
      const out = path.join(root, 'command-line-out');
      const result = runCli(['build', dir, '--out', out], { TMPDIR: tmp, GALLEY_CACHE_DIR: path.join(root, 'cache') });
      expect(result.status, `seed ${seed}:\n${result.stderr}`).toBe(0);
      expect(result.stderr, `seed ${seed}`).not.toMatch(/^\s+at /m);
      expect(Number(pdfInfo(path.join(out, `fuzz-${seed}.pdf`)).Pages), `seed ${seed}`).toBeGreaterThan(0);
      expect(existsSync(path.join(out, `fuzz-${seed}.epub`)), `seed ${seed}`).toBe(true);
      // The browser ended with galley: no process, no profile.
      expect(processesWith(`${tmp}/galley-chromium-`), `seed ${seed}`).toEqual([]);
      expect(readdirSync(tmp).filter((name) => name.startsWith('galley-chromium-')), `seed ${seed}`).toEqual([]);
    }
  }, 900_000);
});
