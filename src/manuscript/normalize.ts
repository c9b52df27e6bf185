/**
 * A manuscript is read in Unicode's composed form (NFC). An editor on macOS,
 * a copy from some PDFs, a Vietnamese keyboard's "combining" mode save letters
 * decomposed: a + U+0306 for ă, o + U+031B + U+0309 for ở. Published so, the
 * cover drew the marks as boxes beside their letters, the PDF's text held
 * marks a reader's search (typed composed) never matches, and the e-book mixed
 * both forms (its title page composed, its text not). W3C's character model
 * asks for NFC on the web and so in EPUB.
 *
 * Messages still point into the file as saved: a column counts the line's
 * UTF-16 units as the parser does, and a decomposed letter is longer than its
 * composed one, so the columns of a line that changed are mapped back.
 */
import type { Point } from 'unist';
import type { VFile } from 'vfile';

export interface Normalized {
  text: string;
  /** Moves the columns of `file`'s messages from the composed text to the file as saved. */
  restoreColumns(file: VFile): void;
}

/** Set once the text is read; called whichever way the reading ends. */
export interface ColumnRestorer {
  restore(file: VFile): void;
}

const unchanged = (text: string): Normalized => ({ text, restoreColumns: () => {} });

let segmenter: Intl.Segmenter | undefined;

/**
 * For one line that normalising changes: the saved column (1-based) of each
 * composed column, grapheme cluster by cluster (composition never crosses a
 * cluster's edge; should it, the line keeps the composed columns).
 */
function columnMap(line: string, composed: string): number[] | undefined {
  segmenter ??= new Intl.Segmenter('und', { granularity: 'grapheme' });
  const map: number[] = [];
  let joined = '';
  for (const { segment, index } of segmenter.segment(line)) {
    const cluster = segment.normalize('NFC');
    for (let k = 0; k < cluster.length; k++) map.push(index + Math.min(k, segment.length - 1) + 1);
    joined += cluster;
  }
  if (joined !== composed) return undefined;
  map.push(line.length + 1);
  return map;
}

export function normalizeManuscript(text: string): Normalized {
  const composed = text.normalize('NFC');
  if (composed === text) return unchanged(text);
  // Normalisation leaves line feeds alone, so line n is line n in both texts.
  const saved = text.split('\n');
  const lines = composed.split('\n');
  const maps = new Map<number, number[]>();
  lines.forEach((line, i) => {
    if (line === saved[i]) return;
    const map = columnMap(saved[i]!, line);
    if (map) maps.set(i + 1, map);
  });
  const restore = (line: number | undefined, column: number | undefined): number | undefined => {
    if (line === undefined || column === undefined) return column;
    const map = maps.get(line);
    return map ? (map[Math.min(column, map.length) - 1] ?? column) : column;
  };
  return {
    text: composed,
    restoreColumns(file) {
      for (const message of file.messages) {
        const moved = restore(message.line ?? undefined, message.column ?? undefined);
        if (moved !== undefined) message.column = moved;
        // New points: a node's position, which a message may share with others, is left as the parser made it.
        const point = (at: Point): Point => ({ ...at, column: restore(at.line, at.column) ?? at.column });
        const place = message.place;
        if (place) message.place = 'start' in place ? { start: point(place.start), end: point(place.end) } : point(place);
      }
    },
  };
}
