/**
 * Text inside an SVG picture, drawn as outlines in galley's own faces.
 *
 * A browser or reading system shows an SVG picture as an image: it cannot
 * use the edition's fonts, so a label written in `font-family="serif"` or
 * "Helvetica" comes out in whatever the machine that renders it has (the
 * build machine's Liberation Serif in the PDF, the reader's fonts in the
 * e-book), differently in each edition. resvg lays the text out in the
 * shipped faces instead (every generic and unknown family becomes Literata,
 * with the Noto faces for the scripts Literata lacks) and writes it back as
 * paths, so both editions and the cover draw the same letters. The figure's
 * `alt` (required) carries what the labels say to those who cannot see them.
 */
import type { Element as XastElement, Root as XastRoot, RootContent as XastContent } from 'xast';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fromXml } from 'xast-util-from-xml';
import { outlineFonts, uncoveredCharacters } from '../typefaces.js';

const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textPath']);

/** The characters the picture writes, or undefined when it writes none. */
function writtenText(tree: XastRoot): string | undefined {
  // Without recursion, as image-checks.ts walks the same trees: nesting is the author's.
  let text = '';
  let found = false;
  const stack: Array<{ node: XastRoot | XastContent; inside: boolean }> = [{ node: tree, inside: false }];
  while (stack.length > 0) {
    const { node, inside } = stack.pop()!;
    if (node.type === 'text' && inside) text += node.value;
    if (node.type !== 'root' && node.type !== 'element') continue;
    const isText = node.type === 'element' && TEXT_ELEMENTS.has(localName(node));
    if (isText) found = true;
    for (let k = node.children.length - 1; k >= 0; k--) stack.push({ node: node.children[k]!, inside: inside || isText });
  }
  return found ? text : undefined;
}

function localName(element: XastElement): string {
  return element.name.replace(/^.*:/, '');
}

export type OutlinedSvg = { bytes: Buffer; uncovered: string[] };

/**
 * The SVG with its text drawn as outlines; the bytes as they were when it
 * has no text. `uncovered` lists the characters no shipped face draws (they
 * are left out of the drawing).
 */
export async function outlineSvgText(bytes: Buffer, language: string): Promise<OutlinedSvg> {
  const source = bytes.toString('utf8');
  const text = writtenText(fromXml(source));
  if (text === undefined) return { bytes, uncovered: [] };
  const uncovered = uncoveredCharacters(text).filter((char) => !/\s/u.test(char));
  // The face that draws most of the text is the base; resvg borrows the
  // others' letters from the files that follow it.
  const faces = (await outlineFonts(text, language)).sort((a, b) => b.characters - a.characters);
  const fonts = faces.flatMap((face) => face.fonts);
  const { Resvg } = await import('@resvg/resvg-js');
  const family = faces[0]?.family ?? 'Literata';
  // resvg-js 2.6 takes fonts as files: its `fontBuffers` also loads the
  // machine's fonts, the very thing this is here to avoid.
  const folder = await mkdtemp(path.join(tmpdir(), 'galley-svg-fonts-'));
  let drawing: InstanceType<typeof Resvg>;
  try {
    const fontFiles = await Promise.all(
      fonts.map(async (font, index) => {
        const file = path.join(folder, `${index}.ttf`);
        await writeFile(file, font);
        return file;
      }),
    );
    drawing = new Resvg(source, {
      font: {
        loadSystemFonts: false,
        fontFiles,
        defaultFontFamily: family,
        serifFamily: family,
        sansSerifFamily: family,
        cursiveFamily: family,
        fantasyFamily: family,
        monospaceFamily: family,
      },
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return { bytes: Buffer.from(drawing.toString()), uncovered };
}
