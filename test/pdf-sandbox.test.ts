import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { measureIn, pageGeometry } from '../src/pdf/page.js';
import { blockedUrlFromConsole, openSandbox, renderSandboxed, whileLoading, type SandboxFiles, type ScreenLine } from '../src/pdf/sandbox.js';
import { pdfInfo, pdfLines, pdfText, useBrowserAndTempDir, type PrintedLine } from './pdf-helpers.js';

const session = useBrowserAndTempDir('galley-sandbox-');

/** Words of a file that are long enough not to turn up in the page by chance. */
function secretsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/[\s:]+/)
    .filter((word) => word.length >= 6);
}

describe('the sandboxed render', () => {
  it('reads nothing but its own files and reports what it refused', async () => {
    const html = `<!doctype html><html lang="en"><head><title>Sandbox</title>
      <link rel="stylesheet" href="http://example.com/x.css">
      <link rel="stylesheet" href="style.css">
      </head><body>
      <h1>Only this page</h1>
      <p>Inside the sandbox.</p>
      <img src="file:///etc/hostname" alt="">
      <iframe src="file:///etc/passwd"></iframe>
      <object data="file:///etc/passwd"></object>
      <img src="https://example.org/tracker.gif" alt="">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
      <script>document.write('scripts run')</script>
      </body></html>`;
    const files: SandboxFiles = new Map([
      ['index.html', { body: html, contentType: 'text/html; charset=utf-8' }],
      ['style.css', { body: 'h1 { color: #333 }', contentType: 'text/css' }],
    ]);
    const { pdf, blocked } = await renderSandboxed(session.browser, files);
    const file = path.join(session.dir, 'sandbox.pdf');
    writeFileSync(file, pdf);

    const text = pdfText(file);
    expect(text).toContain('Only this page');
    expect(text).toContain('Inside the sandbox.');
    expect(text).not.toContain('scripts run');
    const hostname = readFileSync('/etc/hostname', 'utf8').trim();
    if (hostname) expect(text).not.toContain(hostname);
    expect(text).not.toContain('root:');
    for (const secret of [...secretsOf('/etc/hostname'), ...secretsOf('/etc/passwd')]) {
      expect(text).not.toContain(secret);
    }
    expect(blocked).toEqual(
      expect.arrayContaining([
        'file:///etc/hostname',
        'file:///etc/passwd',
        'http://example.com/x.css',
        'https://example.org/tracker.gif',
      ]),
    );
    expect(blocked.some((url) => url.startsWith('data:image/gif'))).toBe(true);
    // The page's own stylesheet was served, not refused.
    expect(blocked).not.toContain('https://galley.invalid/style.css');
    expect(pdfInfo(file).Tagged).toBe('yes');
  });

  it('refuses to open a page it does not hold', async () => {
    await expect(renderSandboxed(session.browser, new Map())).rejects.toThrow(/no index.html/);
  });
});

describe('a later layout of the same document', () => {
  // The pictures are read and the pages made before the cases, not while the file is collected.
  let first: SandboxFiles;
  let second: SandboxFiles;
  let swapped: SandboxFiles;
  const head = `<!doctype html><html lang="en"><head><title>Layouts</title><link rel="stylesheet" href="style.css"></head>`;
  const page = (body: string, pictures: { wide: Buffer; tall: Buffer }, style = ''): SandboxFiles =>
    new Map([
      ['index.html', { body: `${head}<style>${style}</style><body>${body}</body></html>`, contentType: 'text/html; charset=utf-8' }],
      ['style.css', { body: 'body { font: 12pt serif } img { width: 3in }', contentType: 'text/css' }],
      ['wide.png', { body: pictures.wide, contentType: 'image/png' }],
      ['tall.png', { body: pictures.tall, contentType: 'image/png' }],
    ]);
  beforeAll(() => {
    const wide = readFileSync(path.join(__dirname, 'fixtures/good/print-layout/images/wide.png'));
    const tall = readFileSync(path.join(__dirname, 'fixtures/good/print-layout/images/tall.png'));
    first = page('<p>The first layout.</p><img src="wide.png" alt=""><img src="file:///etc/hostname" alt="">', { wide, tall });
    // New text and style, the picture moved, and a second picture that the first layout did not show.
    second = page('<p>The second layout, longer.</p><p>More.</p><img src="tall.png" alt=""><img src="wide.png" alt=""><img src="file:///etc/hostname" alt="">', { wide, tall }, 'p { letter-spacing: 0.05em }');
    // The same markup, with the pictures' files swapped: the page must be loaded again.
    swapped = page('<p>The second layout, longer.</p><p>More.</p><img src="tall.png" alt=""><img src="wide.png" alt="">', { wide: tall, tall: wide });
  });

  /** The PDF without its creation and modification dates, which differ from one print to the next. */
  const undated = (pdf: Uint8Array): string => Buffer.from(pdf).toString('latin1').replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '');
  const pictures = (pdf: Uint8Array, name: string): string[] => {
    const file = path.join(session.dir, name);
    writeFileSync(file, pdf);
    return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2).map((line) => line.trim().split(/\s+/).slice(3, 5).join('×'));
  };

  it('prints what a fresh page prints, pictures and all, and loads the page again when a file changed', async () => {
    const reused = await openSandbox(session.browser);
    try {
      await reused.render(first, { document: 'article.md' });
      const patched = await reused.render(second, { document: 'article.md' });
      const fresh = await renderSandboxed(session.browser, second);
      expect(undated(patched.pdf)).toBe(undated(fresh.pdf));
      expect(pictures(patched.pdf, 'second.pdf')).toEqual(pictures(fresh.pdf, 'second-fresh.pdf'));
      expect(pictures(patched.pdf, 'second.pdf')).toHaveLength(2);
      expect(pdfText(path.join(session.dir, 'second.pdf'))).toContain('The second layout, longer.');
      // What was refused to the page is still told, though the patched page does not ask for it again.
      expect(patched.blocked).toEqual(fresh.blocked);
      expect(patched.blocked).toContain('file:///etc/hostname');

      const reloaded = await reused.render(swapped, { document: 'article.md' });
      const freshSwapped = await renderSandboxed(session.browser, swapped);
      expect(undated(reloaded.pdf)).toBe(undated(freshSwapped.pdf));
      expect(pictures(reloaded.pdf, 'swapped.pdf')).not.toEqual(pictures(patched.pdf, 'second.pdf'));
    } finally {
      await reused.close();
    }
  });
});

describe('blockedUrlFromConsole', () => {
  it('finds the URL in Chromium messages', () => {
    expect(blockedUrlFromConsole('Not allowed to load local resource: file:///etc/passwd')).toBe('file:///etc/passwd');
    expect(
      blockedUrlFromConsole(
        "Mixed Content: The page at 'https://galley.invalid/index.html' was loaded over HTTPS, but requested an insecure stylesheet 'http://example.com/x.css'. This request has been blocked.",
      ),
    ).toBe('http://example.com/x.css');
    expect(
      blockedUrlFromConsole(
        "Loading the image 'data:image/png;base64,AAAA' violates the following Content Security Policy directive: \"img-src https://galley.invalid/\". The action has been blocked.",
      ),
    ).toBe('data:image/png;base64,AAAA');
    expect(blockedUrlFromConsole('Something else entirely')).toBeUndefined();
  });
});

describe('the open page measured on screen', () => {
  // The seed's print page at A4, whose text block (506.46 CSS px) is not a whole number of pixels.
  let screen: ScreenLine[] = [];
  let printed: PrintedLine[] = [];
  beforeAll(async () => {
    const doc = (await loadManuscript(path.resolve('manuscript/mattis-russia-nato'))).document;
    const geometry = pageGeometry.a4;
    const { files } = buildPrintPage(doc, { pageSize: 'a4' });
    const sandbox = await openSandbox(session.browser);
    try {
      screen = await sandbox.measure(files, { document: doc.file, width: measureIn(geometry) * 96 });
      const { pdf } = await sandbox.render(files, { document: doc.file });
      const file = path.join(session.dir, 'measured.pdf');
      writeFileSync(file, pdf);
      printed = pdfLines(file).flatMap((page) => page.lines);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  // Letters and digits only; the letters an f-ligature stands for are left out (poppler finds no text for some of them).
  const key = (text: string): string => text.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '').toLowerCase().replace(/ff[il]?|f[il]/g, '');

  it('breaks every paragraph line where the print breaks it', () => {
    const printedKeys = new Set(printed.map((line) => key(line.text)));
    const body = screen.filter((line) => line.spaces.length >= 4);
    expect(body.length).toBeGreaterThan(50);
    expect(body.map((line) => line.text).filter((text) => !printedKeys.has(key(text)))).toEqual([]);
    // A line broken at a soft hyphen reads as the print does, with its hyphen.
    expect(screen.some((line) => line.text.endsWith('-') && printed.some((print) => print.text.endsWith('-') && key(print.text) === key(line.text)))).toBe(true);
  });
});

describe('waiting for what a page loads (its scripts off)', () => {
  const fontFile = fileURLToPath(new URL('../node_modules/@fontsource/literata/files/literata-latin-400-normal.woff2', import.meta.url));

  /**
   * A page with its scripts off whose face is held back until `release()`:
   * `asked` resolves once the page has asked for it. (Held, not delayed: a
   * delay can run out while a busy machine is still getting to the next step.)
   */
  async function heldFace() {
    const context = await session.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    let release = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked = (): void => {};
    const askedFor = new Promise<void>((resolve) => (asked = resolve));
    page.on('request', (request) => {
      if (request.url().endsWith('.woff2')) {
        asked();
        void released.then(() => request.respond({ status: 200, contentType: 'font/woff2', body: readFileSync(fontFile) })).catch(() => {});
      } else void request.respond({ status: 200, contentType: 'text/html', body: '<style>@font-face { font-family: Late; src: url(late.woff2) } p { font-family: Late }</style><p>Set in a late face</p>' });
    });
    await page.goto('https://galley.invalid/', { waitUntil: 'domcontentloaded' });
    await askedFor;
    return { page, context, release };
  }

  it('waits, awaited in the page, until the faces have loaded', async () => {
    const { page, context, release } = await heldFace();
    try {
      expect(await page.evaluate(() => document.fonts.status)).toBe('loading');
      let done = false;
      const waiting = whileLoading(page, performance.now() + 60_000, 'too late').then(() => (done = true));
      // Still waiting a while later: only the face can end it (a busy machine only makes this wait longer).
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      release();
      await waiting;
      expect(await page.evaluate(() => document.fonts.status)).toBe('loaded');
    } finally {
      release();
      await context.close();
    }
  });

  it('gives up at the deadline with the message given', async () => {
    const { page, context, release } = await heldFace();
    try {
      await whileLoading(page, performance.now() + 300, 'too late');
      expect(await page.evaluate(() => document.fonts.status)).toBe('loading');
      await expect(whileLoading(page, performance.now() - 1, 'too late')).rejects.toThrow('too late');
    } finally {
      release();
      await context.close();
    }
  });
});
