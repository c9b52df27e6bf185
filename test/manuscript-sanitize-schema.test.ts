/** src/manuscript/sanitize-schema.ts: what survives sanitizing: GitHub's safe subset plus galley's figures, with note links intact. */
import rehypeSanitize from 'rehype-sanitize';
import { describe, expect, it } from 'vitest';
import remarkGalleyFigure from '../src/manuscript/remark-figure.js';
import { sanitizeSchema } from '../src/manuscript/sanitize-schema.js';
import { hastOf } from './manuscript-harness.js';

const sanitize = [[rehypeSanitize, sanitizeSchema]] as never;

describe('sanitize schema', () => {
  it('keeps a figure with its class, credit, licence and kind, its caption and credit line', async () => {
    const { html } = await hastOf(':::figure{src="images/a.png" alt="A" credit="Photo: Anna Nowak" license="CC BY" kind="map"}\nPodpis *mapy*.\n:::\n', sanitize, [remarkGalleyFigure]);
    expect(html).toBe('<figure class="figure" data-credit="Photo: Anna Nowak" data-license="CC BY" data-kind="map"><img src="images/a.png" alt="A"><figcaption><p>Podpis <em>mapy</em>.</p><p class="credit">Photo: Anna Nowak</p></figcaption></figure>');
  });

  it('keeps abbr with its title, cite, mark and small; drops other classes and raw figure data', async () => {
    const { html } = await hastOf('<p class="lead">An <abbr title="North Atlantic Treaty Organization" class="x">NATO</abbr> <cite>Gazeta</cite> <mark>hi</mark> <small>fine</small>.</p>\n\n<figure class="other" data-secret="1"><figcaption class="c">F</figcaption></figure>\n', sanitize);
    // (A class the schema refuses leaves an empty class attribute behind.)
    expect(html.replaceAll(' class=""', '')).toBe('<p>An <abbr title="North Atlantic Treaty Organization">NATO</abbr> <cite>Gazeta</cite> <mark>hi</mark> <small>fine</small>.</p>\n<figure><figcaption>F</figcaption></figure>');
  });

  it("keeps a raw table's caption (dropped, its text stood loose in the table, which XHTML refuses)", async () => {
    const { html } = await hastOf('<table><caption>Water <em>lost</em></caption><tr><th rowspan="2">A</th></tr></table>\n', sanitize);
    expect(html).toBe('<table><caption>Water <em>lost</em></caption><tbody><tr><th rowspan="2">A</th></tr></tbody></table>');
  });

  it('keeps note ids and links without a second prefix, so that calls and notes still meet', async () => {
    const { html } = await hastOf('Call[^a].\n\n[^a]: Note.\n', sanitize);
    expect(html).toContain('href="#user-content-fn-a" id="user-content-fnref-a"');
    expect(html).toContain('<li id="user-content-fn-a">');
    expect(html).not.toContain('user-content-user-content');
  });

  it('keeps a relative picture source for the figure check to report, drops script and data URLs', async () => {
    const { html } = await hastOf('<img src="../outside.png" alt="a"> <img src="data:image/png;base64,AA" alt="b"> <a href="javascript:x()">j</a> <a href="https://example.org">w</a>\n', sanitize);
    expect(html).toBe('<p><img src="../outside.png" alt="a"> <img alt="b"> <a>j</a> <a href="https://example.org">w</a></p>');
  });
});
