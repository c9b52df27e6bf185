import type { Root } from 'hast';
import { readFileSync } from 'node:fs';
import { fromHtml } from 'hast-util-from-html';
import type { Browser } from 'puppeteer';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyTracking, hyphenateNames, LOOSE_RATIO, RAGGED_RATIO, screenSpacings, skeleton, spreadLines, TRACKING_STEPS, trackingFor, USUAL_SPACE_MAX, type PrintedLineSpacing } from '../src/pdf/loose-lines.js';
import { TEXT_FACE_SPACE_EM } from '../src/typefaces.js';
import { measureIn, pageGeometry, type PageGeometry } from '../src/pdf/page.js';
import { openSandbox, type SandboxFiles } from '../src/pdf/sandbox.js';
import { useBrowserAndTempDir } from './pdf-helpers.js';

/** A printed body line of 40 letters and 4 word spaces at 16 px (a step of tracking is 0.16). */
const line = (key: string, space: number, letters = 40, spaces = 4): PrintedLineSpacing => ({ key, letters, spaces, space, size: 16 });
/** Nine ordinary lines: the median word space is 4. */
const ordinary = Array.from({ length: 9 }, (_, i) => line(`ordinary${'x'.repeat(i)}`, 4));

/** One browser for the file's measures. */
const context = useBrowserAndTempDir('galley-loose-lines-');

/**
 * The body lines of `html` as the PDF writer measures them before it prints:
 * the page opened in the sandbox, its lines read from its own layout.
 */
async function measuredSpacings(browser: Browser, html: string, geometry: PageGeometry, extra: SandboxFiles = new Map()): Promise<PrintedLineSpacing[]> {
  const files: SandboxFiles = new Map([['index.html', { body: html, contentType: 'text/html; charset=utf-8' }], ...extra]);
  const sandbox = await openSandbox(browser);
  try {
    return screenSpacings(await sandbox.measure(files, { width: measureIn(geometry) * 96 }), geometry);
  } finally {
    await sandbox.close();
  }
}

describe('trackingFor', () => {
  it('knows the text face\'s word space: Literata\'s space advance, read from the font', async () => {
    const { create } = await import('fontkit');
    // src/fontkit.d.ts declares less than fontkit has: the parts read here.
    type Face = ReturnType<typeof create> & { unitsPerEm: number; glyphForCodePoint(code: number): { advanceWidth: number } };
    const font = <Face>create(readFileSync(new URL('../node_modules/@expo-google-fonts/literata/400Regular/Literata_400Regular.ttf', import.meta.url)));
    expect(font.glyphForCodePoint(32).advanceWidth / font.unitsPerEm).toBeCloseTo(TEXT_FACE_SPACE_EM, 3);
  });

  it('tracks a line whose word spaces are too wide, enough to bring them down to 1.3 times the median', () => {
    // (8 - 1.3 × 4) × 4 spaces = 11.2 of room over 40 letters: 1.75 steps of 0.16, so 2.
    const { tracking, untie } = trackingFor([...ordinary, line('loose', 8)], new Map());
    expect([...tracking]).toEqual([['loose', 2]]);
    expect([...untie]).toEqual([]);
  });

  it('leaves a line at the ratio, and gives one just over it a single step', () => {
    expect(LOOSE_RATIO).toBe(1.4);
    const { tracking } = trackingFor([...ordinary, line('atratio', 4 * LOOSE_RATIO), line('justover', 5.7)], new Map());
    expect([...tracking]).toEqual([['justover', 1]]);
  });

  it('adds to the steps a line already has, and names no line it cannot give more', () => {
    const { tracking } = trackingFor([...ordinary, line('loose', 8), line('full', 8)], new Map([['loose', 2], ['full', TRACKING_STEPS]]));
    expect([...tracking]).toEqual([['loose', 4]]);
  });

  it('unties a line the most steps cannot mend, and tracks it as far as it goes', () => {
    // (20 - 5.2) × 2 = 29.6 over 10 letters: 19 steps wanted, 5 defined.
    const { tracking, untie } = trackingFor([...ordinary, line('verywide', 20, 10, 2)], new Map());
    expect([...tracking]).toEqual([['verywide', TRACKING_STEPS]]);
    expect([...untie]).toEqual(['verywide']);
  });

  it('judges an article of fewer than five lines against the face\'s space, and tracks no line in Arabic', () => {
    // The bound: 1.8 × Literata's 0.2 em at 16 px = 5.76; loose over 1.4 × 5.76 = 8.06.
    expect(USUAL_SPACE_MAX * TEXT_FACE_SPACE_EM * 16).toBeCloseTo(5.76, 6);
    expect(trackingFor([...ordinary.slice(0, 3), line('loose', 8)], new Map()).tracking.size).toBe(0);
    // A short article's first line, at 9: (9 - 1.3 × 5.76) × 4 = 6.05 of room over 40 letters, 1 step.
    expect([...trackingFor([line('firstline', 9), ...ordinary.slice(0, 2)], new Map()).tracking]).toEqual([['firstline', 1]]);
    expect([...trackingFor([line('onlyline', 9)], new Map()).tracking]).toEqual([['onlyline', 1]]);
    expect(trackingFor([], new Map()).tracking.size).toBe(0);
    expect(trackingFor([...ordinary, line('مرحبابالعالم', 12), line('привет', 12), line('γειά2024', 12)], new Map()).tracking).toEqual(
      new Map([['привет', 5], ['γειά2024', 5]]),
    );
  });

  it('measures against the face\'s bound when loose lines make the median loose', () => {
    // Three loose lines among six: the median (6.5) would hide them (1.4 × 6.5 = 9.1); the bound (5.76) does not.
    const loose = ['a', 'b', 'c'].map((key) => line(`loose${key}`, 9));
    expect([...trackingFor([...ordinary.slice(0, 3), ...loose], new Map()).tracking.keys()]).toEqual(['loosea', 'looseb', 'loosec']);
  });

  it('measures against the median, not the mean', () => {
    // Four loose lines among nine: against the median (4) each needs 3 steps; against the mean (5.8), 2.
    const wide = ['a', 'b', 'c', 'd'].map((key) => line(`wide${key}`, 10));
    expect([...trackingFor([...ordinary, ...wide], new Map()).tracking.values()]).toEqual([3, 3, 3, 3]);
  });
});

describe('skeleton', () => {
  it('keeps letters and digits of any script, in lower case, and folds compatibility forms', () => {
    expect(skeleton('“Żółw” – 10 ﬁsh, ПРИВЕТ!')).toBe('żółw10fishпривет');
  });
});

describe('applyTracking', () => {
  const tracked = (html: string, tracking: Array<[string, number]>): string => {
    const tree = fromHtml(html, { fragment: true });
    applyTracking(tree, new Map(tracking));
    return toHtml(tree);
  };

  it('wraps a line that runs into emphasis in one span per text', () => {
    expect(tracked('<p>The crane at <em>the basin</em> stood.</p>', [['craneatthebasin', 2]])).toBe(
      '<p>The <span class="track-2">crane at </span><em><span class="track-2">the basin</span></em> stood.</p>',
    );
  });

  it('finds a line across a note reference, which it leaves out', () => {
    expect(tracked('<p>Said the minister<sup>1</sup> on Thursday.</p>', [['ministeron', 1]])).toBe(
      '<p>Said the <span class="track-1">minister</span><sup>1</sup><span class="track-1"> on</span> Thursday.</p>',
    );
  });

  it('tracks a line once, in the first paragraph that has it, and in list items', () => {
    expect(tracked('<ul><li>Ships wait outside.</li></ul><p>Ships wait outside.</p>', [['shipswait', 3]])).toBe(
      '<ul><li><span class="track-3">Ships wait</span> outside.</li></ul><p>Ships wait outside.</p>',
    );
  });

  it('leaves a line it finds twice in a paragraph, or nowhere, and other elements', () => {
    const html = '<p>The basin and the basin.</p><h2>Crane basin</h2><blockquote>Crane basin</blockquote>';
    expect(tracked(html, [['thebasin', 2], ['cranebasin', 2], ['nowhere', 1]])).toBe(html);
  });

  it('wraps two lines of one paragraph, and not a second line over the first', () => {
    expect(tracked('<p>One two three four.</p>', [['threefour', 1], ['onetwo', 4]])).toBe(
      '<p><span class="track-4">One two</span> <span class="track-1">three four</span>.</p>',
    );
    expect(tracked('<p>One two three four.</p>', [['onetwo', 4], ['twothree', 1]])).toBe('<p><span class="track-4">One two</span> three four.</p>');
  });
});

describe('hyphenateNames', () => {
  // Soft hyphens shown as "|": each name broken at its own syllables, as the test's hyphenator says.
  const hyphenated = (html: string, names: Array<[string, string]>): string => {
    const tree = fromHtml(html, { fragment: true });
    hyphenateNames(tree, new Map(names), (word) => word.replace(/^(\p{L}{2,3})/u, '$1\u00AD'));
    return toHtml(tree).replaceAll('\u00AD', '|');
  };

  it('breaks the name where it opens the line after the loose one, that occurrence alone', () => {
    expect(hyphenated('<p>Rodrigo spoke, said Rodrigo Mundaca, and Rodrigo left.</p>', [['spokesaid', 'rodrigo']])).toBe('<p>Rodrigo spoke, said Rod|rigo Mundaca, and Rodrigo left.</p>');
    expect(hyphenated('<p>говорит 58-летний «Виктор Николаевич</p>', [['говорит58летний', 'виктор']])).toBe('<p>говорит 58-летний «Вик|тор Николаевич</p>');
  });

  it('finds it across a note reference and emphasis, in a list item, and not in a nested paragraph or a heading', () => {
    expect(hyphenated('<ul><li>the <em>minister</em><sup>1</sup> Rodrigo came</li></ul>', [['theminister', 'rodrigo']])).toBe('<ul><li>the <em>minister</em><sup>1</sup> Rod|rigo came</li></ul>');
    const html = '<h2>said Rodrigo</h2><blockquote><p>said Rodrigo</p></blockquote>';
    expect(hyphenated(html, [['said', 'rodrigo']])).toBe(html.replace('<p>said Rodrigo', '<p>said Rod|rigo'));
  });

  it('leaves a name it does not find after the line, or that runs into another element', () => {
    const html = '<p>said <b>Ro</b>drigo and Rodrigo.</p>';
    expect(hyphenated(html, [['said', 'rodrigo'], ['nowhere', 'rodrigo']])).toBe(html);
  });
});

describe('screenSpacings, on a page laid out for print', () => {
  const geometry = { ...pageGeometry.a4, fontSizePt: 10 };
  let lines: PrintedLineSpacing[];

  beforeAll(async () => {
    // Set in the text face, whose word space the loose lines are judged against.
    const literata = readFileSync(new URL('../node_modules/@fontsource/literata/files/literata-latin-400-normal.woff2', import.meta.url));
    // Every line justified to the same width, so that its word spaces show how loose it is.
    const html = `<!doctype html><html lang="en"><head><style>
        @font-face { font-family: Literata; src: url(literata.woff2) format('woff2'); }
        @page { size: A4; margin: ${geometry.marginTopIn}in 1in ${geometry.marginBottomIn}in; }
        body { margin: 0; font: 10pt/1.4 Literata; }
        p, li { width: 90mm; text-align: justify; text-align-last: justify; margin: 0 0 1em; }
        h2 { font-size: 16pt; width: 90mm; text-align: justify; text-align-last: justify; }
      </style></head><body>
        <h2>A heading set in a larger size</h2>
        <p>wide apart here<br>many small words set close together on this one line</p>
        <p>said the minister on thursday to all of us there<br>another line of words set close together here</p>
        <ol><li>item words in a list set close together on a line</li></ol>
        <p>two words</p>
      </body></html>`;
    lines = await measuredSpacings(context.browser, html, geometry, new Map([['literata.woff2', { body: literata, contentType: 'font/woff2' }]]));
  }, 60_000);

  it('reads each body line with its letters and word spaces, and leaves out other sizes and one-space lines', () => {
    // The list item's line without its number.
    expect(lines.map((line) => line.key)).toEqual([
      'wideaparthere',
      'manysmallwordssetclosetogetheronthisoneline',
      'saidtheministeronthursdaytoallofusthere',
      'anotherlineofwordssetclosetogetherhere',
      'itemwordsinalistsetclosetogetheronaline',
    ]);
    expect(lines.slice(0, 4).map((line) => line.spaces)).toEqual([2, 9, 9, 7]);
    for (const line of lines) {
      expect(line.letters).toBe(line.key.length);
      expect(line.size).toBeCloseTo((10 * 4) / 3, 1);
    }
  });

  it('measures the justified word spaces: the short line\'s are the widest, and the lines looser than the face allows are tracked', () => {
    const [wide, close] = lines;
    expect(wide!.space).toBeGreaterThan(5 * close!.space);
    // In Literata at 90 mm, only the line of many small words is set close (about 0.31 em); the others,
    // justified from fewer words, are loose (0.6–0.9 em; 9 em for the short one), over 1.4 × the bound.
    const bound = USUAL_SPACE_MAX * TEXT_FACE_SPACE_EM;
    expect(close!.space / close!.size).toBeLessThan(LOOSE_RATIO * bound);
    const { tracking, untie } = trackingFor(lines, new Map());
    expect([...tracking.keys()]).toEqual(['wideaparthere', 'saidtheministeronthursdaytoallofusthere', 'anotherlineofwordssetclosetogetherhere', 'itemwordsinalistsetclosetogetheronaline']);
    expect(untie.has('wideaparthere')).toBe(true);
  });
});

describe('screenSpacings, a line with a raised note reference', () => {
  const geometry = { ...pageGeometry.a4, fontSizePt: 10 };
  let lines: PrintedLineSpacing[];

  beforeAll(async () => {
    // Raised as the print stylesheet raises note references.
    const html = `<!doctype html><html lang="en"><head><style>
        @page { size: A4; margin: ${geometry.marginTopIn}in 1in ${geometry.marginBottomIn}in; }
        body { margin: 0; font: 10pt/1.4 serif; }
        p { width: 90mm; text-align: justify; text-align-last: justify; margin: 0 0 1em; }
        sup { font-size: 0.7em; vertical-align: 0.45em; line-height: 0; }
      </style></head><body>
        <p>said the minister<sup>1</sup> on thursday to all of us there<br>another line of words set close together here</p>
      </body></html>`;
    lines = await measuredSpacings(context.browser, html, geometry);
  }, 60_000);

  it('reads it as one line, the reference left out, with all its word spaces', () => {
    expect(lines.map((line) => [line.key, line.spaces])).toEqual([
      ['saidtheministeronthursdaytoallofusthere', 9],
      ['anotherlineofwordssetclosetogetherhere', 7],
    ]);
  });
});

describe('a line too spread for tracking, set ragged', () => {
  it('is one whose spaces, after the most tracking, are still over twice the usual (any size, one space is enough)', () => {
    const geometry = { ...pageGeometry.a4, fontSizePt: 12 };
    // 16 px: the usual space at most 1.8 × 0.2 em = 5.76 px; spread over 2.5 × that.
    const screen = (text: string, gaps: number[], size = 16) => ({ text, size, spaces: gaps, sized: text, gaps });
    expect(RAGGED_RATIO).toBe(2.5);
    const spread = spreadLines([
      screen('See https://example.org/archive/', [40]),
      // Wide, but 40 letters tracked 5 steps give 32 px over 4 spaces: 15 - 8 is under 2 × 5.76.
      screen('aaaaaaaaaa bbbbbbbbbb cccccccccc dddd eeeeee', [15, 15, 15, 15]),
      screen('a note of the smaller size spread wide', [30, 30, 30, 30, 30, 30, 30], 13.6),
      screen('an ordinary line of words', [4, 4, 4, 4]),
    ], geometry);
    expect(spread).toEqual(['seehttpsexampleorgarchive', 'anoteofthesmallersizespreadwide']);
  });

  const tree = (html: string): Root => fromHtml(html, { fragment: true });

  it('ends with a forced break where it broke: at a space, or at an address\'s <wbr>', () => {
    const atSpace = tree('<p>See <span class="url">https://<wbr>example.<wbr>org/</span> for the text.</p>');
    applyTracking(atSpace, new Map(), new Set(), new Set(['seehttpsexampleorg']));
    expect(toHtml(atSpace)).toBe('<p>See <span class="url">https://<wbr>example.<wbr>org/</span><br> for the text.</p>');
    const atMark = tree('<p>See <span class="url">https://<wbr>example.<wbr>org/<wbr>volume-<wbr>three</span> for it.</p>');
    applyTracking(atMark, new Map(), new Set(), new Set(['seehttpsexampleorg']));
    expect(toHtml(atMark)).toBe('<p>See <span class="url">https://<wbr>example.<wbr>org/<br><wbr>volume-<wbr>three</span> for it.</p>');
  });

  it('is not broken inside a word hyphenated there, nor before its note\'s number', () => {
    const hyphenated = tree('<p>A line ending in tran\u00ADscription of it.</p>');
    applyTracking(hyphenated, new Map(), new Set(), new Set(['alineendingintran']));
    expect(toHtml(hyphenated)).not.toContain('<br>');
    const noted = tree('<p>A line ending here.<sup><a href="#n1">1</a></sup> And on.</p>');
    applyTracking(noted, new Map(), new Set(), new Set(['alineendinghere']));
    expect(toHtml(noted)).not.toContain('<br>');
  });

  it('is left as it is where its letters stand in paragraphs of different text (which one it came from is not known), and broken in all where they are the same', () => {
    const different = tree('<p>See https://example.org/ for it.</p><ol><li><p>See https://example.org/ for it, and more.</p></li></ol>');
    applyTracking(different, new Map(), new Set(), new Set(['seehttpsexampleorg']));
    expect(toHtml(different)).not.toContain('<br>');
    const same = tree('<ol><li><p>See https://example.org/ for it.</p></li><li><p>See https://example.org/ for it.</p></li></ol>');
    applyTracking(same, new Map(), new Set(), new Set(['seehttpsexampleorg']));
    expect(toHtml(same).match(/<br>/g)).toHaveLength(2);
  });
});
