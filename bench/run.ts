/**
 * `npm run bench`: how fast galley builds, measured with the real CLI in
 * separate processes, as a user runs it, side by side with its peers when
 * they are installed: pandoc makes the e-book of the same article, WeasyPrint
 * prints the same print HTML. Each comparison is paired (galley and the peer
 * one after the other, the order alternating) and reports the medians of the
 * times and of the per-pair ratios. Prints a table and writes JSON.
 *
 *   --n <count>      manuscripts in the batch (default 100)
 *   --pairs <count>  paired runs per comparison (default 5, at least 5 for the README)
 *   --json <file>    where to write the results (default bench/results.json)
 *   --cold-only      only the single-article runs against the peers (no batch, no dev loop)
 *   --batch-only     only the batch (with its memory and CPU by process), as many times as --pairs says
 *   --help           this list
 *
 * The batch's row also tells, at its peak of memory, the Pss and the private
 * memory (USS) of each kind of process (galley, the browser, its renderers,
 * its GPU process, its zygotes), and the CPU of galley's main thread and its
 * idle share, galley's whole CPU and the browser's processes' (read from
 * /proc every 100 ms: Chromium's renderers are not reaped by galley, so no
 * rusage of galley's counts them). Pss splits the pages that processes share
 * among all that map them, other programs' browsers and Node included: on a
 * busy machine it reads lower, while the private memory does not move with
 * the load.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeCorpus } from './corpus.js';
import { writePrintHtml } from './print-html.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/**
 * Node flags as the npm scripts pass them (a heap cap: V8
 * otherwise sizes its heap to the machine and collects garbage lazily; a
 * single article's `build:epub` and `build:pdf` also let the old generation
 * grow to 64 MB before its first collection, which a batch's `build` does
 * not), so the bench measures what users run.
 */
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const flagsOf = (script: string): string[] =>
  (/node (.*?)\s*bin\/galley\.js/.exec(scripts[script] ?? '')?.[1] ?? '').split(' ').filter(Boolean);
/** The npm script of a command with one of its own; the others (the batch, `galley dev`) run with `build`'s flags. */
const scriptOf: Record<string, string> = { epub: 'build:epub', pdf: 'build:pdf' };
const nodeFlagsFor = (command: string | undefined): string[] => flagsOf(scriptOf[command ?? ''] ?? 'build');
const cli = path.join(root, 'bin', 'galley.js');
const seed = path.join(root, 'manuscript', 'mattis-russia-nato');

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100' },
    pairs: { type: 'string', default: '5' },
    json: { type: 'string', default: path.join(root, 'bench', 'results.json') },
    'cold-only': { type: 'boolean', default: false },
    'batch-only': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  // The options, as the top of this file lists them.
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(['npm run bench -- [options]', ...head.split('\n').filter((line) => /^ \*   --/.test(line)).map((line) => line.slice(3))].join('\n'));
  process.exit(0);
}
const count = Number(values.n);
if (!Number.isInteger(count) || count < 1) throw new Error('--n takes a whole number of at least 1');
const pairs = Number(values.pairs);
if (!Number.isInteger(pairs) || pairs < 1) throw new Error('--pairs takes a whole number of at least 1');

interface Run {
  seconds: number;
  /** Peak resident memory of the galley process itself (its VmHWM). */
  peakRssMb: number;
  /** Peak memory (Pss) of galley and the browser it started, together. */
  peakTreeMb: number;
  status: number | null;
  /** With `sample`: where the memory and the CPU went (see the top of this file). */
  detail?: Detail;
}

/** A sampled run's memory at its peak, by kind of process, and its CPU. */
interface Detail {
  /** Pss (MB) of each kind of process at the tree's peak, and how many there were. */
  peakPssByKind: Record<string, { mb: number; processes: number }>;
  /** The highest private memory (Private_Clean + Private_Dirty) of the whole tree, MB. */
  peakPrivateMb: number;
  /** CPU seconds of galley's main thread, and the share of the wall time it was not running. */
  mainThreadCpu: number;
  mainThreadIdle: number;
  /** CPU seconds of galley (all its threads) and of the browser's processes, by kind, as last read. */
  galleyCpu: number;
  browserCpuByKind: Record<string, number>;
}

/** A process's resident-memory high-water mark in kB (VmHWM), or 0 once it has ended. */
function highWaterKb(pid: number): number {
  try {
    return Number(/^VmHWM:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** The fields of /proc/PID/stat after the command name (which may hold spaces), or undefined once it has ended. */
function statFields(file: string): string[] | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) from /proc/PID/stat's fields. */
const ticks = 100;
const cpuOf = (fields: string[]): number => (Number(fields[11]) + Number(fields[12])) / ticks;

/** A process and all its descendants, from /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(`/proc/${entry}/stat`);
    if (!fields) continue; // The process ended while we looked.
    const ppid = Number(fields[1]);
    children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const all: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const current = stack.pop()!;
    all.push(current);
    stack.push(...(children.get(current) ?? []));
  }
  return all;
}

/**
 * The process that builds: galley, or, where galley started itself again
 * under a limit of malloc arenas (bin/arena-limit.cjs), that second process.
 */
function builderOf(root: number): number {
  try {
    for (const child of readFileSync(`/proc/${root}/task/${root}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)) {
      const args = readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0');
      if (args[0] === process.execPath && args.some((arg) => arg.endsWith(path.join('bin', 'galley.js')))) return child;
    }
  } catch {
    // Ended while we looked.
  }
  return root;
}

/** What a process of the tree is: galley itself, the process that started it (see builderOf), or the browser's process type (Chromium writes its whole command line into argv[0]). */
function kindOf(pid: number, root: number): string {
  if (pid === root) return 'galley';
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (args.split('\0')[0] === process.execPath) return 'galley';
    const type = /--type=([a-z-]+)/.exec(args)?.[1];
    return type ?? 'browser';
  } catch {
    return 'gone';
  }
}

/**
 * Memory of a process and all its descendants, from /proc: the sum of their
 * proportional set sizes (Pss), so pages the browser's processes share are
 * counted once rather than once per process; with the private memory and
 * the Pss of each kind of process.
 */
function treeMemory(pid: number, kinds: Map<number, string>): { pssKb: number; privateKb: number; byKind: Record<string, { kb: number; processes: number }> } {
  let pssKb = 0;
  let privateKb = 0;
  const byKind: Record<string, { kb: number; processes: number }> = {};
  for (const current of descendants(pid)) {
    try {
      const rollup = readFileSync(`/proc/${current}/smaps_rollup`, 'utf8');
      const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? 0);
      const pss = field('Pss');
      pssKb += pss;
      privateKb += field('Private_Clean') + field('Private_Dirty');
      if (!kinds.has(current)) kinds.set(current, kindOf(current, pid));
      const kind = (byKind[kinds.get(current)!] ??= { kb: 0, processes: 0 });
      kind.kb += pss;
      kind.processes++;
    } catch {
      // Gone.
    }
  }
  return { pssKb, privateKb, byKind };
}

/** Runs galley; with `sample`, also samples its memory (which costs CPU: only for the batch). */
function run(args: string[], sample = false, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return runCommand(process.execPath, [...nodeFlagsFor(args[0]), cli, ...args], sample, env);
}

/** Runs a command to its end and times it. */
function runCommand(command: string, args: string[], sample = false, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let peak = 0;
    let peakTree = 0;
    let peakPrivate = 0;
    let peakByKind: Record<string, { kb: number; processes: number }> = {};
    const kinds = new Map<number, string>();
    /** The CPU last read of galley's main thread, of galley, and of each of the browser's processes. */
    let mainCpu = 0;
    let galleyCpu = 0;
    const browserCpu = new Map<number, number>();
    let builder = child.pid ?? 0;
    const sampler = setInterval(() => {
      if (!sample || !child.pid) return;
      // Once found, kept: at its end the second process goes before the first.
      builder = builder === child.pid ? builderOf(child.pid) : builder;
      peak = Math.max(peak, highWaterKb(builder));
      const memory = treeMemory(child.pid, kinds);
      peakPrivate = Math.max(peakPrivate, memory.privateKb);
      if (memory.pssKb > peakTree) [peakTree, peakByKind] = [memory.pssKb, memory.byKind];
      const main = statFields(`/proc/${builder}/task/${builder}/stat`);
      const whole = statFields(`/proc/${builder}/stat`);
      if (main && whole) [mainCpu, galleyCpu] = [cpuOf(main), cpuOf(whole)];
      for (const pid of kinds.keys()) {
        const fields = pid === child.pid || pid === builder ? undefined : statFields(`/proc/${pid}/stat`);
        if (fields) browserCpu.set(pid, cpuOf(fields));
      }
    }, 100);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sampler);
      const seconds = (performance.now() - start) / 1000;
      const mb = (kb: number): number => Math.round(kb / 1024);
      const browserCpuByKind: Record<string, number> = {};
      for (const [pid, cpu] of browserCpu) browserCpuByKind[kinds.get(pid)!] = (browserCpuByKind[kinds.get(pid)!] ?? 0) + cpu;
      const detail: Detail = {
        peakPssByKind: Object.fromEntries(Object.entries(peakByKind).map(([kind, { kb, processes }]) => [kind, { mb: mb(kb), processes }])),
        peakPrivateMb: mb(peakPrivate),
        mainThreadCpu: mainCpu,
        mainThreadIdle: Math.max(0, 1 - mainCpu / seconds),
        galleyCpu,
        browserCpuByKind,
      };
      if (status !== 0) reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${status}:\n${stderr}`));
      else resolve({ seconds, peakRssMb: mb(peak), peakTreeMb: mb(peakTree), status, ...(sample ? { detail } : {}) });
    });
  });
}

/** One line on where a sampled batch's memory and CPU went. */
function describeDetail({ peakPssByKind, peakPrivateMb, mainThreadCpu, mainThreadIdle, galleyCpu, browserCpuByKind }: Detail): string {
  const memory = Object.entries(peakPssByKind)
    .sort((a, b) => b[1].mb - a[1].mb)
    .map(([kind, { mb, processes }]) => `${kind}${processes > 1 ? ` ×${processes}` : ''} ${mb}`)
    .join(', ');
  const browser = Object.values(browserCpuByKind).reduce((sum, cpu) => sum + cpu, 0);
  const browserKinds = Object.entries(browserCpuByKind)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, cpu]) => `${kind} ${cpu.toFixed(1)}`)
    .join(', ');
  return [
    `peak Pss by process (MB): ${memory}; private memory of all at its peak ${peakPrivateMb} MB`,
    `CPU: galley ${galleyCpu.toFixed(1)} s (main thread ${mainThreadCpu.toFixed(1)} s, idle ${(mainThreadIdle * 100).toFixed(0)} % of the wall time), browser ${browser.toFixed(1)} s (${browserKinds})`,
  ].join('\n');
}

function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function best(times: number, args: string[], env: () => NodeJS.ProcessEnv = () => process.env): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < times; i++) runs.push(await run(args, false, env()));
  return {
    seconds: median(runs.map((r) => r.seconds)),
    peakRssMb: Math.max(...runs.map((r) => r.peakRssMb)),
    peakTreeMb: Math.max(...runs.map((r) => r.peakTreeMb)),
    status: 0,
  };
}

interface Paired {
  galley: number;
  peer: number;
  /** Median of the per-pair ratios galley / peer. */
  ratio: number;
  pairs: number;
}

/**
 * Runs galley and a peer `pairs` times each, one right after the other (the
 * order alternating, so neither always runs on a warmer or quieter machine).
 */
async function paired(galleyArgs: string[], peer: () => Promise<Run>, env: () => NodeJS.ProcessEnv = () => process.env): Promise<Paired> {
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < pairs; i++) {
    if (i % 2 === 0) {
      ours.push((await run(galleyArgs, false, env())).seconds);
      theirs.push((await peer()).seconds);
    } else {
      theirs.push((await peer()).seconds);
      ours.push((await run(galleyArgs, false, env())).seconds);
    }
  }
  return { galley: median(ours), peer: median(theirs), ratio: median(ours.map((t, i) => t / theirs[i]!)), pairs };
}

function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n')[0]!.trim();
}

/**
 * `galley dev` on a copy of the seed: the time from a save (a new headline,
 * so both editions change) to the reload event the open page receives, which
 * is sent once both editions and the page are rebuilt. Median of `saves`.
 */
async function devSaves(saves: number): Promise<number> {
  const dir = path.join(work, 'dev');
  const manuscript = path.join(dir, 'seed');
  cpSync(seed, manuscript, { recursive: true });
  const article = path.join(manuscript, 'article.md');
  const original = readFileSync(article, 'utf8');
  const child = spawn(process.execPath, [...nodeFlagsFor('dev'), cli, 'dev', manuscript, '--out', path.join(dir, 'out'), '--port', '0'], {
    cwd: root,
    env: { ...process.env, GALLEY_CACHE_DIR: path.join(dir, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const until = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (let waited = 0; waited < 300_000; waited += 20) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`galley dev: no ${pattern}:\n${output}`);
  };
  try {
    const url = (await until(/at (http:\/\/127\.0\.0\.1:\d+\/)/))[1]!;
    await until(/^ready$/m);
    const events: string[] = [];
    let heard: (() => void) | undefined;
    const request = http.get(new URL('/__galley/events', url), (response) => {
      response.setEncoding('utf8').on('data', (chunk: string) => {
        for (const match of chunk.matchAll(/^event: (\w+)$/gm)) events.push(match[1]!);
        heard?.();
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const times: number[] = [];
    for (let i = 1; i <= saves; i++) {
      const seen = events.length;
      const event = new Promise<void>((resolve) => (heard = () => events.length > seen && resolve()));
      const start = performance.now();
      writeFileSync(article, original.replace(/^title: "(.*)"$/m, `title: "$1 (edit ${i})"`));
      await event;
      times.push((performance.now() - start) / 1000);
      if (events.at(-1) !== 'reload') throw new Error(`galley dev: the save was not built:\n${output}`);
    }
    request.destroy();
    return median(times);
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
}

const loadAverage = (): string => os.loadavg().map((load) => load.toFixed(1)).join(' ');

const work = mkdtempSync(path.join(os.tmpdir(), 'galley-bench-'));
const out = path.join(work, 'out');
try {
  // Warm the CLI bundle so that the first measurement is not a bundling run.
  spawnSync(process.execPath, [cli, '--version'], { cwd: root });
  const loadBefore = loadAverage();
  console.error(`galley bench: ${count} synthetic manuscripts in ${work}; ${pairs} paired runs per comparison; load average ${loadBefore}`);
  const corpus = path.join(work, 'corpus');
  makeCorpus(seed, corpus, count);

  if (values['batch-only']) {
    // Only the batch, each run with an empty build cache (its covers drawn), as in the full run's first batch.
    const runs: Run[] = [];
    for (let i = 0; i < pairs; i++) {
      const cache = path.join(work, 'batch-cache', String(i));
      const batchRun = await run(['build', corpus, '--out', out, '--force', '-q'], true, { ...process.env, GALLEY_CACHE_DIR: cache });
      runs.push(batchRun);
      console.log(`batch ${i + 1} of ${pairs}: ${batchRun.seconds.toFixed(2)} s, peak Pss ${batchRun.peakTreeMb} MB, galley's peak RSS ${batchRun.peakRssMb} MB (load ${loadAverage()})`);
      console.log(describeDetail(batchRun.detail!));
    }
    const loadAfter = loadAverage();
    console.log(`batch of ${count}, median of ${pairs}: ${median(runs.map((r) => r.seconds)).toFixed(2)} s, peak Pss ${median(runs.map((r) => r.peakTreeMb))} MB; load average before ${loadBefore}, after ${loadAfter} (${os.cpus().length} cores)`);
    writeFileSync(values.json!, `${JSON.stringify({ date: new Date().toISOString(), count, loadBefore, loadAfter, batches: runs }, null, 2)}\n`);
    console.error(`results written to ${path.relative(process.cwd(), values.json!)}`);
    process.exitCode = 0;
  } else {

  // The peers, when installed. pandoc makes the e-book of the same article;
  // WeasyPrint prints the same print HTML that galley hands the browser.
  const pandoc = installed('pandoc') ? { version: firstLine('pandoc', ['--version']) } : undefined;
  const weasyprint = installed('weasyprint') ? { version: firstLine('weasyprint', ['--version']) } : undefined;
  const printHtml = weasyprint ? await writePrintHtml(seed, path.join(work, 'print-html')) : undefined;

  // Like for like with pandoc: the e-book alone, without laying out the print edition for its page list.
  const epubArgs = ['epub', seed, '--out', out, '--force', '-q', '--no-page-list'];
  const pandocRun = (): Promise<Run> => runCommand('pandoc', [path.join(seed, 'article.md'), '-o', path.join(work, 'pandoc.epub'), '--resource-path', seed]);
  const epubCold = pandoc ? await paired(epubArgs, pandocRun) : undefined;
  // The same with an empty build cache each time: the cover is laid out and
  // drawn, and the fonts are read, as in an article's very first build.
  let firstBuilds = 0;
  const emptyCache = (): NodeJS.ProcessEnv => ({ ...process.env, GALLEY_CACHE_DIR: path.join(work, 'first-build', String(firstBuilds++)) });
  const epubFirst = pandoc ? await paired(epubArgs, pandocRun, emptyCache) : await best(pairs, epubArgs, emptyCache);
  const pdfArgs = ['pdf', seed, '--out', out, '--force', '-q'];
  const pdfCold = weasyprint
    ? await paired(pdfArgs, () => runCommand('weasyprint', ['-q', printHtml!, path.join(work, 'weasyprint.pdf')]))
    : undefined;
  const epubAlone = epubCold ? undefined : await best(pairs, epubArgs);
  const pdfAlone = pdfCold ? undefined : await best(pairs, pdfArgs);
  const coldOnly = values['cold-only'] === true;
  const epubPaged = coldOnly ? undefined : await best(3, ['epub', seed, '--out', out, '--force', '-q']);
  // The batch is a first build: a build cache of its own, empty at the start,
  // so covers drawn by an earlier bench run in this checkout are not reused.
  const batchEnv = { ...process.env, GALLEY_CACHE_DIR: path.join(work, 'batch-cache') };
  const batch = coldOnly ? undefined : await run(['build', corpus, '--out', out, '--force', '-q'], true, batchEnv);
  const noop = coldOnly ? undefined : await best(5, ['build', corpus, '--out', out, '-q'], () => batchEnv);
  const devSave = coldOnly ? undefined : await devSaves(pairs);
  const loadAfter = loadAverage();

  const s = (seconds: number): string => `${seconds.toFixed(2)} s`;
  const rows: Array<[string, string, string, string, boolean | undefined]> = [
    epubCold
      ? ['EPUB, one article, cold CLI, no page list', s(epubCold.galley), `pandoc ${s(epubCold.peer)}: ${epubCold.ratio.toFixed(2)}×`, '≤ 5 × pandoc', epubCold.ratio <= 5]
      : ['EPUB, one article, cold CLI, no page list', s(epubAlone!.seconds), 'pandoc not installed', '≤ 5 × pandoc', undefined],
    'ratio' in epubFirst
      ? ['the same, first build (empty build cache)', s(epubFirst.galley), `pandoc ${s(epubFirst.peer)}: ${epubFirst.ratio.toFixed(2)}×`, '', undefined]
      : ['the same, first build (empty build cache)', s(epubFirst.seconds), 'pandoc not installed', '', undefined],
    pdfCold
      ? ['PDF, one article, cold CLI', s(pdfCold.galley), `WeasyPrint ${s(pdfCold.peer)}: ${pdfCold.ratio.toFixed(2)}×`, '≤ 1.0 × WeasyPrint', pdfCold.ratio <= 1]
      : ['PDF, one article, cold CLI', s(pdfAlone!.seconds), 'WeasyPrint not installed', '≤ 1.0 × WeasyPrint', undefined],
    ...(epubPaged && batch && noop && devSave !== undefined
      ? ([
          ['EPUB with print page list, cold CLI', s(epubPaged.seconds), '', '', undefined],
          [`Batch, ${count} articles, EPUB + PDF + page`, s(batch.seconds), '', count === 100 ? '≤ 25 s' : '', count === 100 ? batch.seconds <= 25 : undefined],
          ['No-op rebuild of the batch', s(noop.seconds), '', '≤ 0.3 s', noop.seconds <= 0.3],
          ['galley dev: save → both editions rebuilt, page reloaded', s(devSave), '', '≤ 0.5 s', devSave <= 0.5],
          ['Peak memory, batch, galley + browser (Pss)', `${batch.peakTreeMb} MB`, '', '≤ 600 MB', batch.peakTreeMb <= 600],
          ['Peak RSS of galley alone, batch', `${batch.peakRssMb} MB`, '', '', undefined],
        ] satisfies Array<[string, string, string, string, boolean | undefined]>)
      : []),
  ];

  const header: [string, string, string, string, string] = ['measure', 'galley', 'peer, ratio (median of pairs)', 'target', 'met'];
  const cells = rows.map(([measure, result, peer, target, met]) => [measure, result, peer, target, met === undefined ? '' : met ? 'yes' : 'no']);
  const width = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]): string => `| ${row.map((cell, i) => cell.padEnd(width[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const row of cells) console.log(line(row));
  console.log(`load average before ${loadBefore}, after ${loadAfter} (${os.cpus().length} cores)`);
  if (batch?.detail) console.log(`the batch: ${describeDetail(batch.detail)}`);

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadBefore, loadAfter },
    count,
    pairs,
    epubCold: epubCold ?? { galley: epubAlone!.seconds },
    epubFirstBuild: 'ratio' in epubFirst ? epubFirst : { galley: epubFirst.seconds },
    pdfCold: pdfCold ?? { galley: pdfAlone!.seconds },
    epubWithPageListColdSeconds: epubPaged?.seconds ?? null,
    batchSeconds: batch?.seconds ?? null,
    noopSeconds: noop?.seconds ?? null,
    devSaveToReloadSeconds: devSave ?? null,
    batchPeakRssMb: batch?.peakRssMb ?? null,
    batchPeakWithBrowserPssMb: batch?.peakTreeMb ?? null,
    batchDetail: batch?.detail ?? null,
    peers: { pandoc: pandoc ?? null, weasyprint: weasyprint ?? null },
  };
  writeFileSync(values.json!, `${JSON.stringify(results, null, 2)}\n`);
  console.error(`results written to ${path.relative(process.cwd(), values.json!)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
