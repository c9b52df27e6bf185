/**
 * Where a long picture is cut into pieces, for both editions: in its quiet
 * rows (ImageAsset.quietRows, the bands of rows of one colour across that
 * the manuscript reader finds), not through a label's letters. Print cuts a
 * strip where each page ends (src/pdf/figures.ts, stripCuts), the e-book
 * where each piece a screen shows ends (src/epub/long-pictures.ts); both
 * move the cut up into a band of quiet rows within reach of that end.
 */

/**
 * Where a picture `length` units tall (`unit` units a row of the picture)
 * is cut into pieces, each at most `room(index, top)` tall (the piece
 * `index`, 0 the first, beginning `top` units down the picture). Each cut is
 * made in a band of `quiet` rows (`[first, end)` in the picture's rows)
 * within `reach` units above the piece's end: where the band reaches that
 * end, there; else in its middle, so that the rows either side stay with
 * their labels; never nearer the band's edge than `edge` units (a thinner
 * band is not used); where no band is in reach, at the piece's end. The cuts
 * are in units from the picture's top, in order, each rounded down to a
 * hundredth.
 */
export function quietCuts(
  length: number,
  room: (index: number, top: number) => number,
  options: { unit: number; reach: number; edge: number; quiet?: ReadonlyArray<readonly [number, number]> },
): number[] {
  const { unit, reach, edge } = options;
  const quiet = options.quiet ?? [];
  const cuts: number[] = [];
  let top = 0;
  while (length - top > room(cuts.length, top)) {
    const end = top + room(cuts.length, top);
    let cut = end;
    for (let index = quiet.length - 1; index >= 0; index--) {
      const from = quiet[index]![0] * unit + edge;
      const to = quiet[index]![1] * unit - edge;
      if (to < from || from > end) continue;
      const at = to >= end ? end : (from + to) / 2;
      if (at >= end - reach && at > top) cut = at;
      break;
    }
    cut = Math.floor(cut * 100) / 100;
    cuts.push(cut);
    top = cut;
  }
  return cuts;
}
