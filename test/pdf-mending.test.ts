/**
 * What a layout pass mends, from one read-back: words split across pages or
 * making a hyphen ladder, and loose lines, in the same next layout unless a
 * loose line is in a paragraph that a word set whole breaks anew.
 */
import type { Root } from 'hast';
import { describe, expect, it } from 'vitest';
import { paragraphTexts, skeleton, type PrintedLineSpacing } from '../src/pdf/loose-lines.js';
import { isEmpty, NAME_STEPS, nextMending, type Mended } from '../src/pdf/mending.js';
import type { PrintedPage } from '../src/pdf/page-starts.js';

const paragraphs = [
  'The ministers met on several occasions in Brussels before the summit began.',
  'Crane basin century salt tender council keeper diver, and more words.',
  'A third paragraph with nothing wrong in it at all, set as it should be.',
];

const page = (number: number, lines: string[]): PrintedPage => {
  const text = lines.join(' ');
  return { page: number, text, end: text, lines };
};

// "occa-" ends page 1, "sions" begins page 2.
const starts = [page(1, ['The ministers met on several occa-']), page(2, ['sions in Brussels before the summit began.', 'Crane basin century salt tender council', 'keeper diver, and more words.'])];

const line = (text: string, space: number): PrintedLineSpacing => {
  const key = skeleton(text);
  return { key, letters: key.length, spaces: 5, space, size: 14.67 };
};

// Six lines; two with word spaces twice the usual: one in the paragraph of the split word, one in another.
const spacings = [
  line('The ministers met on several occa-', 3),
  line('sions in Brussels before the summit began.', 6),
  line('Crane basin century salt tender council', 6),
  line('keeper diver, and more words.', 3),
  line('A third paragraph with nothing wrong', 3),
  line('in it at all, set as it should be.', 3),
];

const none: Mended = { keepWhole: new Set(), names: new Map(), tracking: new Map(), untie: new Set(), limits: new Map() };
const options = { ladders: true, isWord: () => true, paragraphs: () => paragraphs.map(skeleton) };

describe('the mending of a layout', () => {
  it('sets a word split across pages whole and tracks a loose line of another paragraph in the same layout', () => {
    const mending = nextMending({ starts, spacings }, none, options);
    expect(mending.keepWhole).toEqual(['occasions']);
    expect([...mending.tracking.keys()]).toContain('cranebasincenturysalttendercouncil');
  });

  it('leaves a loose line of the paragraph the word is in to the next layout, whose breaks there are new', () => {
    const mending = nextMending({ starts, spacings }, none, options);
    expect([...mending.tracking.keys()]).not.toContain('sionsinbrusselsbeforethesummitbegan');
    // Once the word is whole, the line is tracked if it is still loose.
    const next = nextMending({ starts: [page(1, ['The ministers met on several']), page(2, ['occasions in Brussels before the summit began.'])], spacings }, { ...none, keepWhole: new Set(['occasions']) }, options);
    expect(next.keepWhole).toEqual([]);
    expect([...next.tracking.keys()]).toContain('sionsinbrusselsbeforethesummitbegan');
  });

  it('asks for nothing when nothing is split and no line is loose', () => {
    const tidy = spacings.map((item) => ({ ...item, space: 3 }));
    expect(isEmpty(nextMending({ starts: [page(1, ['The ministers met on several']), page(2, ['occasions in Brussels'])], spacings: tidy }, none, options))).toBe(true);
  });

  it('looks for hyphen ladders only when asked', () => {
    const ladder = [page(1, ['one two three para-', 'graph four five sen-', 'tence six seven cap-', 'tain eight nine'])];
    const tidy = spacings.map((item) => ({ ...item, space: 3 }));
    expect(nextMending({ starts: ladder, spacings: tidy }, none, options).keepWhole).toEqual(['captain']);
    expect(nextMending({ starts: ladder, spacings: tidy }, none, { ...options, ladders: false }).keepWhole).toEqual([]);
  });
});

describe('a tracked line that came back shorter', () => {
  // Tracked 4 steps, "Crane basin century salt tender council" lost "council" to the next line, and came out looser.
  const tracked: Mended = { ...none, tracking: new Map([['cranebasincenturysalttendercouncil', 4]]) };
  const shorter = spacings.map((item) => (item.key === 'cranebasincenturysalttendercouncil' ? line('Crane basin century salt tender', 8) : { ...item, space: 3 }));
  const read = { starts: [page(1, ['The ministers met on several'])], spacings: shorter };

  it('gets a step less, and what is left of it is not tracked as a new line', () => {
    const mending = nextMending(read, tracked, options);
    expect(mending.tracking).toEqual(new Map([['cranebasincenturysalttendercouncil', 3]]));
    expect(mending.limits).toEqual(new Map([['cranebasincenturysalttendercouncil', 3]]));
    expect(mending.untie).toEqual([]);
  });

  it('is not tracked past that limit again', () => {
    // Back whole at 3 steps and still loose: the most it may have is 3.
    const again = nextMending({ starts: read.starts, spacings }, { ...tracked, tracking: new Map([['cranebasincenturysalttendercouncil', 3]]), limits: new Map([['cranebasincenturysalttendercouncil', 3]]) }, options);
    expect(again.tracking.has('cranebasincenturysalttendercouncil')).toBe(false);
  });
});

describe('a loose line before a name', () => {
  // The second paragraph's first line is loose (twice the usual spaces: three steps of tracking), and the next line opens with `next`.
  const before = (next: string, space = 6): PrintedLineSpacing[] =>
    spacings.map((item) => (item.key === 'cranebasincenturysalttendercouncil' ? { ...item, space, next } : item.key === 'sionsinbrusselsbeforethesummitbegan' ? { ...item, space: 3 } : item));
  const read = (next: string, space?: number) => ({ starts: [page(1, ['The ministers met on several'])], spacings: before(next, space) });
  const key = 'cranebasincenturysalttendercouncil';

  it('has the name hyphenated first, and is neither tracked nor untied in that layout', () => {
    for (const next of ['Rodrigo', '«Виктор', 'Łukasiewicz,', 'Valparaíso.']) {
      const mending = nextMending(read(next), none, options);
      expect(mending.names, next).toEqual(new Map([[key, next.replace(/[^\p{L}]/gu, '').toLowerCase()]]));
      expect(mending.tracking.has(key), next).toBe(false);
      expect(mending.untie, next).not.toContain(key);
    }
  });

  it('is tracked as before when its name is hyphenated already, kept whole, short, in capitals, or no name', () => {
    for (const [next, mended] of [
      ['Rodrigo', { ...none, names: new Map([[key, 'rodrigo']]) }],
      ['Rodrigo', { ...none, keepWhole: new Set(['rodrigo']) }],
      ['Anna', none],
      ['UNESCO', none],
      ['keeper', none],
      ['2022', none],
    ] as const) {
      const mending = nextMending(read(next), mended, options);
      expect(mending.names.size, next).toBe(0);
      expect(mending.tracking.get(key), next).toBeGreaterThanOrEqual(NAME_STEPS);
    }
  });

  it('is tracked as before when it needs fewer than NAME_STEPS, or was tracked already', () => {
    // At 1.6 times the usual space it needs two steps.
    const slightly = nextMending(read('Rodrigo', 4.8), none, options);
    expect(slightly.names.size).toBe(0);
    expect(slightly.tracking.get(key)).toBeLessThan(NAME_STEPS);
    const tracked = nextMending(read('Rodrigo'), { ...none, tracking: new Map([[key, 2]]) }, options);
    expect(tracked.names.size).toBe(0);
    expect(tracked.tracking.get(key)).toBe(5);
  });

  it('is a mending: a layout that finds only that asks for another', () => {
    expect(isEmpty(nextMending(read('Rodrigo'), none, options))).toBe(false);
  });
});

describe('the paragraphs a line key is looked for in', () => {
  it('are the paragraphs and list items, each without its note references and nested items', () => {
    const tree: Root = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'text', value: 'Said the minister' }, { type: 'element', tagName: 'sup', properties: {}, children: [{ type: 'text', value: '3' }] }, { type: 'text', value: ' on Thursday.' }] },
        {
          type: 'element',
          tagName: 'ul',
          properties: {},
          children: [{ type: 'element', tagName: 'li', properties: {}, children: [{ type: 'text', value: 'Outer item' }, { type: 'element', tagName: 'ul', properties: {}, children: [{ type: 'element', tagName: 'li', properties: {}, children: [{ type: 'text', value: 'inner item' }] }] }] }],
        },
      ],
    };
    expect(paragraphTexts(tree)).toEqual(['Said the minister on Thursday.', 'Outer item', 'inner item']);
  });
});
