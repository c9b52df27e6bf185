/**
 * Section breaks (`***`, `---`, `* * *`, `___`) in the e-book (templates/epub/style.css): three asterisks,
 * centred, in the text's colour, as the print edition sets them, where the reading apps drew their own grey
 * rule; still an <hr>, which a screen reader says as a separator and not as "star star star"; and so after
 * calibre's conversion to AZW3 (the usual road to a Kindle), read back.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type JSZip from 'jszip';
import type { Browser } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { pdfText, useBrowserAndTempDir } from './pdf-helpers.js';

const run = promisify(execFile);
const calibreEnv = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'section-breaks');
const ASTERISM = '*\u2003*\u2003*';
let out: string;
let zip: JSZip;

beforeAll(async () => {
  out = tempDir('galley-section-breaks-');
  const built = runCli(['build', fixture, '-o', out, '--quiet'], { GALLEY_CACHE_DIR: tempDir() });
  expect(built.status, built.stderr).toBe(0);
  zip = await openEpub(path.join(out, 'section-breaks.epub'));
}, 180_000);

interface Break {
  content: string;
  border: string;
  align: string;
  inkIsText: boolean;
  height: number;
}

/** How each <hr> of the page is drawn, with the page's text (and so the hr's) in `night` colours when asked. */
async function breaksOn(browser: Browser, file: string, night: boolean): Promise<Break[]> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 360, height: 640 });
    await page.goto(pathToFileURL(file).href);
    // A reading app's night theme sets the page's colours, as a reader's own style sheet would.
    if (night) await page.addStyleTag({ content: 'body { color: rgb(220, 220, 200) !important; background: #000 !important; }' });
    return await page.evaluate(() =>
      [...document.querySelectorAll('hr')].map((hr) => {
        const after = getComputedStyle(hr, '::after');
        const style = getComputedStyle(hr);
        const text = getComputedStyle(hr.nextElementSibling ?? document.body).color;
        return {
          content: after.content,
          border: `${style.borderTopStyle} ${style.borderTopWidth}`,
          align: style.textAlign,
          inkIsText: after.color === text,
          height: hr.getBoundingClientRect().height,
        };
      }),
    );
  } finally {
    await page.close();
  }
}

function expectAsterisms(breaks: Break[], count: number): void {
  expect(breaks).toHaveLength(count);
  for (const drawn of breaks) {
    expect(drawn.content, JSON.stringify(drawn)).toBe(JSON.stringify(ASTERISM));
    expect(drawn.border, JSON.stringify(drawn)).toMatch(/^none|0px$/);
    expect(drawn.align).toBe('center');
    expect(drawn.inkIsText, JSON.stringify(drawn)).toBe(true);
    // A line of asterisks, not a hairline.
    expect(drawn.height).toBeGreaterThan(10);
  }
}

describe('section breaks in the e-book', () => {
  const context = useBrowserAndTempDir('galley-section-breaks-');

  it('keeps each of the four ways as an <hr>, with no asterisk in the text', async () => {
    const xhtml = await entryText(zip, 'OEBPS/article.xhtml');
    expect(xhtml.match(/<hr \/>/g)).toHaveLength(4);
    expect(xhtml).not.toMatch(/>\s*\*/);
  });

  it('draws three centred asterisks in the text’s colour, by day and by night, as the PDF prints them', async () => {
    await unzipTo(zip, context.dir);
    const article = path.join(context.dir, 'OEBPS', 'article.xhtml');
    expectAsterisms(await breaksOn(context.browser, article, false), 4);
    expectAsterisms(await breaksOn(context.browser, article, true), 4);
    const printed = pdfText(path.join(out, 'section-breaks.pdf'));
    expect(printed.split(/\*\s+\*\s+\*/)).toHaveLength(5);
  }, 60_000);

  it('is a separator to a screen reader, never asterisks', async () => {
    const page = await context.browser.newPage();
    try {
      await page.goto(pathToFileURL(path.join(context.dir, 'OEBPS', 'article.xhtml')).href);
      const tree = await page.accessibility.snapshot({ interestingOnly: false });
      const nodes: Array<{ role: string; name?: string }> = [];
      const walk = (node: { role: string; name?: string; children?: unknown[] } | null): void => {
        if (!node) return;
        nodes.push(node);
        for (const child of node.children ?? []) walk(child as typeof node);
      };
      walk(tree);
      expect(nodes.filter((node) => node.role === 'separator')).toHaveLength(4);
      expect(nodes.filter((node) => node.name?.includes('*'))).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('keeps the asterisms through calibre’s AZW3 and back, in the text’s colour', async () => {
    const azw3 = path.join(context.dir, 'breaks.azw3');
    const back = path.join(context.dir, 'breaks-back.epub');
    await run('ebook-convert', [path.join(out, 'section-breaks.epub'), azw3], { env: calibreEnv, timeout: 180_000 });
    await run('ebook-convert', [azw3, back], { env: calibreEnv, timeout: 180_000 });
    const dir = path.join(context.dir, 'back');
    await unzipTo(await openEpub(back), dir);
    const pages = readdirSync(path.join(dir, 'text')).filter((name) => name.endsWith('.html'));
    const breaks: Break[] = [];
    for (const name of pages) breaks.push(...(await breaksOn(context.browser, path.join(dir, 'text', name), true)));
    expectAsterisms(breaks, 4);
  }, 400_000);
});
