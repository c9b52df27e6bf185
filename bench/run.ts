/**
 * `npm run bench`: how fast galley builds, measured with the real CLI in
 * separate processes, as a user runs it. Prints a table and writes JSON.
 *
 *   --n <count>    manuscripts in the batch (default 100)
 *   --json <file>  where to write the results (default bench/results.json)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeCorpus } from './corpus.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * Node flags as `npm run build` passes them (a heap cap: V8 otherwise sizes
 * its heap to the machine and collects garbage lazily), so the bench measures
 * what users run.
 */
const nodeFlags = (
  /node (.*?)\s*bin\/galley\.js/.exec((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.build ?? '')?.[1] ?? ''
)
  .split(' ')
  .filter(Boolean);
const cli = path.join(root, 'bin', 'galley.js');
const seed = path.join(root, 'manuscript', 'mattis-russia-nato');

const { values } = parseArgs({ options: { n: { type: 'string', default: '100' }, json: { type: 'string', default: path.join(root, 'bench', 'results.json') } } });
const count = Number(values.n);
if (!Number.isInteger(count) || count < 1) throw new Error('--n takes a whole number of at least 1');

interface Run {
  seconds: number;
  /** Peak resident memory of the galley process itself (its VmHWM). */
  peakRssMb: number;
  /** Peak memory (Pss) of galley and the browser it started, together. */
  peakTreeMb: number;
  status: number | null;
}

/** A process's resident-memory high-water mark in kB (VmHWM), or 0 once it has ended. */
function highWaterKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Memory of a process and all its descendants, from /proc: the sum of their
 * proportional set sizes (Pss), so pages the browser's processes share are
 * counted once rather than once per process.
 */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    try {
      const rollup = readFileSync(`/proc/${current}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    } catch {
      // Gone.
    }
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

/** Runs galley; with `sample`, also samples its memory (which costs CPU: only for the batch). */
function run(args: string[], sample = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, cli, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    let peakTree = 0;
    const sampler = setInterval(() => {
      if (!sample || !child.pid) return;
      peak = Math.max(peak, highWaterKb(child.pid));
      peakTree = Math.max(peakTree, treeRssKb(child.pid));
    }, 100);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sampler);
      if (status !== 0) reject(new Error(`galley ${args.join(' ')} exited ${status}:\n${stderr}`));
      else resolve({ seconds: (performance.now() - start) / 1000, peakRssMb: Math.round(peak / 1024), peakTreeMb: Math.round(peakTree / 1024), status });
    });
  });
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function best(times: number, args: string[]): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < times; i++) runs.push(await run(args));
  return {
    seconds: median(runs.map((r) => r.seconds)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    peakTreeMb: Math.max(...runs.map((r) => r.peakTreeMb)),
    status: 0,
  };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'galley-bench-'));
const out = path.join(work, 'out');
try {
  // Warm the CLI bundle so that the first measurement is not a bundling run.
  spawnSync(process.execPath, [cli, '--version'], { cwd: root });

  console.error(`galley bench: ${count} synthetic manuscripts in ${work}`);
  const corpus = path.join(work, 'corpus');
  makeCorpus(seed, corpus, count);

  // Like for like with pandoc: the e-book alone, without laying out the print edition for its page list.
  const epubCold = await best(3, ['epub', seed, '--out', out, '--force', '-q', '--no-page-list']);
  const epubPaged = await best(3, ['epub', seed, '--out', out, '--force', '-q']);
  const pdfCold = await best(3, ['pdf', seed, '--out', out, '--force', '-q']);
  const batch = await run(['build', corpus, '--out', out, '--force', '-q'], true);
  const noop = await best(3, ['build', corpus, '--out', out, '-q']);

  let pandoc: { seconds: number; version: string } | undefined;
  const which = spawnSync('sh', ['-c', 'command -v pandoc'], { encoding: 'utf8' });
  if (which.status === 0) {
    const version = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]!;
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const result = spawnSync('pandoc', [path.join(seed, 'article.md'), '-o', path.join(work, 'pandoc.epub'), '--resource-path', seed], { encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`pandoc failed: ${result.stderr}`);
      times.push((performance.now() - start) / 1000);
    }
    pandoc = { seconds: median(times), version };
  }

  const rows: Array<[string, string, string, boolean | undefined]> = [
    ['EPUB, one article, cold CLI (no page list)', `${epubCold.seconds.toFixed(2)} s`, pandoc ? `≤ 1.5 × pandoc (${(1.5 * pandoc.seconds).toFixed(2)} s)` : '≤ 1.5 × pandoc (pandoc not installed)', pandoc ? epubCold.seconds <= 1.5 * pandoc.seconds : undefined],
    ['EPUB with print page list, cold CLI', `${epubPaged.seconds.toFixed(2)} s`, '', undefined],
    ['PDF, one article, cold CLI', `${pdfCold.seconds.toFixed(2)} s`, '≤ 1.0 s', pdfCold.seconds <= 1.0],
    [`Batch, ${count} articles, EPUB + PDF`, `${batch.seconds.toFixed(2)} s`, count === 100 ? '≤ 10 s' : '', count === 100 ? batch.seconds <= 10 : undefined],
    ['No-op rebuild of the batch', `${noop.seconds.toFixed(2)} s`, '≤ 0.3 s', noop.seconds <= 0.3],
    ['Peak RSS of galley, batch', `${batch.peakRssMb} MB`, '≤ 600 MB', batch.peakRssMb <= 600],
    ['Peak memory, batch, galley + its browser (Pss)', `${batch.peakTreeMb} MB`, '', undefined],
  ];
  if (pandoc) rows.splice(1, 0, ['pandoc EPUB, same article', `${pandoc.seconds.toFixed(2)} s`, `ratio ${(epubCold.seconds / pandoc.seconds).toFixed(2)}×`, undefined]);

  const width = [0, 1, 2].map((i) => Math.max(...rows.map((row) => String(row[i]).length)));
  console.log(`| ${'measure'.padEnd(width[0]!)} | ${'result'.padEnd(width[1]!)} | ${'target'.padEnd(width[2]!)} | met |`);
  console.log(`| ${'-'.repeat(width[0]!)} | ${'-'.repeat(width[1]!)} | ${'-'.repeat(width[2]!)} | --- |`);
  for (const [measure, result, target, met] of rows) {
    console.log(`| ${measure.padEnd(width[0]!)} | ${result.padEnd(width[1]!)} | ${target.padEnd(width[2]!)} | ${met === undefined ? '   ' : met ? 'yes' : 'no '} |`);
  }

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version },
    count,
    epubColdSeconds: epubCold.seconds,
    epubWithPageListColdSeconds: epubPaged.seconds,
    pdfColdSeconds: pdfCold.seconds,
    batchSeconds: batch.seconds,
    noopSeconds: noop.seconds,
    batchPeakRssMb: batch.peakRssMb,
    batchPeakWithBrowserPssMb: batch.peakTreeMb,
    pandoc: pandoc ?? null,
  };
  writeFileSync(values.json!, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`results written to ${path.relative(process.cwd(), values.json!)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
