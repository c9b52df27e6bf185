/**
 * galley as a library: `import { build } from 'galley'`. The same entry
 * point the command line and `galley dev` use (src/pipeline/run.ts).
 */
export { build, OutputError, type BuildOptions, type BuildResult } from './pipeline/run.js';
export { findManuscripts, UsageError } from './pipeline/plan.js';
export type { BuildEvent, BuildEventListener, Format } from './pipeline/events.js';
export type { PageSize } from './pdf/page.js';
export type { Shard } from './shard.js';
