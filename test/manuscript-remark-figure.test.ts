/** src/manuscript/remark-figure.ts: `:::figure{…}` with a caption becomes figure > img + figcaption with its credit line. */
import { describe, expect, it } from 'vitest';
import { figureKinds } from '../src/document.js';
import remarkGalleyFigure from '../src/manuscript/remark-figure.js';
import { hastOf, mdastOf, places } from './manuscript-harness.js';

const figure = (attributes: string, caption = 'Caption.') => `Intro.\n\n:::figure{${attributes}}\n${caption}\n:::\n`;

describe('remark-figure', () => {
  it('makes a figure with its picture, the caption and the credit line, carrying credit, license and kind', async () => {
    const { html, file } = await hastOf(
      figure('src="images/łódź.jpg" alt="Rynek w Łodzi" credit="Graphic: Tomasz Wiśniewski/The Harbor Ledger" license="CC BY 4.0" kind="Graphic"', 'The *old* town, 1897–1914.'),
      [],
      [remarkGalleyFigure],
    );
    expect(file.messages).toEqual([]);
    expect(html).toBe(
      '<p>Intro.</p>\n<figure class="figure" data-credit="Graphic: Tomasz Wiśniewski/The Harbor Ledger" data-license="CC BY 4.0" data-kind="graphic"><img src="images/%C5%82%C3%B3d%C5%BA.jpg" alt="Rynek w Łodzi"><figcaption><p>The <em>old</em> town, 1897–1914.</p><p class="credit">Graphic: Tomasz Wiśniewski/The Harbor Ledger</p></figcaption></figure>',
    );
  });

  it('accepts every kind, and none', async () => {
    for (const kind of figureKinds) {
      const { html, file } = await hastOf(figure(`src=a.png alt=A credit=B kind=${kind}`), [], [remarkGalleyFigure]);
      expect(file.messages).toEqual([]);
      expect(html).toContain(`data-kind="${kind}"`);
    }
    const { html } = await hastOf(figure('src=a.png alt=A credit=B license=" "'), [], [remarkGalleyFigure]);
    expect(html).not.toContain('data-kind');
    expect(html).not.toContain('data-license');
  });

  it('reports each missing or empty attribute, an unknown one and an unknown kind at the figure', async () => {
    const { file } = await mdastOf(figure('src=a.png alt=" " caption=x kind=video'), [remarkGalleyFigure]);
    expect(places(file.messages)).toEqual(['3:1 error figure-attribute', '3:1 error figure-alt', '3:1 error figure-credit', '3:1 error figure-kind']);
    expect(file.messages[0]!.reason).toContain('unknown attribute `caption`');
    expect(file.messages[1]!.reason).toContain('describe the picture for readers who cannot see it');
    expect(file.messages[2]!.reason).toContain('every picture is published with its credit');
    expect(file.messages[3]!.reason).toContain(`unknown kind \`video\`; a figure is one of ${figureKinds.join(', ')}`);
    const { file: noSrc } = await mdastOf(figure('alt=A credit=B'), [remarkGalleyFigure]);
    expect(places(noSrc.messages)).toEqual(['3:1 error figure-src']);
  });

  it('refuses a figure without a caption, a directive label alone not being one', async () => {
    const { file } = await mdastOf('Intro.\n\n:::figure[label]{src=a.png alt=A credit=B}\n:::\n', [remarkGalleyFigure]);
    expect(places(file.messages)).toEqual(['3:1 error figure-caption']);
  });

  it('warns when the kind and the credit label disagree, not when they agree', async () => {
    const { file } = await mdastOf(figure('src=a.png alt=A credit="Map: Ann Lee" kind=chart'), [remarkGalleyFigure]);
    expect(places(file.messages)).toEqual(['3:1 warning figure-kind-label']);
    expect(file.messages[0]!.reason).toContain('kind="chart" but the credit is labelled as a map');
    const { file: agree } = await mdastOf(figure('src=a.png alt=A credit="Cartography: Ann Lee" kind=map'), [remarkGalleyFigure]);
    expect(agree.messages).toEqual([]);
  });

  it('takes a graphic and a chart for one kind of label: "Diagram:" on a graphic, "Infographic:" on a chart agree', async () => {
    for (const [credit, kind] of [['Diagram: Data Desk', 'graphic'], ['Infographic: Data Desk', 'chart'], ['Grafik: Datenteam', 'chart'], ['Графикон: Служба', 'graphic']]) {
      const { file } = await mdastOf(figure(`src=a.png alt=A credit="${credit}" kind=${kind}`), [remarkGalleyFigure]);
      expect(file.messages, `${credit} on a ${kind}`).toEqual([]);
    }
    // Other kinds still disagree with them.
    const { file } = await mdastOf(figure('src=a.png alt=A credit="Diagram: Data Desk" kind=photo'), [remarkGalleyFigure]);
    expect(places(file.messages)).toEqual(['3:1 warning figure-kind-label']);
    expect(file.messages[0]!.reason).toContain('kind="photo" but the credit is labelled as a chart');
  });

  it('leaves other container directives alone', async () => {
    const { tree } = await mdastOf(':::note\nText.\n:::\n', [remarkGalleyFigure]);
    expect(tree.children[0]).toMatchObject({ type: 'containerDirective', name: 'note' });
    expect((tree.children[0] as { data?: unknown }).data).toBeUndefined();
  });
});
