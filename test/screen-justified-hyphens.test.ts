/**
 * In a language whose ordinary words are long (Finnish, Estonian, Hungarian,
 * German, Dutch, the Scandinavian languages, Polish), the e-book's justified
 * text gets soft hyphens at every break point of its words, not only in words
 * of more than 20 letters: on a phone without a Finnish hyphenation
 * dictionary a line before "kunnossapitoyksikkö" (19 letters) stood as
 * "Rovaniemen        lentoaseman". The function on its own, then the
 * Finnish article test/fixtures/good/screen-lines-fi read at 360 px in
 * Chromium, which has no hyphenation dictionary.
 */
import path from 'node:path';
import type JSZip from 'jszip';
import type { Browser, Page } from 'puppeteer';
import { beforeAll, describe, expect, it } from 'vitest';
import { hyphenateForScreens, screenLongestJustifiedWord, screenRagged, SCREEN_LONGEST_WORD } from '../src/hyphenation.js';
import { entryText, openEpub, repoRoot, runCli, tempDir, unzipTo } from './helpers.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';
import { showAt, withPage } from './screen-helpers.js';

const SHY = '\u00AD';

/** Each justified line's mean word space on the page, over the face's own space (a paragraph's last line is not justified). */
const justifiedSpaceRatios = (page: Page): Promise<number[]> =>
  page.evaluate(() => {
    const probe = document.createElement('p');
    probe.style.cssText = 'text-align: left; white-space: pre; text-indent: 0';
    const spaced = probe.appendChild(document.createElement('span'));
    spaced.textContent = 'n n';
    probe.append(document.createElement('br'));
    const joined = probe.appendChild(document.createElement('span'));
    joined.textContent = 'nn';
    document.body.append(probe);
    const space = spaced.getBoundingClientRect().width - joined.getBoundingClientRect().width;
    probe.remove();
    const out: number[] = [];
    for (const p of document.querySelectorAll('p')) {
      if (getComputedStyle(p).textAlign !== 'justify') continue;
      const lines = new Map<number, number[]>();
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue ?? '';
        for (let i = 0; i < text.length; i++) {
          if (text[i] !== ' ') continue;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width === 0) continue;
          const top = Math.round(rect.top);
          lines.set(top, [...(lines.get(top) ?? []), rect.width]);
        }
      }
      const tops = [...lines.keys()].sort((a, b) => a - b).slice(0, -1);
      for (const top of tops) out.push(lines.get(top)!.reduce((sum, width) => sum + width, 0) / lines.get(top)!.length / space);
    }
    return out;
  });

/** What `read` finds on the e-book's article page, unzipped into `dir` and shown 360 px wide (a phone's). */
async function onPhone<T>(browser: Browser, zip: JSZip, dir: string, read: (page: Page) => Promise<T>): Promise<T> {
  await unzipTo(zip, dir);
  return withPage(browser, async (page) => {
    await showAt(page, path.join(dir, 'OEBPS', 'article.xhtml'), 360);
    return read(page);
  });
}

describe('screenLongestJustifiedWord', () => {
  it('gives every break point in the justified text of long-word languages only', () => {
    expect(['fi', 'fi-FI', 'et', 'hu', 'de', 'de-AT', 'nl', 'sv', 'da', 'nb', 'pl'].map(screenLongestJustifiedWord)).toEqual(Array(11).fill(1));
    expect(['el', 'cs', 'ro', 'ka', 'sr', 'is', 'tr', 'uk', 'ru'].map(screenLongestJustifiedWord)).toEqual(Array(9).fill(1));
    expect(['en', 'es', 'fr', 'pt-PT'].map(screenLongestJustifiedWord)).toEqual(Array(4).fill(SCREEN_LONGEST_WORD));
    const tree = {
      type: 'root' as const,
      children: [
        { type: 'element' as const, tagName: 'p', properties: {}, children: [{ type: 'text' as const, value: 'Rovaniemen lentoaseman kunnossapitoyksikkö' }] },
        { type: 'element' as const, tagName: 'figcaption', properties: {}, children: [{ type: 'element' as const, tagName: 'p', properties: {}, children: [{ type: 'text' as const, value: 'Lentoaseman huoltohalli' }] }] },
        { type: 'element' as const, tagName: 'ul', properties: {}, children: [{ type: 'element' as const, tagName: 'li', properties: {}, children: [{ type: 'text' as const, value: 'talvikunnossapitokoulutuksen' }] }] },
      ],
    };
    const out = hyphenateForScreens(tree, 'fi');
    const text = (index: number): string => JSON.stringify(out.children[index]).replaceAll(SHY, '-');
    expect(text(0)).toContain('Ro-va-nie-men len-toa-se-man kun-nos-sa-pi-to-yk-sikkö');
    // A caption and a list item are set ragged: only a word too long for a line gets soft hyphens, as few as it needs.
    expect(text(1)).toContain('Lentoaseman huoltohalli');
    expect(text(2)).toMatch(/"talvikunnossapitokou-lutuksen"/);
    // English text keeps its words whole below 21 letters.
    expect(JSON.stringify(hyphenateForScreens({ type: 'root', children: [tree.children[0]!] }, 'en'))).not.toContain(SHY);
  });
});

describe('a Finnish article on a phone', () => {
  const context = useBrowserAndTempDir('galley-screen-fi-');
  const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'screen-lines-fi');
  const out = tempDir('galley-screen-fi-out-');
  let zip: JSZip;

  beforeAll(async () => {
    const { status, stderr } = runCli(['build', manuscript, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(status, stderr).toBe(0);
    zip = await openEpub(path.join(out, 'screen-lines-fi.epub'));
  }, 300_000);

  it('gives the text’s ordinary words soft hyphens at their syllables, and the metadata none', async () => {
    const page = await entryText(zip, 'OEBPS/article.xhtml');
    for (const word of ['Ro-va-nie-men', 'kun-nos-sa-pi-to-yk-sikkö', 'en-sim-mäi-sen']) expect(page).toContain(word.replaceAll('-', SHY));
    expect(await entryText(zip, 'OEBPS/content.opf')).not.toContain(SHY);
  });

  it('opens no gaping word space in a justified line at 360 px (one was 40 times the face’s space)', async () => {
    const ratios = await onPhone(context.browser, zip, path.join(context.dir, 'fi'), justifiedSpaceRatios);
    expect(ratios.length).toBeGreaterThan(5);
    expect(Math.max(...ratios), JSON.stringify(ratios)).toBeLessThan(6);
  }, 60_000);
});

describe('a Greek article on a phone', () => {
  const context = useBrowserAndTempDir('galley-screen-el-');
  const manuscript = path.join(repoRoot, 'test', 'fixtures', 'good', 'screen-lines-el');
  const out = tempDir('galley-screen-el-out-');
  let zip: JSZip;

  beforeAll(async () => {
    const { status, stderr } = runCli(['epub', manuscript, '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(status, stderr).toBe(0);
    zip = await openEpub(path.join(out, 'screen-lines-el.epub'));
  }, 300_000);

  it('gives its ordinary words soft hyphens, and opens no gaping word space at 360 px (one line was 8.5 times the face’s space)', async () => {
    const text = await entryText(zip, 'OEBPS/article.xhtml');
    expect(text).toContain('Αρ-χαιο-λο-γικό'.replaceAll('-', SHY));
    const ratios = await onPhone(context.browser, zip, path.join(context.dir, 'el'), justifiedSpaceRatios);
    expect(ratios.length).toBeGreaterThan(8);
    expect(Math.max(...ratios), JSON.stringify(ratios)).toBeLessThan(4);
  }, 60_000);
});

describe('a Ukrainian and a Russian article on a phone', () => {
  const context = useBrowserAndTempDir('galley-screen-uk-ru-');
  const out = tempDir('galley-screen-uk-ru-out-');
  const zips = new Map<string, JSZip>();
  const NAMES = ['unseen-uk-terms', 'one-letter-ru'];

  beforeAll(async () => {
    const { status, stderr } = runCli(['epub', ...NAMES.map((name) => path.join(repoRoot, 'test', 'fixtures', 'good', name)), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(status, stderr).toBe(0);
    for (const name of NAMES) zips.set(name, await openEpub(path.join(out, `${name}.epub`)));
  }, 300_000);

  it.each(NAMES)('%s: its ordinary words get soft hyphens, and few justified lines gape at 360 px (over half of them did)', async (name) => {
    const ratios = await onPhone(context.browser, zips.get(name)!, path.join(context.dir, name), justifiedSpaceRatios);
    expect(ratios.length).toBeGreaterThan(20);
    // Lines whose word spaces are over three times the face's: 48 of 91 and 17 of 33 without, 14 of 90 and 3 of 29 with.
    expect(ratios.filter((ratio) => ratio > 3).length / ratios.length, JSON.stringify(ratios)).toBeLessThan(0.25);
  }, 60_000);
});

describe.each([
  ['screen-lines-kk', 'a Kazakh article (no hyphenation patterns)', 'a Kazakh article’s widest line was 9.3 times the face’s space'],
  ['screen-lines-ta', 'a Tamil article (words too long for a phone’s line, even broken)', '46 of a Tamil article’s 53 lines were over three times the face’s space, 38 of 51 with every break point'],
] as const)('%s: %s on a phone', (name, _what, before) => {
  const context = useBrowserAndTempDir(`galley-screen-${name}-`);
  const out = tempDir(`galley-screen-${name}-out-`);
  let zip: JSZip;

  beforeAll(async () => {
    const { status, stderr } = runCli(['epub', path.join(repoRoot, 'test', 'fixtures', 'good', name), '--out', out, '--no-page-list'], { GALLEY_CACHE_DIR: tempDir() });
    expect(status, stderr).toBe(0);
    zip = await openEpub(path.join(out, `${name}.epub`));
  }, 300_000);

  it(`is set ragged, so that no word space gapes at 360 px (${before})`, async () => {
    expect(screenRagged(name === 'screen-lines-kk' ? 'kk' : 'ta-IN')).toBe(true);
    expect(['en', 'el', 'fi', 'th', 'ar', 'zh', 'hi', 'bn'].map(screenRagged)).toEqual(Array(8).fill(false));
    // Khmer, Lao and Burmese, not hyphenated, keep the class that sets them ragged as their style sheet's :lang() does.
    expect(['km', 'lo', 'my'].map(screenRagged)).toEqual(Array(3).fill(true));
    const aligns = await onPhone(context.browser, zip, path.join(context.dir, name), (page) =>
      page.evaluate(() => [...document.querySelectorAll('section p')].map((p) => getComputedStyle(p).textAlign)),
    );
    expect(aligns.length).toBeGreaterThan(2);
    expect(new Set(aligns)).toEqual(new Set(['start']));
    // The title page keeps its own alignment: only the article's text is changed.
    expect(await entryText(zip, 'OEBPS/titlepage.xhtml')).not.toContain('unhyphenated');
  }, 60_000);
});
