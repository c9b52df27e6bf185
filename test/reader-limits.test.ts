/**
 * The reader's limits and checks on real manuscripts, in process: hostile
 * input is answered fast with a position; legal input at the edges still
 * builds a valid e-book; what would silently go wrong is reported.
 * (One mistake per manuscript with its message lives in test/fixtures/bad/.)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type JSZip from 'jszip';
import { toString } from 'hast-util-to-string';
import { selectAll } from 'hast-util-select';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEpub } from '../src/epub/index.js';
import { formatMessage, loadManuscript, ManuscriptError, type LoadResult } from '../src/manuscript/index.js';
import { cpuMs, entryText, epubcheck, openEpub, parseHtml, repoRoot, runCli, seedManuscript, tempDir, texts } from './helpers.js';

const FRONT = '---\ntitle: "A headline"\ndate: 2017-02-16\n---\n\n';
const picture = path.join(seedManuscript, 'images', 'nato-ministers.png');

function manuscript(name: string, body: string, files: Record<string, string | Buffer> = {}): string {
  const dir = path.join(tempDir(), name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'article.md'), body);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

/**
 * Loads a manuscript; returns its messages as the CLI prints them, and the
 * CPU time it took (not the wall time, which a busy machine stretches).
 */
async function load(dir: string): Promise<{ ok: boolean; messages: string[]; ms: number; result?: LoadResult }> {
  const start = cpuMs();
  try {
    const result = await loadManuscript(dir);
    return { ok: true, messages: result.warnings.map((m) => formatMessage(m, dir)), ms: cpuMs() - start, result };
  } catch (error) {
    if (!(error instanceof ManuscriptError)) throw error;
    return { ok: false, messages: error.messages.map((m) => formatMessage(m, dir)), ms: cpuMs() - start };
  }
}

describe('limits answered before the parser recurses', () => {
  it('answers a list nested 10,000 deep in well under a second of CPU, at its line', async () => {
    const dir = manuscript('deep-list', `${FRONT}${'- '.repeat(10_000)}deep\n`);
    const { ok, messages, ms } = await load(dir);
    expect(ok).toBe(false);
    expect(messages).toEqual([expect.stringMatching(/^article\.md:6:\d+: error: lists and block quotes nested more than 50 deep/)]);
    expect(ms).toBeLessThan(1000);
  });

  it('answers nested links and images in well under a second of CPU', async () => {
    const dir = manuscript('deep-images', `${FRONT}${'!['.repeat(5000)}x${'](a.png)'.repeat(5000)}\n`);
    const { ok, messages, ms } = await load(dir);
    expect(ok).toBe(false);
    expect(messages[0]).toMatch(/^article\.md:6:\d+: error: emphasis, links or brackets nested more than 50 deep/);
    expect(ms).toBeLessThan(1000);
  });

  it('publishes nesting a reader can follow: 24 quotes, 24 lists, 45 emphases, 45 HTML elements', async () => {
    const body = `${'> '.repeat(24)}${'- '.repeat(24)}${'*a '.repeat(45)}x${' b*'.repeat(45)}\n\n${'<span>'.repeat(45)}x${'</span>'.repeat(45)}\n`;
    const { ok, messages } = await load(manuscript('nested-ok', `${FRONT}${body}`));
    expect(messages).toEqual([]);
    expect(ok).toBe(true);
  });

  it('refuses an article over 1 MB at once, before decoding it', async () => {
    const paragraph = `${'All work and no play makes a long article. '.repeat(40)}\n\n`;
    const dir = manuscript('too-long', `${FRONT}${paragraph.repeat(Math.ceil(1_050_000 / paragraph.length))}`);
    const { ok, messages, ms } = await load(dir);
    expect(ok).toBe(false);
    expect(messages).toEqual([expect.stringMatching(/^article\.md:1:1: error: article\.md is 1\.1 MB; galley publishes articles of up to 1\.0 MB/)]);
    expect(ms).toBeLessThan(1000);
    // Just over the limit, the message gives the bytes, not "1.0 MB" against "1.0 MB".
    const over = await load(manuscript('just-over', `${FRONT}${'x'.repeat(1_000_001 - FRONT.length - 1)}\n`));
    expect(over.messages).toEqual([expect.stringMatching(/^article\.md:1:1: error: article\.md is 1,000,001 bytes; galley publishes articles of up to 1\.0 MB \(1,000,000 bytes, about 150,000 words\)/)]);
  });

  it('refuses more blocks, lines or marks than fit in memory at once, at the place it passes the limit', async () => {
    // 1 MB of one-word paragraphs, of short lines, and of emphasis: each under the size limit.
    const paragraphs = await load(manuscript('one-word-paragraphs', `${FRONT}${'a\n\n'.repeat(330_000)}`));
    // The front matter counts as 2 blocks (its --- lines); paragraph 9,999, the 10,001st block, is on line 6 + 2 × 9,998.
    expect(paragraphs.messages).toEqual([expect.stringMatching(/^article\.md:20002:1: error: article\.md has more than 10,000 paragraphs, list items, headings and table rows by here, .*: split it into several manuscripts/)]);
    expect(paragraphs.ms).toBeLessThan(1000);
    const lines = await load(manuscript('short-lines', `${FRONT}\`\`\`\n${'a\n'.repeat(490_000)}\`\`\`\n`));
    // The front matter has 4 lines, the fence 1: the 40,001st line is line 40,002.
    expect(lines.messages).toEqual([expect.stringMatching(/^article\.md:40002:1: error: article\.md has more than 40,000 lines of text \(blank lines aside\) by here/)]);
    expect(lines.ms).toBeLessThan(1000);
    const emphasis = await load(manuscript('emphasis', `${FRONT}${'*a* '.repeat(25_000)}\n`));
    // The front matter's 2 colons; then the 50,001st mark is the 49,999th of the line: the first of the 25,000th `*a* `.
    expect(emphasis.messages).toEqual([expect.stringMatching(/^article\.md:6:99997: error: article\.md has more than 50,000 marks of Markdown or HTML .* by here/)]);
    expect(emphasis.ms).toBeLessThan(1000);
  });

  it('reports every control character but stops after ten, counting the rest', async () => {
    const dir = manuscript('controls', `${FRONT}${'a\u0001b '.repeat(25)}\n`);
    const { messages } = await load(dir);
    expect(messages.filter((m) => /control character U\+0001/.test(m))).toHaveLength(10);
    expect(messages).toContainEqual(expect.stringMatching(/error: 15 more control characters/));
  });
});

describe('pictures', () => {
  it('accepts a picture whose name begins with two dots: it is inside the folder', async () => {
    const dir = manuscript('dots', `${FRONT}:::figure{src="..pic.png" alt="A picture" credit="Photographer/Agency"}\nThe caption.\n:::\n\nBody.\n`);
    copyFileSync(picture, path.join(dir, '..pic.png'));
    const { ok, messages } = await load(dir);
    expect(messages).toEqual([]);
    expect(ok).toBe(true);
  });

  it('accepts a plain SVG drawing that refers only to itself', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><defs><linearGradient id="g"><stop offset="0" stop-color="#eee"/></linearGradient></defs><rect width="40" height="30" fill="url(#g)"/></svg>\n';
    const dir = manuscript('svg', `${FRONT}:::figure{src="images/drawing.svg" alt="A grey box" credit="Galley"}\nThe caption.\n:::\n\nBody.\n`, { 'images/drawing.svg': svg });
    const { ok, messages, result } = await load(dir);
    expect(messages).toEqual([]);
    expect(ok).toBe(true);
    expect(result?.document.assets.images.map((image) => [image.mediaType, image.width, image.height])).toEqual([['image/svg+xml', 40, 30]]);
  });

  it('refuses an SVG with an embedded WebP picture, telling to convert it (a WebP file of its own is converted: manuscript-convert-image)', async () => {
    // A real WebP file (a 1×1 lossless one), written out rather than made: the SVG's picture is never decoded.
    const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
    expect(webp.subarray(8, 12).toString('latin1')).toBe('WEBP');
    const figure = (src: string): string => `:::figure{src="${src}" alt="A grey box" credit="Photographer/Agency"}\nThe caption.\n:::\n\n`;
    const dir = manuscript('webp-in-svg', `${FRONT}Body.\n\n${figure('images/box.svg')}`, {
      'images/box.svg': `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><image href="data:image/webp;base64,${webp.toString('base64')}" width="40" height="30"/></svg>`,
    });
    const { ok, messages } = await load(dir);
    expect(ok).toBe(false);
    expect(messages).toEqual([expect.stringMatching(/^article\.md:8:1: error: image `images\/box\.svg` is an SVG with an embedded WebP picture \(its line 1\): convert it to JPEG/)]);
  });

  it('refuses a JPEG cut short, naming what is missing', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'), 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34]);
    const dir = manuscript('cut-jpeg', `${FRONT}:::figure{src="images/photo.jpg" alt="A picture" credit="Photographer/Agency"}\nThe caption.\n:::\n\nBody.\n`, { 'images/photo.jpg': jpeg });
    const { messages } = await load(dir);
    expect(messages).toEqual([expect.stringMatching(/^article\.md:6:1: error: image `images\/photo\.jpg` is a damaged JPEG: it has no end-of-image marker/)]);
  });
});

describe('footnotes', () => {
  it('warns about a footnote nothing calls, at the note', async () => {
    const dir = manuscript('unused-note', `${FRONT}Text with a note[^1].\n\n[^1]: Called.\n\n[^spare]: Never called.\n`);
    const { ok, messages } = await load(dir);
    expect(ok).toBe(true);
    expect(messages.filter((m) => /footnote/.test(m))).toEqual([expect.stringMatching(/^article\.md:10:1: warning: footnote `\[\^spare\]` is never called/)]);
  });

  it('leaves an escaped \\[^label] and one in code alone', async () => {
    const { ok, messages } = await load(manuscript('escaped-note', `${FRONT}Write \\[^1] or \`[^1]\` for a footnote.\n`));
    expect(messages).toEqual([]);
    expect(ok).toBe(true);
  });
});

describe('e-books from the edge of what is allowed', () => {
  let drawing: JSZip;
  let drawingFile: string;
  let drawingMessages: string[];
  let noPictures: JSZip;
  let noPicturesFile: string;
  let wide: JSZip;
  let wideWarnings: string[];
  let wideFile: string;

  beforeAll(async () => {
    const out = tempDir();
    // An exported drawing: an XML declaration, a comment, and its gradient referred to in every way CSS allows.
    const svg = [
      '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
      '<!-- Drawn by hand -->',
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30">',
      `  <style>.b { fill: url( "#g" ) }</style>`,
      '  <defs><linearGradient id="g"><stop offset="0" stop-color="#eee"/><stop offset="1" stop-color="#333"/></linearGradient></defs>',
      `  <rect width="20" height="30" fill="url('#g')"/>`,
      '  <rect x="20" width="10" height="30" fill="url(&quot;#g&quot;)"/>',
      `  <rect x="30" width="10" height="30" class="b" style="stroke: url('#g')"/>`,
      '</svg>',
    ].join('\n');
    const drawn = await loadManuscript(
      manuscript('quoted-urls', `${FRONT}:::figure{src="images/drawing.svg" alt="A grey gradient" credit="Galley"}\nThe caption.\n:::\n\nBody.\n`, { 'images/drawing.svg': svg }),
    );
    drawingMessages = drawn.warnings.map((m) => formatMessage(m, drawn.document.dir));
    drawingFile = path.join(out, 'quoted-urls.epub');
    writeFileSync(drawingFile, (await buildEpub(drawn.document)).buffer);
    drawing = await openEpub(drawingFile);

    const plain = await loadManuscript(manuscript('no-pictures', `${FRONT}Just text, no pictures, and a [link](#just).\n\n## Just\n\nMore, with [a link to the web](https://example.com/a?b=1&c=2) and <mailto:desk@example.com>.\n`));
    noPicturesFile = path.join(out, 'no-pictures.epub');
    writeFileSync(noPicturesFile, (await buildEpub(plain.document)).buffer);
    noPictures = await openEpub(noPicturesFile);

    const columns = 25;
    const row = (cells: (i: number) => string): string => `| ${Array.from({ length: columns }, (_, i) => cells(i)).join(' | ')} |`;
    const table = [row((i) => `H${i}`), row(() => '---'), row((i) => `a${i}`), row((i) => `b${i}`)].join('\n');
    const loaded = await loadManuscript(manuscript('wide', `${FRONT}A table:\n\n${table}\n\nAfter.\n`));
    wideWarnings = loaded.warnings.map((m) => formatMessage(m, loaded.document.dir));
    wideFile = path.join(out, 'wide.epub');
    writeFileSync(wideFile, (await buildEpub(loaded.document)).buffer);
    wide = await openEpub(wideFile);
  }, 120_000);

  it("publishes an SVG whose url() references are quoted, written url(#id), and passes EPUBCheck (no RSC-007)", async () => {
    expect(drawingMessages).toEqual([]);
    const shipped = await entryText(drawing, 'OEBPS/images/figure-1.svg');
    expect(shipped.match(/url\([^)]*\)/g)).toEqual(['url(#g)', 'url(#g)', 'url(#g)', 'url(#g)']);
    expect(shipped).toMatch(/<linearGradient id="g">/);
    const check = epubcheck(drawingFile);
    expect(check.output).not.toMatch(/RSC-007/);
    expect([check.fatals, check.errors, check.warnings]).toEqual([0, 0, 0]);
  });

  it('keeps links to the web and mailto: links as they are, and links within the article', async () => {
    const article = parseHtml(await entryText(noPictures, 'OEBPS/article.xhtml'));
    const links = selectAll('a', article).map((a) => [String(a.properties.href), toString(a)]);
    expect(links).toEqual([
      ['#just', 'link'],
      ['https://example.com/a?b=1&c=2', 'a link to the web'],
      ['mailto:desk@example.com', 'mailto:desk@example.com'],
    ]);
  });

  it('has no empty images folder when the article has no pictures, and passes EPUBCheck', () => {
    expect(Object.keys(noPictures.files).filter((name) => name.includes('images'))).toEqual([]);
    const check = epubcheck(noPicturesFile);
    expect(check.output).not.toMatch(/PKG-014/);
    expect([check.fatals, check.errors, check.warnings]).toEqual([0, 0, 0]);
  });

  it('splits a 25-column table into tables of at most 10 columns, each repeating the first, losing no cell', async () => {
    expect(wideWarnings).toEqual([expect.stringMatching(/^article\.md:8:1: warning: table with 25 columns: split into 3 tables of up to 10 columns/)]);
    const article = parseHtml(await entryText(wide, 'OEBPS/article.xhtml'));
    expect(texts(article, 'table.wide.split tr:first-child > th')).toEqual([
      ...['H0', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'H7', 'H8', 'H9'],
      ...['H0', 'H10', 'H11', 'H12', 'H13', 'H14', 'H15', 'H16', 'H17', 'H18'],
      ...['H0', 'H19', 'H20', 'H21', 'H22', 'H23', 'H24'],
    ]);
    const cells = texts(article, 'td');
    for (let i = 0; i < 25; i++) expect(cells).toContain(`b${i}`);
    const check = epubcheck(wideFile);
    expect([check.fatals, check.errors, check.warnings]).toEqual([0, 0, 0]);
  });
});

describe('the largest article the markup limits allow', () => {
  it('builds both editions within the 384 MB heap npm run build gives galley', () => {
    // 9,983 blocks, 39,925 lines and 49,004 marks: each just under its limit (10,000, 40,000, 50,000).
    const body = '*a* word\nword `b`\n[c](#x) word\nword\n\n'.repeat(7000) + 'word\nword\nword\nword\n\n'.repeat(2980);
    const dir = manuscript('at-the-limits', `${FRONT}## X\n\n${body}`);
    const out = tempDir();
    const result = spawnSync(process.execPath, ['--max-old-space-size=384', path.join(repoRoot, 'bin', 'galley.js'), 'build', dir, '--out', out], { cwd: repoRoot, encoding: 'utf8', timeout: 600_000 });
    expect(result.stderr).not.toMatch(/heap out of memory/);
    expect(result.status, result.stderr).toBe(0);
    expect(spawnText('pdfinfo', [path.join(out, 'at-the-limits.pdf')])).toMatch(/^Pages:\s+[1-9]\d{2}$/m);
    expect(result.stdout).toMatch(/✓ .*at-the-limits\.epub .* \d{3} print pages/);
  }, 600_000);
});

describe('a 500-column table in print', () => {
  it('prints every column, in tables that fit the page', () => {
    const columns = 500;
    const row = (cells: (i: number) => string): string => `| ${Array.from({ length: columns }, (_, i) => cells(i)).join(' | ')} |`;
    const dir = manuscript('very-wide', `${FRONT}A table:\n\n${[row((i) => `H${i}`), row(() => '---'), row((i) => `c${i}`)].join('\n')}\n\nAfter.\n`);
    const out = tempDir();
    const result = runCli(['pdf', dir, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/warning: table with 500 columns: split into 56 tables/);
    const text = spawnText('pdftotext', ['-layout', path.join(out, 'very-wide.pdf'), '-']);
    const printed = new Set(text.match(/\bc\d+\b/g));
    expect(printed.size).toBe(columns);
  }, 180_000);
});

function spawnText(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: repoRoot });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return result.stdout;
}

describe('galley furniture is not the manuscript text', () => {
  it('does not warn of the notes back-link arrow, which the article never wrote', async () => {
    const dir = manuscript('back-link', `${FRONT}A claim.[^1]\n\n[^1]: Its source.\n`);
    const { ok, messages } = await load(dir);
    expect(ok).toBe(true);
    expect(messages.filter((message) => message.includes('no shipped typeface'))).toEqual([]);
  });
});
