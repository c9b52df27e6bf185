/**
 * `:::figure{src alt credit license? kind?}` with a Markdown caption becomes
 * `<figure><img><figcaption>caption<p class="credit">credit</p></figcaption></figure>`.
 * The credit is required: galley never publishes a picture without one.
 * `kind` says what the picture is (photo, graphic, map, illustration, chart).
 */
import type { Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective, TextDirective } from 'mdast-util-directive';
import type {} from 'mdast-util-to-hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { figureKinds, type FigureKind } from '../document.js';
import { creditParts, labelAgreesWithKind } from './credit.js';
import { fail, warn } from './diagnostics.js';
import { spanRuns, spanText } from './spans.js';
import { canonicalLanguage } from '../language.js';
import { languageLetters } from './remark-language.js';

const EXAMPLE = ':::figure{src="images/photo.jpg" alt="What the picture shows" credit="Photographer/Agency"}\nCaption.\n:::';
/**
 * A credit longer than this many characters ("Photograph by … for the …
 * Agency, commissioned for this essay, with thanks to …") is set in the
 * caption's own case, not in spaced capitals: capitals over two or three
 * lines under every picture of a photo essay were hard to read and weighed
 * more than the caption. 60 characters are about one line of the credit's
 * capitals at 6×9; "Photographer/Agency" credits stay in capitals.
 */
const LONG_CREDIT = 60;
const KNOWN = new Set(['src', 'alt', 'credit', 'license', 'kind']);

/** Where the value of the figure's attribute `name` starts in the source, when it is written there as it reads (no escapes). */
function valueOffset(source: string, node: ContainerDirective, name: string, value: string): number | undefined {
  const start = node.position?.start.offset;
  if (start === undefined) return undefined;
  const lineEnd = source.indexOf('\n', start);
  const head = source.slice(start, lineEnd < 0 ? source.length : lineEnd);
  const match = new RegExp(`[\\s{]${name}\\s*=\\s*["']?`).exec(head);
  if (!match) return undefined;
  const at = start + match.index + match[0].length;
  return source.slice(at, at + value.length) === value ? at : undefined;
}

/**
 * The credit line's content: its text, with each `:span[…]{lang=…}` a span
 * directive that remark-language checks and marks as it does the body's (an
 * error points at the span in the attribute). The text between spans carries
 * no place: a credit is not checked for unmarked scripts, and a Greek name in
 * it is marked by rehype-figures.
 */
function creditContent(credit: string, node: ContainerDirective, file: VFile): PhrasingContent[] {
  const source = String(file.value);
  const at = valueOffset(source, node, 'credit', credit);
  const where = location(file);
  return spanRuns(credit).map((run): PhrasingContent => {
    if (!run.span) return { type: 'text', value: run.text } satisfies Text;
    const position = at === undefined ? node.position : { start: where.toPoint(at + run.span.at)!, end: where.toPoint(at + run.span.end)! };
    return { type: 'textDirective', name: 'span', attributes: run.span.attributes, children: [{ type: 'text', value: run.text }], ...(position ? { position } : {}) } satisfies TextDirective;
  });
}

export default function remarkGalleyFigure() {
  return (tree: Root, file: VFile): void => {
    visit(tree, 'containerDirective', (node: ContainerDirective) => {
      if (node.name !== 'figure') return;
      const attributes = node.attributes ?? {};
      for (const name of Object.keys(attributes)) {
        if (!KNOWN.has(name)) {
          fail(file, `figure: unknown attribute \`${name}\`; a figure takes src, alt, credit and optionally license and kind`, node, 'figure-attribute');
        }
      }
      for (const name of ['src', 'alt', 'credit'] as const) {
        const value = attributes[name];
        if (value === undefined || value === null || value.trim() === '') {
          const why =
            name === 'alt'
              ? 'describe the picture for readers who cannot see it'
              : name === 'credit'
                ? 'every picture is published with its credit'
                : 'name the image file, relative to the manuscript folder';
          fail(file, `figure without \`${name}\`: ${why}, e.g.\n${EXAMPLE}`, node, `figure-${name}`);
        }
      }
      // A letter the language writes otherwise in the credit or the alt text (a Persian credit typed with the Arabic ي):
      // told with the text's, once a letter, at the first (remark-language.ts). Each run in its own language.
      for (const name of ['credit', 'alt'] as const) {
        const value = attributes[name];
        if (!value) continue;
        const at = valueOffset(String(file.value), node, name, value);
        const where = location(file);
        for (const run of spanRuns(value)) {
          const language = (run.span?.attributes.lang && canonicalLanguage(run.span.attributes.lang)) || (file.data.frontMatter?.language ?? 'en');
          for (const letter of languageLetters(run.text, language)) {
            const place = (at === undefined ? undefined : where.toPoint(at + run.offset + letter.index)) ?? node.position;
            if (place) (file.data.languageLetters ??= []).push({ char: letter.char, at: place, language, instead: letter.instead });
          }
        }
      }
      const kind = attributes.kind?.trim().toLowerCase();
      if (kind !== undefined && !(figureKinds as readonly string[]).includes(kind)) {
        fail(
          file,
          `figure: unknown kind \`${attributes.kind}\`; a figure is one of ${figureKinds.join(', ')} (photo when no kind is given), e.g. kind="map"`,
          node,
          'figure-kind',
        );
      }
      const labelKind = attributes.credit ? creditParts(spanText(attributes.credit)).labelKind : undefined;
      if (kind && labelKind && (figureKinds as readonly string[]).includes(kind) && !labelAgreesWithKind(labelKind, kind as FigureKind)) {
        warn(
          file,
          `figure: kind="${kind}" but the credit is labelled as a ${labelKind}; the credit is printed as written and the e-book names its maker as the maker of a ${kind}: check which is right`,
          node,
          'figure-kind-label',
        );
      }
      const caption = node.children.filter((child) => !(child.type === 'paragraph' && child.data?.directiveLabel));
      if (caption.length === 0) {
        fail(file, `figure without a caption: write the caption between the \`:::figure{…}\` and \`:::\` lines`, node, 'figure-caption');
      }
      const credit: Paragraph = {
        type: 'paragraph',
        data: { hProperties: { className: spanText(attributes.credit ?? '').length > LONG_CREDIT ? ['credit', 'credit-long'] : ['credit'] } },
        children: creditContent(attributes.credit ?? '', node, file),
      };
      const image: RootContent = {
        type: 'image',
        url: attributes.src ?? '',
        alt: attributes.alt ?? '',
        position: node.position,
      };
      const figcaption: ContainerDirective = {
        type: 'containerDirective',
        name: 'figcaption',
        data: { hName: 'figcaption' },
        children: [...caption, credit],
      };
      // The credit travels on the element until the document is assembled
      // (rehype-figures moves it into the credits list and drops the attributes).
      node.data = {
        hName: 'figure',
        hProperties: { className: ['figure'], dataCredit: attributes.credit ?? '', dataLicense: attributes.license?.trim() || undefined, dataKind: (kind as FigureKind | undefined) || undefined },
      };
      // mdast has no block-level image; mdast-util-to-hast turns it into a bare
      // <img> in the figure, which is what we want.
      node.children = [image as unknown as Paragraph, figcaption];
    });
  };
}
