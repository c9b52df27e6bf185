import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { applyTracking, LOOSE_RATIO, skeleton, TRACKING_STEPS, trackingFor, type PrintedLineSpacing } from '../src/pdf/loose-lines.js';

/** A printed body line of 40 letters and 4 word spaces at 16 px (a step of tracking is 0.16). */
const line = (key: string, space: number, letters = 40, spaces = 4): PrintedLineSpacing => ({ key, letters, spaces, space, size: 16 });
/** Nine ordinary lines: the median word space is 4. */
const ordinary = Array.from({ length: 9 }, (_, i) => line(`ordinary${'x'.repeat(i)}`, 4));

describe('trackingFor', () => {
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

  it('tracks nothing with fewer than five lines to measure, nor lines in Arabic', () => {
    expect(trackingFor([...ordinary.slice(0, 3), line('loose', 8)], new Map()).tracking.size).toBe(0);
    expect(trackingFor([...ordinary, line('مرحبابالعالم', 12), line('привет', 12), line('γειά2024', 12)], new Map()).tracking).toEqual(
      new Map([['привет', 5], ['γειά2024', 5]]),
    );
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
