/**
 * What a build tells while it runs. The pipeline only emits these; the
 * command line (src/report.ts) turns them into lines on the terminal, and a
 * program calling build() may do anything else with them.
 */
import type { Shard } from '../shard.js';

/** An edition of a manuscript: the e-book or the print PDF. */
export type Format = 'epub' | 'pdf';

export type BuildEvent =
  /** The build begins: how many manuscripts, to which folder, which editions. */
  | { type: 'start'; manuscripts: number; shard: Shard | undefined; outDir: string; formats: Format[] }
  /** Opening the output folder removed temporary files a stopped build had left. */
  | { type: 'cleaned'; files: number }
  /** The plan: `building` manuscripts have editions to make; `unchanged` editions are up to date. */
  | { type: 'plan'; building: number; unchanged: number }
  /** No browser was found (`reason` says how to get one): no PDF, and e-books without the print page list. */
  | { type: 'no-browser'; reason: string; pdf: boolean; pageList: boolean }
  /** The browser was found but did not start. */
  | { type: 'browser-failed'; error: unknown; pageList: boolean }
  /** A manuscript is being read (each is read at most once by a build). */
  | { type: 'read'; dir: string }
  /** A message of the reader about a manuscript, already formatted with its file:line:column. */
  | { type: 'diagnostic'; severity: 'error' | 'warning'; text: string }
  /** A warning of a writer about a manuscript's edition: the PDF writer's, or the cover's (text it cuts). */
  | { type: 'print-warning'; file: string; text: string; line?: number; column?: number }
  /** A manuscript that could not be read: its `errors` were told as diagnostics; or it failed with `error`. */
  | { type: 'not-read'; dir: string; errors: number; error?: unknown }
  /**
   * An edition made and in place. `pages`: the PDF's; `printPages`: the e-book's page list; `uncovered`: how many
   * different characters no shipped typeface draws (the PDF and the cover show them as boxes; the reader warned).
   */
  | { type: 'edition'; format: Format; file: string; bytes: number; pages?: number; printPages?: number; uncovered?: number; ms: number }
  /** An edition (or, without `format`, the manuscript's other files) failed. */
  | { type: 'edition-failed'; format: Format | undefined; file: string; error: unknown }
  /** The print layout for the e-book's page list failed (no PDF was asked for). */
  | { type: 'page-list-failed'; file: string; error: unknown }
  /** A manuscript of which nothing was replaced: `kept`, the previous editions that stay. */
  | { type: 'not-replaced'; dir: string; kept: Format[] }
  /** A file an earlier build wrote for a manuscript and galley no longer writes (src/output/stale.ts), removed. */
  | { type: 'stale-removed'; file: string }
  /** One more manuscript is finished, built or not. */
  | { type: 'progress'; finished: number; total: number }
  /** The download page. */
  | { type: 'site'; file: string; listed: number; ms: number }
  | { type: 'site-left'; dir: string; reason: string }
  | { type: 'site-failed'; file: string; error: unknown }
  /** A shard's build writes no download page. */
  | { type: 'site-skipped-for-shard'; shards: number }
  /**
   * The build is over. `failures` counts editions (and the page) that failed;
   * `failed` names the manuscripts (their folders) with an edition that
   * failed, and `pageFailed` says whether the download page did.
   */
  | { type: 'done'; failures: number; failed: string[]; pageFailed: boolean; ms: number };

export type BuildEventListener = (event: BuildEvent) => void;
