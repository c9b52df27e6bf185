import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManuscriptError, loadManuscript } from '../src/manuscript/index.js';
import type { BuildEvent } from '../src/pipeline/events.js';
import { readManuscript } from '../src/pipeline/read.js';
import { seedManuscript } from './helpers.js';

let empty: string;
beforeAll(() => {
  empty = mkdtempSync(path.join(os.tmpdir(), 'galley-read-'));
});
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('readManuscript', () => {
  it('tells that it reads the manuscript, then gives the reader\'s document', async () => {
    const events: BuildEvent[] = [];
    const result = await readManuscript(seedManuscript, (event) => events.push(event));
    expect(events).toEqual([{ type: 'read', dir: seedManuscript }]);
    expect(result.document).toEqual((await loadManuscript(seedManuscript)).document);
  }, 30_000);

  it('tells of the read before the reader fails on a folder without a manuscript', async () => {
    const events: BuildEvent[] = [];
    await expect(readManuscript(empty, (event) => events.push(event))).rejects.toBeInstanceOf(ManuscriptError);
    expect(events).toEqual([{ type: 'read', dir: empty }]);
  });
});
