/**
 * Text fitted to the boxes the cover template marks (data-fit-*), measured
 * with satori and the real faces, as the cover is laid out.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageSize } from 'image-size';
import { describe, expect, it } from 'vitest';
import { coverMarkup, renderCover } from '../src/cover.js';
import { fitBox, fitText, probe } from '../src/cover-fit.js';
import { coverTree } from '../src/cover-layout.js';
import { elements, type VNode } from '../src/cover-tree.js';
import { hyphenatorFor } from '../src/hyphenation.js';

const outDir = fileURLToPath(new URL('../test-output/', import.meta.url));

describe('fitting the cover text', () => {
  it('fits a long headline and dek into their boxes, smaller than a short one, and cuts what does not fit at the smallest size', async () => {
    /** Each text the template marks data-fit-*: its box, the size it was given, and its height at that size and one pixel more. */
    const fitted = async (input: { title: string; subtitle?: string }) => {
      const { tree, measure } = await coverTree(coverMarkup(input), undefined, 'en');
      const found = [];
      for (const node of elements(tree)) {
        const box = fitBox(node);
        if (!box) continue;
        const size = node.props.style?.fontSize as number | undefined;
        const heightAt = (px: number) => measure(probe(node, px, box.width), box.width);
        found.push({
          text: String(node.props.children),
          box,
          size,
          height: size === undefined ? Infinity : await heightAt(size),
          heightAtNext: size === undefined ? Infinity : await heightAt(size + 1),
          clamp: node.props.style?.lineClamp as number | undefined,
        });
      }
      return found;
    };
    const short = await fitted({ title: 'Short', subtitle: 'A dek.' });
    const long = await fitted({
      title: 'A headline that goes on, clause after clause, well past what a cover holds at its largest size',
      subtitle: Array(4).fill('A dek that says more than it should, and then a little more.').join(' '),
    });
    const endless = await fitted({ title: Array(40).fill('A headline that goes on and on, clause after clause,').join(' ') });

    // Short text takes the largest size its box allows.
    expect(short.map(({ text }) => text)).toEqual(['Short', 'A dek.']);
    for (const { box, size } of short) expect(size).toBe(box.max);
    // Long text shrinks and fits its box, as large as it can be: one pixel more would not fit.
    expect(long).toHaveLength(2);
    for (const { text, box, size, height, heightAtNext } of long) {
      expect(size, text).toBeGreaterThanOrEqual(box.min);
      expect(size, text).toBeLessThan(box.max);
      expect(height, text).toBeLessThanOrEqual(box.height);
      expect(heightAtNext, text).toBeGreaterThan(box.height);
    }
    // Too long even at the smallest size: the smallest size, cut after the lines that fit.
    expect(endless).toHaveLength(1);
    const [cut] = endless;
    expect(cut!.size).toBe(cut!.box.min);
    expect(cut!.clamp).toBeGreaterThanOrEqual(1);

    // For a person to look at: test-output/cover-long.png.
    const png = await renderCover({ title: cut!.text, subtitle: long[1]!.text });
    expect(imageSize(png)).toMatchObject({ width: 1600, height: 2400 });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(path.join(outDir, 'cover-long.png'), png);
  });

  it('breaks a word too wide for its box at a syllable, with a hyphen drawn where the line ends, and leaves the other words whole', async () => {
    const { tree, measure } = await coverTree(coverMarkup({ title: 'Die Donaudampfschifffahrtsgesellschaftskapitänswitwe erzählt', language: 'de' }), undefined, 'de');
    const headline = elements(tree).find((node) => node.props['data-fit-field'] === 'title')!;
    const text = String(headline.props.children);
    const box = fitBox(headline)!;
    // Hyphens at syllables (the patterns'), where lines end; soft hyphens elsewhere draw nothing. Over half the
    // headline's largest size: as few even pieces as a line at that size holds.
    const drawn = text.replace(/\u00AD/g, '');
    const word = 'Donaudampfschifffahrtsgesellschaftskapitänswitwe';
    expect(drawn).toMatch(/^Die (\p{L}+-)+\p{L}+ erzählt$/u);
    expect(drawn.replaceAll('-', '')).toBe(`Die ${word} erzählt`);
    const syllables = hyphenatorFor('de')!(word, { hyphenChar: '|' }).split('|');
    const points = new Set(syllables.map((_, index) => syllables.slice(0, index).join('').length));
    let at = 0;
    for (const piece of drawn.split(' ')[1]!.split('-').slice(0, -1)) expect(points.has((at += piece.length)), piece).toBe(true);
    expect(headline.props.style?.fontSize).toBeGreaterThanOrEqual(Number(headline.props['data-fit-break']));
    // Not broken between two letters at the smallest size: the text fits its box as it is.
    expect(headline.props.style?.overflowWrap).toBeUndefined();
    expect(await measure(probe(headline, headline.props.style!.fontSize as number, box.width), box.width)).toBeLessThanOrEqual(box.height);
    // A headline whose words fit keeps them whole.
    const { tree: plain } = await coverTree(coverMarkup({ title: 'Die Kapitänswitwe erzählt', language: 'de' }), undefined, 'de');
    expect(String(elements(plain).find((node) => node.props['data-fit-field'] === 'title')!.props.children)).toBe('Die Kapitänswitwe erzählt');
  });

  it('breaks a long compound at a syllable rather than set the headline at the size of its dek', async () => {
    // Whole, the compound set the headline at 67 px, its dek at 66.
    const { tree } = await coverTree(
      coverMarkup({ title: 'Lentokonesuihkuturbiinimoottoriapumekaanikko sai vihdoin työpaikan', subtitle: 'Keksitty uutinen pohjoisesta lentoasemasta ja sen ainoasta mekaanikosta.', language: 'fi' }),
      undefined,
      'fi',
    );
    const field = (name: string) => elements(tree).find((node) => node.props['data-fit-field'] === name)!;
    const headline = field('title');
    const size = headline.props.style!.fontSize as number;
    expect(size).toBeGreaterThanOrEqual(Number(headline.props['data-fit-break']));
    expect(size).toBeGreaterThan(1.4 * (field('subtitle').props.style!.fontSize as number));
    // Broken once, into two even pieces: here at the joint of turbiini and moottori.
    expect(String(headline.props.children).replace(/\u00AD/g, '')).toBe('Lentokonesuihkuturbiini-moottoriapumekaanikko sai vihdoin työpaikan');
  });

  it('refuses a box the template does not give in full, and leaves unmarked text alone', async () => {
    const node = (props: Record<string, unknown>): VNode => ({ type: 'div', props: { children: 'Text', ...props } });
    const full = { 'data-fit-width': '100', 'data-fit-height': '50', 'data-fit-min': '10', 'data-fit-max': '20' };
    expect(fitBox(node(full))).toEqual({ width: 100, height: 50, min: 10, max: 20 });
    expect(fitBox(node({}))).toBeUndefined();
    for (const broken of [{ ...full, 'data-fit-max': undefined }, { ...full, 'data-fit-min': '30' }, { ...full, 'data-fit-width': 'wide' }, { ...full, 'data-fit-height': '-5' }]) {
      expect(() => fitBox(node(broken))).toThrow(/data-fit-width, data-fit-height, data-fit-min, data-fit-max/);
    }
    const plain = node({ style: { fontSize: 33 } });
    await fitText(plain, async () => {
      throw new Error('an unmarked element is never measured');
    });
    expect(plain.props.style).toEqual({ fontSize: 33 });
  });
});
