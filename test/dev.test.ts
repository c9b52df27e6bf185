/**
 * `galley dev`, run as a user runs it (its own process, the real CLI, a real
 * browser), on a copy of the seed: a save rebuilds both editions and sends the
 * open page a reload; a save with a mistake keeps the previous editions and
 * shows the mistake, with file:line:column, in the terminal and to the page.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, seedManuscript, tempDir } from './helpers.js';
import { withBrowser } from '../src/pdf/browser.js';
import { pdfText } from './pdf-helpers.js';
import { openEpub } from './helpers.js';

const slug = path.basename(seedManuscript);
let work: string;
let manuscript: string;
let out: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let url = '';
let original = '';

/** Resolves once `text` (or a match of it) shows up in what the dev process printed. */
function waitForOutput(pattern: RegExp, from: () => string, ms = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const look = (): void => {
      const match = pattern.exec(from());
      if (match) return resolve(match);
      if (Date.now() - started > ms) return reject(new Error(`no ${pattern} within ${ms} ms:\n${stdout}\n${stderr}`));
      setTimeout(look, 50);
    };
    look();
  });
}

/** An open event stream from the dev server: every event received so far. */
function openEvents(): Promise<{ events: Array<{ event: string; data: string }>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const events: Array<{ event: string; data: string }> = [];
    const request = http.get(new URL('/__galley/events', url), (response) => {
      expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          if (event) events.push({ event, data: /^data: (.*)$/m.exec(block)?.[1] ?? '' });
        }
      });
      resolve({ events, close: () => request.destroy() });
    });
    request.on('error', reject);
  });
}

async function waitForEvent(events: Array<{ event: string }>, count: number, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (events.length < count) {
    if (Date.now() > until) throw new Error(`no event within ${ms} ms:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function get(pathname: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(pathname, url), (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      })
      .on('error', reject);
  });
}

beforeAll(async () => {
  work = tempDir('galley-dev-');
  manuscript = path.join(work, slug);
  out = path.join(work, 'dist');
  cpSync(seedManuscript, manuscript, { recursive: true });
  original = readFileSync(path.join(manuscript, 'article.md'), 'utf8');
  child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'dev', manuscript, '--out', out, '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, GALLEY_CACHE_DIR: path.join(work, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  url = (await waitForOutput(/at (http:\/\/127\.0\.0\.1:\d+\/)/, () => stdout))[1]!;
  await waitForOutput(/^ready$/m, () => stdout);
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
});

describe('galley dev', () => {
  it('builds both editions and serves the page with the dev script', async () => {
    expect(statSync(path.join(out, `${slug}.pdf`)).size).toBeGreaterThan(0);
    expect(statSync(path.join(out, `${slug}.epub`)).size).toBeGreaterThan(0);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script src="/__galley/dev.js" defer></script>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const script = await get('/__galley/dev.js');
    expect(script.body).toContain("new EventSource('/__galley/events')");
    // What a build writes has no dev script: only the dev server adds it.
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).not.toContain('__galley');
  });

  it('rebuilds both editions on a save and tells the page to reload', async () => {
    const stream = await openEvents();
    try {
      const before = statSync(path.join(out, `${slug}.pdf`)).mtimeMs;
      writeFileSync(path.join(manuscript, 'article.md'), original.replace(/^title: "(.*)"$/m, 'title: "Edited in dev: $1"'));
      await waitForEvent(stream.events, 1);
      expect(stream.events[0]!.event).toBe('reload');
      expect(statSync(path.join(out, `${slug}.pdf`)).mtimeMs).toBeGreaterThan(before);
      expect(pdfText(path.join(out, `${slug}.pdf`))).toContain('Edited in dev:');
      const zip = await openEpub(path.join(out, `${slug}.epub`));
      const opf = Object.keys(zip.files).find((name) => name.endsWith('.opf'))!;
      expect(await zip.file(opf)!.async('string')).toContain('Edited in dev:');
      expect(stdout).toMatch(/page reloaded \d+ ms after the save/);
      // The warm browser lays the save out in the page it kept, patched rather
      // than loaded again: the editions are those a fresh build makes.
      const fresh = path.join(work, 'fresh');
      execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'galley.js'), 'build', manuscript, '--out', fresh, '-q'], {
        cwd: repoRoot,
        env: { ...process.env, GALLEY_CACHE_DIR: path.join(work, 'fresh-cache') },
      });
      for (const edition of ['pdf', 'epub']) {
        expect(readFileSync(path.join(out, `${slug}.${edition}`)).equals(readFileSync(path.join(fresh, `${slug}.${edition}`))), edition).toBe(true);
      }
    } finally {
      stream.close();
    }
  }, 180_000);

  it('keeps the previous editions after a broken save and shows the error with file:line:column', async () => {
    const stream = await openEvents();
    try {
      const pdf = readFileSync(path.join(out, `${slug}.pdf`));
      const epub = readFileSync(path.join(out, `${slug}.epub`));
      const page = readFileSync(path.join(out, 'index.html'));
      const broken = original.replace(/^date: .*$/m, 'date: 16 February 2017');
      const line = broken.split('\n').findIndex((text) => text.startsWith('date:')) + 1;
      const located = new RegExp(`article\\.md:${line}:\\d+: error: .*date`);

      // The download page, open in a browser, shows the error over itself.
      await withBrowser(async (browser) => {
        const page = await browser.newPage();
        await page.goto(url, { waitUntil: 'load' });
        await page.waitForFunction(() => document.querySelector('script[src="/__galley/dev.js"]') !== null);
        // The script has connected before the save.
        await new Promise((resolve) => setTimeout(resolve, 500));
        writeFileSync(path.join(manuscript, 'article.md'), broken);
        const shown = await page.waitForSelector('#galley-dev-errors', { timeout: 120_000 });
        expect(await shown!.evaluate((box) => box.textContent)).toMatch(located);
      });
      await waitForEvent(stream.events, 1);
      expect(stream.events[0]!.event).toBe('failed');
      const { messages } = JSON.parse(stream.events[0]!.data) as { messages: string[] };
      expect(messages.some((message) => located.test(message))).toBe(true);
      expect(stderr).toMatch(located);
      expect(readFileSync(path.join(out, `${slug}.pdf`)).equals(pdf)).toBe(true);
      expect(readFileSync(path.join(out, `${slug}.epub`)).equals(epub)).toBe(true);
      expect(readFileSync(path.join(out, 'index.html')).equals(page)).toBe(true);

      // A page opened now is told of the failure at once.
      const late = await openEvents();
      try {
        await waitForEvent(late.events, 1);
        expect(late.events[0]!.event).toBe('failed');
      } finally {
        late.close();
      }

      // Mended, it builds and reloads again.
      writeFileSync(path.join(manuscript, 'article.md'), original);
      await waitForEvent(stream.events, 2);
      expect(stream.events[1]!.event).toBe('reload');
      expect(pdfText(path.join(out, `${slug}.pdf`))).not.toContain('Edited in dev:');
    } finally {
      stream.close();
    }
  }, 180_000);
});
