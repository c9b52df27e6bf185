/**
 * `galley dev` on collections whose articles lie outside the folder it was
 * given: a save in such an article rebuilds the collections that bind it,
 * and only those (the real CLI in its own process, a real browser).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

let work: string;
let out: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let url = '';

function waitForOutput(pattern: RegExp, ms = 180_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = (): void => {
      const match = pattern.exec(stdout);
      if (match) return resolve(match);
      if (Date.now() - started > ms) return reject(new Error(`no ${pattern} within ${ms} ms:\n${stdout}\n${stderr}`));
      setTimeout(look, 50);
    };
    look();
  });
}

/** The kinds of event the dev server sends to an open page, as they come. */
function openEvents(): Promise<{ events: string[]; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: string[] = [];
    const request = http.get(new URL('/__galley/events', url), (response) => {
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (const match of buffer.matchAll(/^event: (.*)$/gm)) events.push(match[1]!);
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      });
      resolve({ events, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function waitForEvent(events: string[], count: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (events.length < count) {
    if (Date.now() > until) throw new Error(`no event within ${ms} ms:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The editions a build printed as written ("✓ <path>"), by file name, from `from` on. */
function builtSince(from: number): string[] {
  return [...stdout.slice(from).matchAll(/^✓ (\S+\.(?:pdf|epub))\b/gm)].map((match) => path.basename(match[1]!)).sort();
}

beforeAll(async () => {
  work = tempDir('galley-dev-collection-');
  out = path.join(work, 'dist');
  // The articles in one folder, the collections in another: `galley dev issues` names only the collections.
  for (const name of ['mattis-russia-nato', 'harbor-gauge']) cpSync(path.join(repoRoot, 'manuscript', name), path.join(work, 'articles', name), { recursive: true });
  mkdirSync(path.join(work, 'issues', 'week'), { recursive: true });
  mkdirSync(path.join(work, 'issues', 'seed-only'), { recursive: true });
  writeFileSync(path.join(work, 'issues', 'week', 'collection.yaml'), 'title: "The week"\ndate: 2017-02-19\narticles: [../../articles/mattis-russia-nato, ../../articles/harbor-gauge]\n');
  writeFileSync(path.join(work, 'issues', 'seed-only', 'collection.yaml'), 'title: "Seed only"\ndate: 2017-02-19\narticles: [../../articles/mattis-russia-nato]\n');
  child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'dev', path.join(work, 'issues'), '--out', out, '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, GALLEY_CACHE_DIR: path.join(work, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  url = (await waitForOutput(/at (http:\/\/127\.0\.0\.1:\d+\/)/))[1]!;
  await waitForOutput(/^ready$/m);
}, 300_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
});

describe('galley dev on collections', () => {
  it('builds both collections, and no article on its own (none was named)', () => {
    expect(builtSince(0)).toEqual(['seed-only.epub', 'seed-only.pdf', 'week.epub', 'week.pdf']);
  });

  it('rebuilds exactly the collections that bind an article saved outside the folder it watches', async () => {
    const stream = await openEvents();
    try {
      const seedOnly = statSync(path.join(out, 'seed-only.pdf')).mtimeMs;
      const from = stdout.length;
      const article = path.join(work, 'articles', 'harbor-gauge', 'article.md');
      writeFileSync(article, readFileSync(article, 'utf8').replace(/^title: "(.*)"$/m, 'title: "Saved in dev: $1"'));
      await waitForEvent(stream.events, 1, 120_000);
      expect(stream.events[0]).toBe('reload');
      expect(pdfText(path.join(out, 'week.pdf'))).toContain('Saved in dev: The tide gauge');
      expect(builtSince(from)).toEqual(['week.epub', 'week.pdf']);
      expect(statSync(path.join(out, 'seed-only.pdf')).mtimeMs).toBe(seedOnly);

      // The seed article is in both.
      const from2 = stdout.length;
      const seed = path.join(work, 'articles', 'mattis-russia-nato', 'article.md');
      writeFileSync(seed, `${readFileSync(seed, 'utf8')}\nA sentence saved in dev.\n`);
      await waitForEvent(stream.events, 2, 120_000);
      expect(stream.events[1]).toBe('reload');
      expect(builtSince(from2)).toEqual(['seed-only.epub', 'seed-only.pdf', 'week.epub', 'week.pdf']);
    } finally {
      stream.close();
    }
  }, 300_000);
});
