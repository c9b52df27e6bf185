/**
 * The preview server, tested over real HTTP on the loopback and with a real
 * browser: the seed is built with the real CLI, the download page is written
 * beside the editions, and the folder is served from a free port.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { parse as parseContentDisposition } from 'content-disposition';
import type { CDPSession, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { withBrowser } from '../src/pdf/browser.js';
import { PreviewError, startPreview, type PreviewServer } from '../src/preview.js';
import { findEditions, renderSite } from '../src/site/index.js';
import { cpuMs, normalize, repoRoot, runCli, seedArticle, type SeedArticle, seedManuscript, tempDir } from './helpers.js';

const slug = path.basename(seedManuscript);
// Read in the first beforeAll, not while the file is collected.
let seed: SeedArticle;
const screenshots = path.join(repoRoot, 'test-output');

let parent: string;
let root: string;
let preview: PreviewServer;
let editions: Array<{ kind: 'pdf' | 'epub'; name: string; bytes: Buffer; type: string; label: string }>;

const SECRET = 'not for the web';

beforeAll(async () => {
  seed = seedArticle();
  // parent/ holds a package.json and a secret beside dist/, for the traversal checks.
  parent = tempDir('galley-preview-');
  root = path.join(parent, 'dist');
  mkdirSync(root);
  const result = runCli(['build', seedManuscript, '--out', root, '--quiet']);
  if (!existsSync(path.join(root, `${slug}.epub`))) {
    throw new Error(`galley build made no EPUB (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  const { document } = await loadManuscript(seedManuscript);
  await renderSite([await findEditions(document, root)], { outDir: root, cache: false });
  editions = (
    [
      { kind: 'pdf', type: 'application/pdf', label: 'Download PDF' },
      { kind: 'epub', type: 'application/epub+zip', label: 'Download EPUB' },
    ] as const
  )
    .map((edition) => ({ ...edition, name: `${slug}.${edition.kind}` }))
    .filter((edition) => existsSync(path.join(root, edition.name)))
    .map((edition) => ({ ...edition, bytes: readFileSync(path.join(root, edition.name)) }));

  writeFileSync(path.join(parent, 'package.json'), JSON.stringify({ secret: SECRET }));
  writeFileSync(path.join(parent, 'secret.txt'), SECRET);
  symlinkSync(path.join(parent, 'secret.txt'), path.join(root, 'leak.txt'));
  writeFileSync(path.join(root, '.half-written.pdf.tmp'), SECRET);
  // Links inside the folder, to a dotfile and into a hidden folder.
  mkdirSync(path.join(root, '.hidden'));
  writeFileSync(path.join(root, '.hidden', 'notes.txt'), SECRET);
  symlinkSync(path.join(root, '.half-written.pdf.tmp'), path.join(root, 'visible.pdf'));
  symlinkSync(path.join(root, '.hidden'), path.join(root, 'shown'));

  preview = await startPreview({ root, port: 0 });
});

afterAll(async () => {
  await preview?.close();
  if (parent) rmSync(parent, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A request sent with its path exactly as written: fetch would tidy `..` away first. */
function raw(port: number, requestPath: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: requestPath, method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Occupies `count` consecutive ports from `first`; null when one of them is taken already. */
async function occupy(first: number, count: number): Promise<net.Server[] | null> {
  const servers: net.Server[] = [];
  for (let port = first; port < first + count; port++) {
    const server = net.createServer();
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!ok) {
      await release(servers);
      return null;
    }
    servers.push(server);
  }
  return servers;
}

async function release(servers: net.Server[]): Promise<void> {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
}

async function canListen(port: number): Promise<boolean> {
  const servers = await occupy(port, 1);
  if (!servers) return false;
  await release(servers);
  return true;
}

describe('preview over HTTP', () => {
  it('serves the download page and its assets', async () => {
    const page = await fetch(preview.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('Sources and credits');
    const types: Record<string, string> = {
      'site.css': 'text/css; charset=utf-8',
      [`covers/${slug}.jpg`]: 'image/jpeg',
      'fonts/literata-latin-400-normal.woff2': 'font/woff2',
      'index.html': 'text/html; charset=utf-8',
    };
    for (const [file, type] of Object.entries(types)) {
      const response = await fetch(new URL(file, preview.url));
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe(type);
      expect(response.headers.get('content-disposition'), file).toBeNull();
      expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(root, file))), file).toBe(true);
    }
  });

  it('sends each edition as an attachment with its type and its exact bytes', async () => {
    expect(editions.map((edition) => edition.kind)).toContain('epub');
    for (const edition of editions) {
      const response = await fetch(new URL(edition.name, preview.url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(edition.type);
      expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${edition.name}"`);
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(Number(response.headers.get('content-length'))).toBe(edition.bytes.length);
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(edition.bytes));
    }
    // A name that is not plain ASCII: a Latin-1 fallback, and the name itself in RFC 6266's filename*.
    const name = 'Šefčovič "río" 100%.epub';
    writeFileSync(path.join(root, name), editions[0]!.bytes);
    try {
      const response = await fetch(new URL(encodeURIComponent(name), preview.url));
      expect(response.status).toBe(200);
      const header = response.headers.get('content-disposition')!;
      expect(header).toMatch(/^attachment; filename=".+"; filename\*=UTF-8''[\x21-\x7e]+$/);
      expect(parseContentDisposition(header)).toEqual({ type: 'attachment', parameters: { filename: name } });
    } finally {
      rmSync(path.join(root, name));
    }
  });

  it('answers HEAD like GET, without the body, and refuses other methods', async () => {
    const epub = editions.find((edition) => edition.kind === 'epub')!;
    const head = await raw(preview.port, `/${epub.name}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(epub.bytes.length);
    expect(head.body.length).toBe(0);
    const post = await raw(preview.port, `/${epub.name}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('answers a range request for the PDF with 206 and exactly that slice', async (context) => {
    const pdf = editions.find((edition) => edition.kind === 'pdf');
    if (!pdf) context.skip('galley build made no PDF here');
    const { bytes, name } = pdf!;
    const size = bytes.length;
    const ask = (range: string) => raw(preview.port, `/${name}`, { headers: { Range: range } });

    const middle = await ask('bytes=100-1123');
    expect(middle.status).toBe(206);
    expect(middle.headers['content-range']).toBe(`bytes 100-1123/${size}`);
    expect(middle.headers['content-type']).toBe('application/pdf');
    expect(middle.headers['content-disposition']).toBe(`attachment; filename="${name}"`);
    expect(middle.body.equals(bytes.subarray(100, 1124))).toBe(true);

    const rest = await ask(`bytes=${size - 10}-`);
    expect(rest.status).toBe(206);
    expect(rest.body.equals(bytes.subarray(size - 10))).toBe(true);

    const suffix = await ask('bytes=-64');
    expect(suffix.status).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes ${size - 64}-${size - 1}/${size}`);
    expect(suffix.body.equals(bytes.subarray(size - 64))).toBe(true);

    const pastEnd = await ask(`bytes=100-${size + 500}`);
    expect(pastEnd.status).toBe(206);
    expect(pastEnd.body.equals(bytes.subarray(100))).toBe(true);

    const unsatisfiable = await ask(`bytes=${size}-`);
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${size}`);

    // Ranges the server does not answer as ranges get the whole file, as HTTP allows.
    // Last before first names no byte: refused as unsatisfiable.
    const backwards = await ask('bytes=500-100');
    expect(backwards.status).toBe(416);
    expect(backwards.headers['content-range']).toBe(`bytes */${size}`);

    for (const range of ['bytes=0-1,5-6', 'items=0-1', 'bytes=x-y']) {
      const whole = await ask(range);
      expect(whole.status, range).toBe(200);
      expect(whole.body.equals(bytes), range).toBe(true);
    }
    // The first byte alone is a range like any other.
    const first = await ask('bytes=0-0');
    expect(first.status).toBe(206);
    expect(first.headers['content-range']).toBe(`bytes 0-0/${size}`);
    expect(first.body.equals(bytes.subarray(0, 1))).toBe(true);
    // A header padded with all the white space a request may carry is read promptly (range-parser reads it in linear
    // time): the server runs in this process, whose CPU time (not the wall time a busy machine stretches) is measured.
    const started = cpuMs();
    for (const filler of [' ', '\t', ' 1']) {
      const padded = await ask(`bytes=${filler.repeat(Math.floor(12_000 / filler.length))}x`);
      expect(padded.status).toBe(200);
    }
    expect(cpuMs() - started).toBeLessThan(5_000);

    // If-Range with a validator that is not the file's own: the whole, current file.
    const stale = await raw(preview.port, `/${name}`, { headers: { Range: 'bytes=0-99', 'If-Range': 'Thu, 01 Jan 1970 00:00:00 GMT' } });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(size);
    // With the file's own date: that range.
    const fresh = await raw(preview.port, `/${name}`, { headers: { Range: 'bytes=0-99', 'If-Range': middle.headers['last-modified'] as string } });
    expect(fresh.status).toBe(206);
    expect(fresh.body.equals(bytes.subarray(0, 100))).toBe(true);
  });

  it('serves nothing outside the folder, no dotfiles and no folder listings', async () => {
    const refused = [
      '/../package.json',
      '/%2e%2e/package.json',
      '/%2E%2E/package.json',
      '/.%2e/package.json',
      '/%2e./package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2fpackage.json',
      '/%2e%2e%5cpackage.json',
      '/..\\package.json',
      '/covers/../../package.json',
      '/covers/%2e%2e/%2e%2e/secret.txt',
      '/covers/..%2f..%2fsecret.txt',
      '//secret.txt',
      `/${encodeURIComponent(path.join(parent, 'secret.txt'))}`,
      '/leak.txt',
      '/.half-written.pdf.tmp',
      '/visible.pdf',
      '/shown/notes.txt',
      '/%2ehalf-written.pdf.tmp',
      '/covers/',
      '/covers',
      '/fonts/',
      '/nothing-here.html',
      '/index',
      '/%',
      '/index.html%00',
      'http://127.0.0.1/../package.json',
    ];
    for (const requestPath of refused) {
      const response = await raw(preview.port, requestPath);
      expect(response.status, requestPath).toBe(404);
      expect(response.body.toString(), requestPath).not.toContain(SECRET);
    }
    // fetch tidies `..` away before sending: still nothing.
    expect((await fetch(new URL('/../package.json', preview.url))).status).toBe(404);
  });

  it('takes the next free port when the asked one is busy, and says so', async () => {
    let servers: net.Server[] | null = null;
    let busy = 0;
    for (let attempt = 0; attempt < 20 && !servers; attempt++) {
      busy = await freePort();
      if (busy > 65535 - 25) continue;
      servers = await occupy(busy, 1);
    }
    expect(servers).not.toBeNull();
    const notices: string[] = [];
    const second = await startPreview({ root, port: busy, onNotice: (line) => notices.push(line) });
    try {
      expect(second.port).toBeGreaterThan(busy);
      expect(second.port).toBeLessThanOrEqual(busy + 20);
      expect(second.url).toBe(`http://127.0.0.1:${second.port}/`);
      expect(notices).toEqual([`Port ${busy} is in use on 127.0.0.1; the preview uses port ${second.port} instead.`]);
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      await second.close();
      await release(servers!);
    }
  });

  it('fails clearly when the port and the 20 after it are all busy', async () => {
    let servers: net.Server[] | null = null;
    let first = 0;
    for (let attempt = 0; attempt < 50 && !servers; attempt++) {
      first = 20_000 + Math.floor(Math.random() * 30_000);
      servers = await occupy(first, 21);
    }
    expect(servers).not.toBeNull();
    try {
      const attempt = startPreview({ root, port: first, onNotice: () => {} });
      await expect(attempt).rejects.toThrow(PreviewError);
      await expect(attempt).rejects.toThrow(`Ports ${first} to ${first + 20} are all in use on 127.0.0.1. Stop the programs using them, or choose another port with --port.`);
    } finally {
      await release(servers!);
    }
  });

  it('refuses a folder that is not there, and any host but the loopback', async () => {
    await expect(startPreview({ root: path.join(parent, 'missing'), port: 0 })).rejects.toThrow(/Nothing to preview: .*missing is not a folder/);
    await expect(startPreview({ root, port: 0, host: '0.0.0.0' as '127.0.0.1' })).rejects.toThrow(/127\.0\.0\.1 only/);
  });

  it('closes cleanly, also with a connection still open, and frees its port', async () => {
    const own = await startPreview({ root, port: 0 });
    // A kept-alive connection must not hold the server open.
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) =>
      http.get({ host: '127.0.0.1', port: own.port, path: '/', agent }, (res) => res.resume().on('end', resolve)).on('error', reject),
    );
    await own.close();
    await own.close();
    agent.destroy();
    await expect(fetch(own.url)).rejects.toThrow();
    expect(await canListen(own.port)).toBe(true);
  });
});

describe('galley preview, as a command', () => {
  /** Runs runPreview() in a process of its own, as the CLI will. */
  function runPreviewProcess(args: string[]) {
    const code = `const { runPreview } = await import(${JSON.stringify(path.join(repoRoot, 'src', 'preview.ts'))});
process.exitCode = await runPreview(JSON.parse(process.env.PREVIEW_ARGS));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: repoRoot,
      env: { ...process.env, PREVIEW_ARGS: JSON.stringify(args) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it('prints the URL, serves until Ctrl-C, then stops cleanly', async () => {
    const port = await freePort();
    const run = runPreviewProcess(['--port', String(port), '--out', root]);
    try {
      const deadline = Date.now() + 30_000;
      while (!run.output().stdout.includes('Press Ctrl-C') && Date.now() < deadline) {
        if (run.child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const { stdout } = run.output();
      expect(stdout, run.output().stderr).toContain(`at http://127.0.0.1:${port}/`);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
      run.child.kill('SIGINT');
      expect(await run.exited).toBe(0);
      expect(run.output().stdout).toContain('Preview stopped.');
      expect(await canListen(port)).toBe(true);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('rejects a bad port with exit 2 and a folder that is not there with exit 1', async () => {
    const bad = runPreviewProcess(['--port', 'eighty']);
    expect(await bad.exited).toBe(2);
    expect(bad.output().stderr).toContain('--port must be a number from 0 to 65535');
    const missing = runPreviewProcess(['--port', '0', '--out', path.join(parent, 'missing')]);
    expect(await missing.exited).toBe(1);
    expect(missing.output().stderr).toMatch(/Nothing to preview: .*missing is not a folder\. Build the editions first/);
  });
});

describe('preview in a browser', () => {
  /** Resolves with the file name of the next download once it has completed. */
  function nextDownload(cdp: CDPSession): Promise<string> {
    return new Promise((resolve, reject) => {
      let guid = '';
      let name = '';
      const began = (event: { guid: string; suggestedFilename: string }) => {
        guid = event.guid;
        name = event.suggestedFilename;
      };
      const progress = (event: { guid: string; state: string }) => {
        if (event.guid !== guid) return;
        if (event.state === 'completed') done(() => resolve(name));
        if (event.state === 'canceled') done(() => reject(new Error(`The download of ${name} was cancelled.`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error('No download finished within 30 s.'))), 30_000);
      const done = (then: () => void) => {
        clearTimeout(timer);
        cdp.off('Browser.downloadWillBegin', began);
        cdp.off('Browser.downloadProgress', progress);
        then();
      };
      cdp.on('Browser.downloadWillBegin', began);
      cdp.on('Browser.downloadProgress', progress);
    });
  }

  async function focusedElement(page: Page) {
    return page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      return {
        tag: element.tagName,
        text: element.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        outline: `${style.outlineStyle} ${style.outlineWidth}`,
        top: box.top,
        width: box.width,
      };
    });
  }

  it('shows both editions and the credits, downloads both files intact, and passes axe', async () => {
    const downloads = tempDir('galley-downloads-');
    mkdirSync(screenshots, { recursive: true });
    try {
      await withBrowser(async (browser) => {
        const cdp = await browser.target().createCDPSession();
        await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
        const page = await browser.newPage();
        const requested: string[] = [];
        const problems: string[] = [];
        page.on('request', (request) => requested.push(request.url()));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
        });
        page.on('pageerror', (error) => problems.push(String(error)));
        page.on('requestfailed', (request) => problems.push(`${request.url()}: ${request.failure()?.errorText}`));

        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(preview.url, { waitUntil: 'networkidle0' });

        // What a reader sees.
        const text = normalize(await page.evaluate(() => document.body.innerText));
        for (const expected of [seed.headline, seed.dek, 'February 16, 2017', seed.credit, seed.wireNote, 'Sources and credits']) {
          expect(text.toLowerCase()).toContain(normalize(expected).toLowerCase());
        }
        for (const edition of editions) {
          const link = await page.$(`a[href="${edition.name}"]`);
          expect(await link?.isVisible(), edition.label).toBe(true);
          // Seen: the label. Heard: the label and the article it belongs to.
          expect(await link!.evaluate((a) => a.firstChild?.textContent)).toBe(edition.label);
          const heard = await page.accessibility.snapshot({ root: link!, interestingOnly: false });
          expect(heard?.role).toBe('link');
          expect(normalize(heard?.name ?? '')).toBe(`${edition.label} of "${normalize(seed.headline)}"`);
        }
        const coverLoaded = await page.$eval('.entry-cover img', (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth);
        expect(coverLoaded).toBe(480);

        // The page's own typeface, from its own folder.
        const faces = await page.evaluate(async () => {
          await document.fonts.ready;
          return [...document.fonts].filter((face) => face.status === 'loaded').map((face) => `${face.family.replace(/"/g, '')} ${face.weight} ${face.style}`);
        });
        expect(faces).toEqual(expect.arrayContaining(['Literata 400 normal', 'Literata 700 normal', 'Literata 400 italic']));

        // Everything came from the preview, and nothing went wrong on the way.
        expect(requested.length).toBeGreaterThan(3);
        for (const url of requested) expect(url.startsWith(preview.url) || url.startsWith('data:'), url).toBe(true);
        expect(problems).toEqual([]);

        // Screenshots to look at, phone and desktop.
        await page.screenshot({ path: path.join(screenshots, 'site-1280.png'), fullPage: true });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
        await page.setViewport({ width: 375, height: 812, isMobile: true, hasTouch: true });
        await page.reload({ waitUntil: 'networkidle0' });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
        await page.screenshot({ path: path.join(screenshots, 'site-375.png'), fullPage: true });
        await page.screenshot({ path: path.join(screenshots, 'site-375-top.png') });

        // Keyboard: the skip link comes first and shows itself; every link shows its focus.
        await page.setViewport({ width: 1280, height: 900 });
        await page.reload({ waitUntil: 'networkidle0' });
        await page.keyboard.press('Tab');
        const skip = await focusedElement(page);
        expect(skip.text).toBe('Skip to the downloads');
        expect(skip.top).toBeGreaterThanOrEqual(0);
        expect(skip.outline).toMatch(/^solid [3-9]px$/);
        await page.screenshot({ path: path.join(screenshots, 'site-1280-skip-link.png'), clip: { x: 0, y: 0, width: 1280, height: 300 } });
        const focused: string[] = [skip.text];
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press('Tab');
          const element = await focusedElement(page);
          if (element.tag === 'BODY' || focused.includes(element.text)) break;
          expect(element.outline, element.text).toMatch(/^solid [3-9]px$/);
          focused.push(element.text);
          // The first download link, focused from the keyboard.
          if (focused.length === 2) {
            await page.screenshot({ path: path.join(screenshots, 'site-1280-focus.png'), clip: { x: 0, y: 150, width: 1280, height: 550 } });
          }
        }
        // The links' hidden rest (" of “<title>”") names the article for screen readers.
        expect(focused.map((label) => label.replace(/ of “.*”$/, ''))).toEqual([skip.text, ...editions.map((edition) => edition.label)]);

        // Accessibility rules, contrast among them, as axe checks them.
        const require = createRequire(import.meta.url);
        await page.evaluate(readFileSync(require.resolve('@daisy/axe-core-for-ace/axe.min.js'), 'utf8'));
        const axe = await page.evaluate(async () => {
          type Rule = { id: string; nodes: Array<{ html: string }> };
          const engine = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Rule[]; passes: Rule[] }> } }).axe;
          const result = await engine.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
          return {
            violations: result.violations.map((rule) => `${rule.id}: ${rule.nodes.map((node) => node.html).join(' | ')}`),
            passes: result.passes.map((rule) => rule.id),
          };
        });
        expect(axe.violations).toEqual([]);
        expect(axe.passes).toEqual(expect.arrayContaining(['color-contrast', 'heading-order', 'image-alt', 'page-has-heading-one', 'region', 'landmark-main-is-top-level', 'link-name', 'skip-link', 'target-size']));

        // Click each download link as a reader would; the saved file is the built file.
        for (const edition of editions) {
          const finished = nextDownload(cdp);
          await page.locator(`a::-p-text(${edition.label})`).click();
          expect(await finished).toBe(edition.name);
          expect(sha256(readFileSync(path.join(downloads, edition.name)))).toBe(sha256(edition.bytes));
        }
        expect(readdirSync(downloads).sort()).toEqual(editions.map((edition) => edition.name).sort());
        expect(problems).toEqual([]);
      });
    } finally {
      rmSync(downloads, { recursive: true, force: true });
    }
  });
});
