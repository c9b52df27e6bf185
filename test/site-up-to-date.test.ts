/**
 * A build that finds the download page up to date decides so from the page's
 * records alone (src/site/entries.ts): the page's writer (src/site/index.ts,
 * with the view, the covers and the faces it loads) is not loaded at all.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seedManuscript, tempDir } from './helpers.js';

afterAll(() => {
  vi.doUnmock('../src/site/index.js');
  vi.resetModules();
});

describe('a build whose download page is up to date', () => {
  it("neither rewrites the page nor loads the page's writer", async () => {
    const out = path.join(tempDir('galley-site-up-to-date-'), 'out');
    const { build } = await import('../src/pipeline/run.js');
    const first = await build({ manuscripts: [seedManuscript], outDir: out, formats: ['epub'], pageList: false });
    expect(first.failures).toBe(0);
    const page = path.join(out, 'index.html');
    const written = { bytes: readFileSync(page), mtimeMs: statSync(page).mtimeMs };

    // The same galley anew, whose page writer cannot be loaded.
    vi.resetModules();
    vi.doMock('../src/site/index.js', () => {
      throw new Error('the page writer was loaded');
    });
    const again = await import('../src/pipeline/run.js');
    const events: string[] = [];
    const second = await again.build({ manuscripts: [seedManuscript], outDir: out, formats: ['epub'], pageList: false, onEvent: (event) => events.push(event.type) });
    expect(second.failures).toBe(0);
    expect(events).not.toContain('site-failed');
    expect(readFileSync(page)).toEqual(written.bytes);
    expect(statSync(page).mtimeMs).toBe(written.mtimeMs);
  }, 120_000);
});
