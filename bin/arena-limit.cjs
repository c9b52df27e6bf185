/**
 * A batch runs under a limit of two malloc arenas (glibc's `MALLOC_ARENA_MAX`).
 *
 * glibc gives each thread that allocates its own arena, up to eight per core,
 * and memory freed in an arena stays with it. A batch's threads are many: the
 * cover thread, libvips' and Node's pool threads, V8's compilers. In a batch
 * of 100 articles the arenas held about 55 MB that two arenas did not (peak
 * Pss of galley 362–369 MB against 305–311 MB, the same time). glibc reads
 * the limit once, from the environment the process starts with, so a batch
 * whose environment does not set it starts galley again with it set; this
 * process (about 18 MB) waits for it, passes on the signals it gets and ends
 * as it ended. Anything else galley does is short or single-threaded enough
 * not to be worth a second process (about 40 ms).
 */
'use strict';

/** Whether this run is the one started here (and so should end when the one that started it does). */
const RELAUNCHED = 'GALLEY_ARENA_LIMIT';

/** Signals passed on: Ctrl-C reaches both processes from the terminal, a `kill` only this one. */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Starts galley again under the limit and returns true when the limit is
 * worth having and not yet set; returns false (galley goes on here) otherwise.
 */
function relaunchUnderArenaLimit(entry) {
  if (process.env[RELAUNCHED] === '1') {
    // Should the process that started this one die (SIGKILL leaves it no time
    // to pass anything on), this one stops as on SIGTERM: its staged files go
    // and its browser with it.
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    process.channel?.unref();
    return false;
  }
  if (process.platform !== 'linux' || process.argv[2] !== 'build') return false;
  if (process.env.MALLOC_ARENA_MAX !== undefined || /glibc\.malloc\.arena_max/.test(process.env.GLIBC_TUNABLES ?? '')) return false;
  const { spawn } = require('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, entry, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2', [RELAUNCHED]: '1' },
  });
  for (const signal of SIGNALS) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`galley: could not start: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      // Ended by a signal it did not handle: so does this process, for whoever waits on it.
      for (const name of SIGNALS) process.removeAllListeners(name);
      process.kill(process.pid, signal);
      return;
    }
    process.exitCode = code ?? 1;
  });
  return true;
}

module.exports = { relaunchUnderArenaLimit };
