import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { measureIn, pageGeometry } from '../src/pdf/page.js';
import { finishPrint } from '../src/pdf/finish.js';
import { blockedUrlFromConsole, openSandbox, readScreenLines, renderSandboxed, sandboxOrigin, SandboxPool, whileLoading, type Sandbox, type SandboxFile, type SandboxFiles, type ScreenLine } from '../src/pdf/sandbox.js';
import type { GalleyDocument } from '../src/document.js';
import { pdfInfo, pdfLines, pdfText, useBrowserAndTempDir, type PrintedLine } from './pdf-helpers.js';

const session = useBrowserAndTempDir('galley-sandbox-');

/** Words of a file that are long enough not to turn up in the page by chance. */
function secretsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split(/[\s:]+/)
    .filter((word) => word.length >= 6);
}

/** The pictures of a PDF (width × height of each), by pdfimages. */
function pictures(pdf: Uint8Array, name: string): string[] {
  const file = path.join(session.dir, name);
  writeFileSync(file, pdf);
  return execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2).map((line) => line.trim().split(/\s+/).slice(3, 5).join('×'));
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

describe('the next document of a batch in the same page', () => {
  // Two manuscripts with the same fonts and pictures of their own under the same ids (figure-1, figure-2), and one with a script of its own (more fonts).
  const names = ['reading-apps', 'words-de', 'rtl-hebrew'] as const;
  const date = new Date('2024-05-01T00:00:00Z');
  const width = measureIn(pageGeometry.letter) * 96;
  type Laid = { doc: GalleyDocument; files: SandboxFiles; html: string };
  const laid = new Map<string, Laid>();
  const fresh = new Map<string, Uint8Array>();
  const batch = new Map<string, Uint8Array>();
  const loads: number[] = [];
  /** The PDF as galley finishes it (Chromium's structure ids numbered again in reading order). */
  const finished = async (name: string, pdf: Uint8Array): Promise<Uint8Array> => {
    const { doc, html } = laid.get(name)!;
    return (await finishPrint(pdf, doc, html, { date, identifier: `urn:test:${name}` })).bytes;
  };
  const print = async (sandbox: Sandbox, name: string): Promise<Uint8Array> => {
    const { doc, files } = laid.get(name)!;
    await sandbox.measure(files, { document: doc.file, width });
    return finished(name, (await sandbox.render(files, { document: doc.file })).pdf);
  };
  beforeAll(async () => {
    for (const name of names) {
      const doc = (await loadManuscript(path.join(__dirname, 'fixtures/good', name))).document;
      const { files, html } = buildPrintPage(doc);
      laid.set(name, { doc, files, html });
      const alone = await openSandbox(session.browser);
      try {
        fresh.set(name, await print(alone, name));
      } finally {
        await alone.close();
      }
    }
    const shared = await openSandbox(session.browser);
    try {
      for (const name of names) {
        batch.set(name, await print(shared, name));
        loads.push(shared.loads);
      }
    } finally {
      await shared.close();
    }
  }, 120_000);

  it('patches the page to a document with the same fonts, and prints what a fresh page prints, its own pictures and all', () => {
    // The page is loaded for the first document only: the second has other pictures, under other paths.
    expect(loads.slice(0, 2)).toEqual([1, 1]);
    expect(Buffer.from(batch.get('words-de')!).equals(Buffer.from(fresh.get('words-de')!))).toBe(true);
    expect(pictures(batch.get('words-de')!, 'de-batch.pdf')).toEqual(pictures(fresh.get('words-de')!, 'de-fresh.pdf'));
    expect(pictures(batch.get('words-de')!, 'de-batch.pdf')).not.toEqual(pictures(fresh.get('reading-apps')!, 'apps-fresh.pdf'));
  });

  it('loads the page again for a document with other fonts, which prints the same as alone', () => {
    expect(loads[2]).toBe(2);
    expect(Buffer.from(batch.get('rtl-hebrew')!).equals(Buffer.from(fresh.get('rtl-hebrew')!))).toBe(true);
  });

  it('loads the page again after a document that was refused something, and tells the next one what it was refused', async () => {
    const refused = (text: string, extra = ''): SandboxFiles =>
      new Map([['index.html', { body: `<!doctype html><html lang="en"><body><p>${text}</p><img src="file:///etc/hostname" alt="">${extra}</body></html>`, contentType: 'text/html; charset=utf-8' }]]);
    const sandbox = await openSandbox(session.browser);
    try {
      await sandbox.render(refused('The first document.'), { document: 'first.md' });
      const next = await sandbox.render(refused('The second document.', '<p>More.</p>'), { document: 'second.md' });
      expect(sandbox.loads).toBe(2);
      expect(next.blocked).toEqual(['file:///etc/hostname']);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a page given back to the pool', () => {
  it('has the garbage of the documents it showed collected before it is taken again', async () => {
    const page = (text: string): SandboxFiles =>
      new Map([['index.html', { body: `<!doctype html><html lang="en"><body>${`<p>${text} <em>in</em> a paragraph.</p>`.repeat(3000)}</body></html>`, contentType: 'text/html; charset=utf-8' }]]);
    const pool = new SandboxPool(session.browser);
    try {
      const sandbox = await pool.acquire();
      await sandbox.render(page('The first document'), { document: 'first.md' });
      await sandbox.render(page('The second document'), { document: 'second.md' });
      // The second document was patched in: the first one's nodes are garbage, not yet collected.
      expect(sandbox.loads).toBe(1);
      const target = (await session.browser.targets()).find((candidate) => candidate.type() === 'page' && candidate.url().startsWith(sandboxOrigin));
      const inspector = await target!.createCDPSession();
      const nodes = async (): Promise<number> => (await inspector.send('Memory.getDOMCounters')).nodes;
      const before = await nodes();
      expect(before).toBeGreaterThan(2 * 3000 * 4);
      await pool.release(sandbox);
      expect(await pool.acquire()).toBe(sandbox);
      // One document's nodes are left: about 4 a paragraph (p, two texts, em and its text).
      expect(await nodes()).toBeLessThan(1.5 * 3000 * 5);
      // And the page is patched to the next document as before.
      const { pdf } = await sandbox.render(page('The third document'), { document: 'third.md' });
      expect(sandbox.loads).toBe(1);
      const file = path.join(session.dir, 'third.pdf');
      writeFileSync(file, pdf);
      expect(pdfText(file)).toContain('The third document in a paragraph.');
      await inspector.detach();
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('a picture the next document of a batch shows again', () => {
  it('is served once to the page, and printed in both documents', async () => {
    const picture = readFileSync(path.join(__dirname, '..', 'manuscript', 'mattis-russia-nato', 'images', 'nato-ministers.png'));
    const page = (text: string): SandboxFiles =>
      new Map<string, SandboxFile>([
        ['index.html', { body: `<!doctype html><html lang="en"><body><p>${text}</p><figure><img src="images/p-1.png" alt="" style="width: 4in"><figcaption>${text}</figcaption></figure></body></html>`, contentType: 'text/html; charset=utf-8' }],
        ['images/p-1.png', { body: picture, contentType: 'image/png', lasting: true }],
      ]);
    const pool = new SandboxPool(session.browser);
    try {
      const sandbox = await pool.acquire();
      const first = await sandbox.render(page('The first document.'), { document: 'first.md' });
      // The page and the picture.
      expect(sandbox.served).toBe(2);
      // Given back, the first document's nodes are collected before the next one is patched in.
      await pool.release(sandbox);
      expect(await pool.acquire()).toBe(sandbox);
      const second = await sandbox.render(page('The second document, with a picture of its own.'), { document: 'second.md' });
      expect(sandbox.loads).toBe(1);
      expect(sandbox.served).toBe(2);
      expect(second.blocked).toEqual([]);
      expect(pictures(second.pdf, 'second.pdf')).toEqual(pictures(first.pdf, 'first.pdf'));
      expect(pictures(second.pdf, 'second.pdf')).toEqual(['1500×1000']);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('a page opened ahead and given back unused', () => {
  it('is not collected: it has shown nothing', async () => {
    const pool = new SandboxPool(session.browser);
    try {
      const sandbox = await pool.acquire();
      let collections = 0;
      const collect = sandbox.collectGarbage.bind(sandbox);
      sandbox.collectGarbage = async () => {
        collections++;
        await collect();
      };
      await pool.release(sandbox);
      expect(await pool.acquire()).toBe(sandbox);
      expect(collections).toBe(0);
      await sandbox.render(new Map([['index.html', { body: '<!doctype html><html lang="en"><body><p>Shown.</p></body></html>', contentType: 'text/html; charset=utf-8' }]]), { document: 'shown.md' });
      await pool.release(sandbox);
      expect(collections).toBe(1);
    } finally {
      await pool.close();
    }
  }, 60_000);
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

  it('is shown with print media from its first load: what only its screen styles use is never asked for', async () => {
    // Were the page laid out for the screen first, Chromium would ask for the screen's picture (and be refused).
    const html = `<!doctype html><html lang="en"><head><title>Media</title><style>
      @media screen { body { background: url(screen-only.png); } p { font-family: ScreenFace; } }
      @font-face { font-family: ScreenFace; src: url(screen-face.woff2); }
      </style></head><body><p>Printed, and measured as printed.</p></body></html>`;
    const files: SandboxFiles = new Map([['index.html', { body: html, contentType: 'text/html; charset=utf-8' }]]);
    const sandbox = await openSandbox(session.browser);
    try {
      const lines = await sandbox.measure(files, { document: 'media.md', width: 400 });
      expect(lines.map((line) => line.text)).toEqual(['Printed, and measured as printed.']);
      const { blocked } = await sandbox.render(files, { document: 'media.md' });
      expect(blocked).toEqual([]);
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

/**
 * The screen's lines read the plain way, one Range per character (each
 * placed by its lowest rect): what readScreenLines() must give, reading
 * whole words where it can. Evaluated in the page.
 */
function linesByCharacter(): ScreenLine[] {
  const lines: ScreenLine[] = [];
  const range = document.createRange();
  for (const block of document.body.querySelectorAll('p, li')) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const chars: Array<{ char: string; size: number; width: number; line: number; code: boolean }> = [];
    let line = -1;
    let bottom = -Infinity;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      let skipped = false;
      let code = false;
      for (let up = node.parentElement; up && up !== block; up = up.parentElement) {
        if (up.tagName === 'P' || up.tagName === 'LI' || up.tagName === 'SUP') skipped = true;
        if (up.tagName === 'CODE' || up.tagName === 'KBD' || up.tagName === 'SAMP') code = true;
      }
      if (skipped || !node.parentElement) continue;
      const size = Number.parseFloat(getComputedStyle(node.parentElement).fontSize);
      for (let i = 0; i < node.data.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        let rect: DOMRect | undefined;
        for (const candidate of range.getClientRects()) if (candidate.height > 0 && (!rect || candidate.top > rect.top)) rect = candidate;
        if (!rect) continue;
        if ((rect.top + rect.bottom) / 2 > bottom) line++;
        bottom = (rect.top + rect.bottom) / 2 > bottom ? rect.bottom : Math.max(bottom, rect.bottom);
        chars.push({ char: node.data[i]!, size, width: rect.width, line, code });
      }
    }
    for (let index = 0; index <= line; index++) {
      const all = chars.filter((char) => char.line === index);
      const counts = new Map<number, number>();
      for (const { size } of all) counts.set(size, (counts.get(size) ?? 0) + 1);
      const size = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
      const own = all.filter((char) => char.size === size);
      const text = all.map(({ char }) => char).join('');
      lines.push({
        text: text.endsWith('\u00AD') ? `${text.slice(0, -1)}-` : text,
        size,
        spaces: own.filter(({ char }) => char === ' ' || char === '\u00A0').map(({ width }) => width),
        sized: own.map(({ char }) => char).join(''),
        gaps: all.filter(({ char, code }) => !code && (char === ' ' || char === '\u00A0')).map(({ width }) => width),
        ...(index === 0 ? { first: true as const } : {}),
      });
    }
  }
  return lines;
}

describe('the screen\'s lines, read a word at a time', () => {
  // Pages whose lines break at soft hyphens and explicit ones, in Japanese without spaces, over
  // decomposed accents, pictographs outside the BMP, and right-to-left runs inside a left-to-right line.
  const manuscripts = ['manuscript/mattis-russia-nato', 'test/fixtures/good/screen-lines', 'test/fixtures/good/multilingual', 'test/fixtures/good/rtl-hebrew'];
  const read: Array<{ name: string; words: ScreenLine[] | null; characters: ScreenLine[] }> = [];
  beforeAll(async () => {
    const page = await session.browser.newPage();
    try {
      await page.emulateMediaType('print');
      for (const [index, manuscript] of manuscripts.entries()) {
        const doc = (await loadManuscript(path.resolve(manuscript))).document;
        for (const size of ['6x9', 'a4'] as const) {
          const { files } = buildPrintPage(doc, { pageSize: size });
          const dir = path.join(session.dir, `lines-${index}-${size}`);
          for (const [name, file] of files) {
            mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            writeFileSync(path.join(dir, name), file.body);
          }
          await page.setViewport({ width: Math.ceil(measureIn(pageGeometry[size]) * 96 - 0.001), height: 1000 });
          await page.goto(`file://${path.join(dir, 'index.html')}`, { waitUntil: 'load' });
          await page.evaluate(() => document.fonts.ready.then(() => undefined));
          read.push({ name: `${manuscript} at ${size}`, words: await page.evaluate(readScreenLines), characters: await page.evaluate(linesByCharacter) });
        }
      }
    } finally {
      await page.close();
    }
  }, 120_000);

  it('gives every line, its text, size and word spaces, as one Range per character does', () => {
    expect(read).toHaveLength(manuscripts.length * 2);
    for (const { name, words, characters } of read) {
      expect(characters.length, name).toBeGreaterThan(10);
      expect(words, name).toEqual(characters);
    }
    // Lines broken inside a word are among them: at a soft hyphen (hyphenated by galley) and at a hyphen of the text's own.
    const ends = read.flatMap(({ characters }) => characters.map((line) => line.text.slice(-4)));
    expect(ends.filter((end) => end.endsWith('-')).length).toBeGreaterThan(5);
    expect(read.filter(({ characters }) => characters.some((line) => /[\p{Script=Han}\p{Script=Hiragana}]$/u.test(line.text))).length).toBeGreaterThan(0);
  });
});

describe('the screen\'s lines, measured again after a patch', () => {
  // The seed at A4, read once; then one paragraph gets more words and another a figure before it (which takes its indent away, `figure + p`).
  let first: ScreenLine[] | null = null;
  let again: ScreenLine[] | null = null;
  let fresh: ScreenLine[] | null = null;
  const rects: number[] = [];
  beforeAll(async () => {
    const page = await session.browser.newPage();
    try {
      await page.emulateMediaType('print');
      const doc = (await loadManuscript(path.resolve('manuscript/mattis-russia-nato'))).document;
      const { files } = buildPrintPage(doc, { pageSize: 'a4' });
      const dir = path.join(session.dir, 'lines-patched');
      for (const [name, file] of files) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), file.body);
      }
      await page.setViewport({ width: Math.ceil(measureIn(pageGeometry.a4) * 96 - 0.001), height: 1000 });
      await page.goto(`file://${path.join(dir, 'index.html')}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      // Counts the Ranges' rects asked for: what a measure costs.
      await page.evaluate(() => {
        const own = Range.prototype.getClientRects;
        const counted = window as unknown as { rects: number };
        counted.rects = 0;
        Range.prototype.getClientRects = function (this: Range) {
          counted.rects++;
          return own.call(this);
        };
      });
      const count = async <T>(read: () => Promise<T>): Promise<T> => {
        await page.evaluate(() => void ((window as unknown as { rects: number }).rects = 0));
        const result = await read();
        rects.push(await page.evaluate(() => (window as unknown as { rects: number }).rects));
        return result;
      };
      first = await count(() => page.evaluate(readScreenLines, 'one document'));
      await page.evaluate(() => {
        const paragraphs = document.querySelectorAll('.body > p');
        paragraphs[2]!.append(' and a few words more, to carry its last line further than it went');
        paragraphs[5]!.before(document.createElement('figure'));
      });
      again = await count(() => page.evaluate(readScreenLines, 'one document'));
      fresh = await count(() => page.evaluate(readScreenLines));
    } finally {
      await page.close();
    }
  }, 120_000);

  it('gives the lines a fresh read gives, reading only the paragraphs that changed', () => {
    expect(first).not.toBeNull();
    expect(fresh).not.toEqual(first);
    expect(again).toEqual(fresh);
    // The two paragraphs changed and the one before the figure (its neighbour changed) read again: a small part of a whole read's rects.
    const [whole, patched, freshRead] = rects;
    expect(freshRead).toBeGreaterThan(whole! * 0.9);
    expect(patched).toBeGreaterThan(0);
    expect(patched! * 4).toBeLessThan(freshRead!);
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

  it('reads no lines while a picture is still loading: a patched page is read, not waited for apart', async () => {
    const context = await session.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    let release = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked = (): void => {};
    const askedFor = new Promise<void>((resolve) => (asked = resolve));
    const picture = readFileSync(fileURLToPath(new URL('../manuscript/mattis-russia-nato/images/nato-ministers.png', import.meta.url)));
    page.on('request', (request) => {
      if (request.url().endsWith('/late.png')) {
        asked();
        void released.then(() => request.respond({ status: 200, contentType: 'image/png', body: picture })).catch(() => {});
      } else void request.respond({ status: 200, contentType: 'text/html', body: '<p>Words beside a late picture</p><img src="late.png" alt="">' });
    });
    try {
      await page.goto('https://galley.invalid/', { waitUntil: 'domcontentloaded' });
      await askedFor;
      expect(await page.evaluate(() => document.fonts.status)).toBe('loaded');
      expect(await page.evaluate(readScreenLines)).toBeNull();
      release();
      await whileLoading(page, performance.now() + 60_000, 'too late');
      expect((await page.evaluate(readScreenLines))?.map((line) => line.text)).toEqual(['Words beside a late picture']);
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
