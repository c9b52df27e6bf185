/**
 * The terminal's view of a build: its events (src/pipeline/events.ts) as lines.
 * One line per edition, always; on a terminal (not in CI) also a status line
 * with the count, redrawn in place. Errors and warnings go to `error`, the
 * rest to `info`; with --quiet only the errors are printed (warnings and
 * progress go nowhere, as `galley --help` says).
 */
import path from 'node:path';
import type { BuildEvent, BuildEventListener } from './pipeline/events.js';
import { UsageError } from './pipeline/plan.js';
import { removeStagedSync } from './output/transaction.js';
import { build, OutputError, type BuildOptions } from './pipeline/run.js';
import { describeError } from './system-error.js';
import { version } from './version.js';
import { formatSize } from './file-size.js';

export interface Reporter {
  info(line: string): void;
  error(line: string): void;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function shown(file: string): string {
  return path.relative(process.cwd(), file);
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** A listener that prints a build's events to `reporter`. */
export function reportBuild(reporter: Reporter, options: { quiet?: boolean } = {}): BuildEventListener & { stop(): void } {
  const quiet = options.quiet === true;
  const status = new StatusLine(quiet);
  // Every line is printed with the status line taken off first and drawn again after, so that none runs into it.
  const error = (text: string): void => {
    status.clear();
    reporter.error(text);
    status.draw();
  };
  const info = (text: string): void => {
    if (quiet) return;
    status.clear();
    reporter.info(text);
    status.draw();
  };
  // An article that is built alone and within a collection in the same run is
  // read twice, and its mistakes reported twice: each is printed once, and the
  // second manuscript's line says its errors are above.
  const printed = new Set<string>();
  let repeated = 0;
  const warn = (text: string): void => {
    if (!quiet) error(text);
  };
  const line = (text: string, isError = false): void => {
    if (isError) error(text);
    else info(text);
  };
  const listener = (event: BuildEvent): void => {
    switch (event.type) {
      case 'cleaned':
        info(`removed ${plural(event.files, 'temporary file')} left by a build that was stopped`);
        return;
      case 'start':
        info(`galley ${version}: ${plural(event.manuscripts, 'manuscript')}${event.shard ? ` (shard ${event.shard.index}/${event.shard.count})` : ''} → ${shown(event.outDir) || '.'}/ (${event.formats.join(' + ')})`);
        return;
      case 'plan':
        if (event.unchanged > 0) info(`${plural(event.unchanged, 'edition')} unchanged, not rebuilt (--force rebuilds)`);
        status.start(event.building);
        return;
      case 'no-browser':
        if (event.pdf) error(`✗ PDF editions not built: ${event.reason}`);
        if (event.pageList) info('e-books built without the print page list: no browser to lay out the PDF edition (see galley pdf)');
        return;
      case 'browser-failed':
        error(`✗ PDF editions not built: ${describeError(event.error)}`);
        if (event.pageList) info('e-books built without the print page list: the browser did not start');
        return;
      case 'diagnostic':
        if (printed.has(event.text)) {
          if (event.severity === 'error') repeated += 1;
          return;
        }
        printed.add(event.text);
        if (event.severity === 'error') error(event.text);
        else warn(event.text);
        return;
      case 'print-warning':
        warn(`${shown(event.file)}${event.line !== undefined ? `:${event.line}:${event.column ?? 1}` : ''}: warning: ${event.text}`);
        return;
      case 'not-read': {
        const above = repeated > 0 ? (repeated === event.errors ? ', shown above' : `, ${repeated} of them shown above`) : '';
        repeated = 0;
        line(`✗ ${shown(event.dir)}: ${event.error !== undefined ? describeError(event.error, undefined, 'read') : `not built (${plural(event.errors, 'error')}${above})`}`, true);
        return;
      }
      case 'edition': {
        // Made, but with characters no shipped face draws: not a plain ✓ (the warnings above say which and where).
        const mark = event.uncovered ? '⚠' : '✓';
        const boxes = event.uncovered
          ? event.format === 'pdf'
            ? `  ${plural(event.uncovered, 'character')} print as boxes: no shipped typeface draws them`
            : `  ${plural(event.uncovered, 'character')} no shipped typeface draws: boxes on the cover and where the reader has no font for them`
          : '';
        if (event.format === 'pdf') line(`${mark} ${shown(event.file)}  ${plural(event.pages ?? 0, 'page')}  ${seconds(event.ms)}${boxes}`);
        else line(`${mark} ${shown(event.file)}  ${formatSize(event.bytes)}${event.printPages !== undefined ? `, ${plural(event.printPages, 'print page')}` : ''}  ${seconds(event.ms)}${boxes}`);
        return;
      }
      case 'edition-failed':
        line(`✗ ${shown(event.file)}: ${describeError(event.error)}`, true);
        return;
      case 'page-list-failed':
        line(`✗ ${shown(event.file)} (print layout for the page list): ${describeError(event.error)}`, true);
        return;
      case 'not-replaced': {
        const kept = event.kept;
        line(`✗ ${shown(event.dir)}: no edition replaced${kept.length > 0 ? ` (the previous ${kept.map((format) => format.toUpperCase()).join(' and ')} stay${kept.length === 1 ? 's' : ''})` : ''}`, true);
        return;
      }
      case 'progress':
        status.done(event.finished);
        return;
      case 'stale-removed':
        info(`− ${shown(event.file)}  removed: an earlier build wrote it, and galley no longer does`);
        return;
      case 'site-left':
        info(`  ${shown(event.dir)}: not on the download page (${event.reason})`);
        return;
      case 'site':
        info(`✓ ${shown(event.file)}  ${plural(event.listed, 'manuscript')}  ${seconds(event.ms)}`);
        return;
      case 'site-failed':
        error(`✗ ${shown(event.file)}: ${describeError(event.error)}`);
        return;
      case 'site-skipped-for-shard':
        info(`download page not written for one shard: run galley site once the editions of all ${event.shards} shards are in one folder`);
        return;
      case 'done':
        status.stop();
        info(outcome(event));
        return;
    }
  };
  // A build that throws has no 'done': its caller takes the status line off (galley dev lives on).
  return Object.assign(listener, { stop: () => status.stop() });
}

/**
 * The build's last line: "done", or how many manuscripts failed, each named
 * ("1 manuscript failed in 0.52 s: manuscript/bad-story"; one bad
 * manuscript is one failure, however many of its editions were not made),
 * and whether the download page failed.
 */
export function outcome(event: Extract<BuildEvent, { type: 'done' }>): string {
  const time = seconds(event.ms);
  if (event.failures === 0) return `done in ${time}`;
  const parts: string[] = [];
  if (event.failed.length > 0) parts.push(`${plural(event.failed.length, 'manuscript')} failed in ${time}: ${event.failed.map((dir) => shown(dir) || '.').join(', ')}`);
  if (event.pageFailed) parts.push(parts.length > 0 ? 'the download page failed too' : `the download page failed in ${time}`);
  return parts.join('; ') || `${event.failures} failed in ${time}`;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;

/**
 * Ctrl-C and the like end the command at once, as a terminal user expects,
 * and leave nothing half-made: the staged files go now, the lock and the
 * browser at exit. A program using build() stops it with an AbortSignal
 * instead. Returns the function that stops listening.
 */
function endOnSignals(reporter: Reporter, stopStatus: () => void): () => void {
  const end = (signal: NodeJS.Signals): void => {
    removeStagedSync();
    stopStatus();
    // An exit that says nothing looks like a crash, or like success.
    reporter.error(`galley: stopped (${signal === 'SIGINT' ? 'Ctrl-C' : signal}): the editions under way were not written; those finished before stay`);
    process.exit(128 + (SIGNALS[signal as keyof typeof SIGNALS] ?? 1));
  };
  for (const signal of Object.keys(SIGNALS)) process.on(signal, end);
  return () => {
    for (const signal of Object.keys(SIGNALS)) process.removeListener(signal, end);
  };
}

/**
 * Runs build() with its events printed, ending the process on SIGINT, SIGTERM
 * or SIGHUP; returns the exit status. `reporter` is the terminal's, which
 * escapes control characters (src/cli.ts).
 */
export async function runBuild(options: BuildOptions, reporter: Reporter, quiet: boolean): Promise<number> {
  const report = reportBuild(reporter, { quiet });
  const stopListening = endOnSignals(reporter, () => report.stop());
  try {
    const { failures } = await build({
      ...options,
      onEvent: (event) => {
        options.onEvent?.(event);
        report(event);
      },
    });
    return failures === 0 ? 0 : 1;
  } catch (error) {
    report.stop();
    if (error instanceof UsageError) {
      reporter.error(`galley: ${error.message}`);
      return 2;
    }
    reporter.error(`galley: ${error instanceof OutputError ? error.message : describeError(error)}`);
    return 1;
  } finally {
    report.stop();
    stopListening();
  }
}

/**
 * The status line: "[#####...] 3/10 manuscripts, 12 s", on a terminal only;
 * its seconds count every second, so that a long PDF (half a minute for a
 * long report on a busy machine) is seen to be under way, one manuscript or many.
 */
class StatusLine {
  private finished = 0;
  private total = 0;
  private live = false;
  private started = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(private readonly quiet: boolean) {}

  start(total: number): void {
    this.total = total;
    this.live = !this.quiet && process.stderr.isTTY === true && !process.env.CI && total > 0;
    if (!this.live) return;
    this.started = performance.now();
    this.draw();
    this.ticker = setInterval(() => {
      this.clear();
      this.draw();
    }, 1000);
    // The build's end, not the line, decides when the process ends.
    this.ticker.unref();
  }

  done(finished: number): void {
    this.finished = finished;
    this.clear();
    this.draw();
  }

  clear(): void {
    if (this.live) process.stderr.write('\r\x1b[2K');
  }

  draw(): void {
    if (this.live && this.finished < this.total) {
      const width = 24;
      const filled = Math.round((this.finished / this.total) * width);
      const elapsed = Math.floor((performance.now() - this.started) / 1000);
      process.stderr.write(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.finished}/${this.total} manuscript${this.total === 1 ? '' : 's'}, ${elapsed} s`);
    }
  }

  /** Takes the line off for good: the build is over. */
  stop(): void {
    clearInterval(this.ticker);
    this.clear();
    this.live = false;
  }
}
