/**
 * The download page on a phone: nothing wider than the screen. The fixture
 * has what made the page pan sideways: a credit that is a long URL, and a
 * German headline of one long compound word, which breaks at its syllables
 * with a hyphen, as in the e-book (not between any two letters). Built by the CLI, the page is
 * opened 360 CSS pixels wide in the browser, with its fonts loaded.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { linesOf, showAt, withPage } from './screen-helpers.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'good', 'site-long-words');

describe('the download page at a phone\'s width', () => {
  const context = useBrowserAndTempDir('galley-site-phone-');
  let out: string;

  beforeAll(() => {
    out = tempDir('galley-site-phone-out-');
    const result = runCli(['build', FIXTURE, '--out', out]);
    expect(result.status, result.stderr).toBe(0);
  }, 180_000);

  it('is no wider than a 360-pixel screen: the URL credit and the long headline break within it, shown whole', async () => {
    await withPage(context.browser, async (page) => {
      await showAt(page, path.join(out, 'index.html'), 360);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((element) => `<${element.tagName.toLowerCase()} class="${element.className}"> ${element.textContent!.slice(0, 40)}`),
      );
      expect(wide).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // Nothing is cut off or hidden: the whole URL and the whole headline are on the page, in boxes inside the screen.
      const shown = await page.evaluate(() => ({
        credit: document.querySelector('.credit-line')?.textContent,
        title: document.querySelector('.entry-title')?.textContent,
        titleOverflows: (() => {
          const title = document.querySelector('.entry-title')!;
          return title.scrollWidth > title.clientWidth + 1;
        })(),
      }));
      expect(shown.credit).toBe('Lena Ortiz/https://example.com/a/very/long/agency/url/that/goes/on/and/on/without/spaces');
      // The long word has soft hyphens at syllables (a browser without a German dictionary broke it between any two letters).
      expect(shown.title!.replaceAll('\u00AD', '')).toBe('Die Donaudampfschifffahrtsgesellschaftskapitänswitwe erzählt');
      expect(shown.title).toContain('\u00AD');
      expect(shown.titleOverflows).toBe(false);
      // Each line of the headline but the last ends at a space or a soft hyphen (drawn as a hyphen), never between two letters.
      const lines = await page.$eval('.entry-title', linesOf);
      expect(lines.length).toBeGreaterThan(2);
      // Each line but the last ends at a soft hyphen or a space (a space the line breaks at is read with the next line).
      lines.slice(0, -1).forEach((line, index) => expect(/[\u00AD ]$/u.test(line) || lines[index + 1]!.startsWith(' '), JSON.stringify(lines)).toBe(true));
      // The page's title and the cover's text alternative keep the word whole.
      expect(await page.title()).not.toContain('\u00AD');
      expect(await page.$eval('.entry-cover img', (image) => image.getAttribute('alt'))).not.toContain('\u00AD');
      // File names and digests in the shipped code face, not the machine's monospace.
      const mono = await page.evaluate(() => [...document.fonts].filter((font) => font.family.replace(/"/g, '') === 'JetBrains Mono' && font.status === 'loaded').length);
      expect(mono).toBeGreaterThan(0);
    });
  });
});

describe('a collection on the download page at a phone\'s width', () => {
  const context = useBrowserAndTempDir('galley-site-phone-collection-');
  let out: string;

  beforeAll(() => {
    out = tempDir('galley-site-phone-collection-out-');
    const result = runCli(['build', path.join(repoRoot, 'test', 'fixtures', 'good', 'collection-plain'), '--out', out]);
    expect(result.status, result.stderr).toBe(0);
  }, 180_000);

  it('keeps the kicker ("Collection of 2 articles") over the title, beside the cover, not at the foot of the entry', async () => {
    await withPage(context.browser, async (page) => {
      await showAt(page, path.join(out, 'index.html'), 360);
      const box = (selector: string) => page.evaluate((s) => {
        const rect = document.querySelector(s)!.getBoundingClientRect();
        return { top: rect.top, bottom: rect.bottom, left: rect.left, right: rect.right };
      }, selector);
      const [kicker, title, cover, body] = [await box('.kicker'), await box('.entry-title'), await box('.entry-cover'), await box('.entry-body')];
      expect(kicker.bottom).toBeLessThanOrEqual(title.top + 0.5);
      expect(kicker.left).toBeGreaterThanOrEqual(cover.right);
      expect(kicker.bottom).toBeLessThan(body.top);
      // Beside the cover, at the title's width ("COLLECTION / OF 3 / ARTICLES" was squeezed into the cover's column).
      expect(kicker.right - kicker.left).toBeGreaterThan(cover.right - cover.left);
    });
  });
});
