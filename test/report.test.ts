/**
 * The terminal's view of a build (src/report.ts): events in, lines out, and
 * the exit status.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildEvent } from '../src/pipeline/events.js';
import { reportBuild } from '../src/report.js';

function report(events: BuildEvent[], quiet = false): { info: string[]; error: string[] } {
  const lines = { info: [] as string[], error: [] as string[] };
  const listener = reportBuild({ info: (line) => lines.info.push(line), error: (line) => lines.error.push(line) }, { quiet });
  for (const event of events) listener(event);
  return lines;
}

const here = (name: string): string => path.join(process.cwd(), name);

describe('build report', () => {
  it('prints one line per edition, with its size or pages and its time, and the outcome', () => {
    const { info, error } = report([
      { type: 'start', manuscripts: 2, shard: undefined, outDir: here('dist'), formats: ['epub', 'pdf'] },
      { type: 'plan', building: 1, unchanged: 2 },
      { type: 'edition', format: 'pdf', file: here('dist/a.pdf'), bytes: 90_000, pages: 1, ms: 1234 },
      { type: 'edition', format: 'epub', file: here('dist/a.epub'), bytes: 456_471, printPages: 3, ms: 50 },
      { type: 'edition', format: 'epub', file: here('dist/b.epub'), bytes: 456_471, printPages: 1, ms: 50 },
      { type: 'site', file: here('dist/index.html'), listed: 2, ms: 10 },
      { type: 'done', failures: 0, failed: [], pageFailed: false, ms: 2000 },
    ]);
    expect(info).toEqual([
      expect.stringMatching(/^galley \S+: 2 manuscripts → dist\/ \(epub \+ pdf\)$/),
      '2 editions unchanged, not rebuilt (--force rebuilds)',
      `✓ ${path.join('dist', 'a.pdf')}  1 page  1.23 s`,
      `✓ ${path.join('dist', 'a.epub')}  446 KB, 3 print pages  0.05 s`,
      `✓ ${path.join('dist', 'b.epub')}  446 KB, 1 print page  0.05 s`,
      `✓ ${path.join('dist', 'index.html')}  2 manuscripts  0.01 s`,
      'done in 2.00 s',
    ]);
    expect(error).toEqual([]);
  });

  it('sends failures to the errors, with what stays, and prints only them when quiet', () => {
    const events: BuildEvent[] = [
      { type: 'plan', building: 1, unchanged: 0 },
      { type: 'diagnostic', severity: 'error', text: 'a/article.md:3:1: error: no date' },
      { type: 'edition-failed', format: 'pdf', file: here('dist/a.pdf'), error: new Error('the layout failed') },
      { type: 'not-replaced', dir: here('a'), kept: ['pdf', 'epub'] },
      { type: 'not-replaced', dir: here('b'), kept: ['epub'] },
      { type: 'done', failures: 3, failed: [here('a'), here('b')], pageFailed: false, ms: 10 },
    ];
    const expected = [
      'a/article.md:3:1: error: no date',
      `✗ ${path.join('dist', 'a.pdf')}: the layout failed`,
      '✗ a: no edition replaced (the previous PDF and EPUB stay)',
      '✗ b: no edition replaced (the previous EPUB stays)',
    ];
    const loud = report(events);
    expect(loud.error).toEqual(expected);
    // Counted by manuscripts, each named: not by editions (a's two and b's one).
    expect(loud.info).toEqual(['2 manuscripts failed in 0.01 s: a, b']);
    const quiet = report(events, true);
    expect(quiet.error).toEqual(expected);
    expect(quiet.info).toEqual([]);
  });

  it('prints a mistake once when an article is read alone and within a collection, and says where its errors are', () => {
    const mistakes: BuildEvent[] = [
      { type: 'diagnostic', severity: 'error', text: 'a/article.md:3:1: error: no date' },
      { type: 'diagnostic', severity: 'warning', text: 'a/article.md:9:1: warning: footnote [^2] is never called' },
    ];
    const { error } = report([
      ...mistakes,
      { type: 'not-read', dir: here('a'), errors: 1 },
      { type: 'diagnostic', severity: 'error', text: 'week/collection.yaml:2:1: error: no title' },
      ...mistakes,
      { type: 'not-read', dir: here('week'), errors: 2 },
      ...mistakes,
      { type: 'not-read', dir: here('month'), errors: 1 },
    ]);
    expect(error).toEqual([
      'a/article.md:3:1: error: no date',
      'a/article.md:9:1: warning: footnote [^2] is never called',
      '✗ a: not built (1 error)',
      'week/collection.yaml:2:1: error: no title',
      '✗ week: not built (2 errors, 1 of them shown above)',
      '✗ month: not built (1 error, shown above)',
    ]);
  });

  it('counts one bad manuscript once, however many of its editions were not made, and says when the page failed', () => {
    const done = (failures: number, failed: string[], pageFailed: boolean): string[] => report([{ type: 'done', failures, failed, pageFailed, ms: 520 }]).info;
    expect(done(2, [here('manuscript/bad-story')], false)).toEqual([`1 manuscript failed in 0.52 s: ${path.join('manuscript', 'bad-story')}`]);
    expect(done(3, [here('bad')], true)).toEqual(['1 manuscript failed in 0.52 s: bad; the download page failed too']);
    expect(done(1, [], true)).toEqual(['the download page failed in 0.52 s']);
  });

  it('prints warnings among the errors, and none of them when quiet (errors only, as --help says)', () => {
    const events: BuildEvent[] = [
      { type: 'diagnostic', severity: 'warning', text: 'a/article.md:9:1: warning: footnote [^2] is never called' },
      { type: 'print-warning', file: here('dist/a.pdf'), text: 'a loose line on page 2' },
      { type: 'diagnostic', severity: 'error', text: 'b/article.md:3:1: error: no date' },
    ];
    expect(report(events).error).toEqual([
      'a/article.md:9:1: warning: footnote [^2] is never called',
      `${path.join('dist', 'a.pdf')}: warning: a loose line on page 2`,
      'b/article.md:3:1: error: no date',
    ]);
    expect(report(events, true)).toEqual({ info: [], error: ['b/article.md:3:1: error: no date'] });
  });
});
