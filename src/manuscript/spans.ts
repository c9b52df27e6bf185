/**
 * `:span[…]{lang=…}` in text that is not Markdown: a figure's `credit` and
 * the front matter's `dateline`. A name in another language than the
 * article's (an English photographer in a Hebrew article, a Turkish town in
 * an English one) is marked there as in the body, so that it is spoken in its
 * own voice and set in its own capitals (a Turkish "İzmit" in capitals is
 * "İZMİT", not "İZMIT"). Only spans: the rest of the value is plain text.
 */

export interface SpanRun {
  /** The run's text, without the span's marks. */
  text: string;
  /** Where the run's text starts in the value. */
  offset: number;
  /** For a span: its attributes as written, and where the `:span` starts and ends (after its `}`) in the value. */
  span?: { attributes: Record<string, string>; at: number; end: number };
}

const SPAN = /:span\[([^\]]*)\](?:\{([^}]*)\})?/g;
const ATTRIBUTE = /([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'}]+))/g;

/** The value in runs: plain text between spans, and each span's text. Empty runs are left out. */
export function spanRuns(value: string): SpanRun[] {
  const runs: SpanRun[] = [];
  let last = 0;
  for (const match of value.matchAll(SPAN)) {
    if (match.index > last) runs.push({ text: value.slice(last, match.index), offset: last });
    const attributes: Record<string, string> = {};
    for (const attribute of (match[2] ?? '').matchAll(ATTRIBUTE)) attributes[attribute[1]!] = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
    runs.push({ text: match[1]!, offset: match.index + ':span['.length, span: { attributes, at: match.index, end: match.index + match[0].length } });
    last = match.index + match[0].length;
  }
  if (last < value.length) runs.push({ text: value.slice(last), offset: last });
  return runs.filter((run) => run.text !== '' || run.span);
}

/** Whether the value marks any span. */
export function hasSpans(value: string): boolean {
  return value.includes(':span[');
}

/** The value as it reads: the spans' marks dropped. */
export function spanText(value: string): string {
  return spanRuns(value).map((run) => run.text).join('');
}
