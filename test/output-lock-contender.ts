/**
 * One of several processes that contend for stale locks in output-lock.test.ts:
 * round after round, all start at the same moment, each tries to take the
 * round's lock; a winner holds it a while, then checks that the lock still
 * names it (nobody took it over while it was held) and releases it.
 * Prints one result per round: held, lost (taken over while held), locked or error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCK_FILE, lockOutput, OutputLockedError } from '../src/output/lock.js';

const [base, startAt, rounds] = process.argv.slice(2);
const results: string[] = [];
/** Sleeps this thread until `time` (ms since the epoch): no CPU spent spinning, which four contenders would take from the rest of the suite. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepUntil = (time: number): void => {
  for (let left = time - Date.now(); left > 0; left = time - Date.now()) Atomics.wait(sleeper, 0, 0, left);
};
for (let round = 0; round < Number(rounds); round++) {
  const at = Number(startAt) + round * 100;
  // Every contender starts the round together.
  sleepUntil(at);
  const dir = path.join(base!, String(round));
  try {
    const release = lockOutput(dir, 'build');
    // Held while the others try.
    sleepUntil(at + 60);
    const still = (JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number }).pid === process.pid;
    results.push(still ? 'held' : 'lost');
    release();
  } catch (error) {
    results.push(error instanceof OutputLockedError ? 'locked' : `error ${(error as Error).message}`);
  }
}
process.stdout.write(JSON.stringify(results));
