/**
 * `:::figure{src alt credit license? kind?}` with a Markdown caption becomes
 * `<figure><img><figcaption>caption<p class="credit">credit</p></figcaption></figure>`.
 * The credit is required: galley never publishes a picture without one.
 * `kind` says what the picture is (photo, graphic, map, illustration, chart).
 */
import type { Paragraph, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import type {} from 'mdast-util-to-hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { figureKinds, type FigureKind } from '../document.js';
import { creditParts } from './credit.js';
import { fail, warn } from './diagnostics.js';

const EXAMPLE = ':::figure{src="images/photo.jpg" alt="What the picture shows" credit="Photographer/Agency"}\nCaption.\n:::';
const KNOWN = new Set(['src', 'alt', 'credit', 'license', 'kind']);

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
      const kind = attributes.kind?.trim().toLowerCase();
      if (kind !== undefined && !(figureKinds as readonly string[]).includes(kind)) {
        fail(
          file,
          `figure: unknown kind \`${attributes.kind}\`; a figure is one of ${figureKinds.join(', ')} (photo when no kind is given), e.g. kind="map"`,
          node,
          'figure-kind',
        );
      }
      const labelKind = attributes.credit ? creditParts(attributes.credit).labelKind : undefined;
      if (kind && labelKind && labelKind !== kind && (figureKinds as readonly string[]).includes(kind)) {
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
        data: { hProperties: { className: ['credit'] } },
        children: [{ type: 'text', value: attributes.credit ?? '' } satisfies Text],
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
