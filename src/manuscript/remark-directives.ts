/**
 * remark-directive reads `:name` anywhere in text, so prose such as
 * "Note:this" would silently turn into a directive. Text directives galley
 * does not know go back to the text they were; block directives galley does not
 * know are an error, since their content would otherwise vanish.
 */
import type { Root, Text } from 'mdast';
import type { ContainerDirective, LeafDirective, TextDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { fail } from './diagnostics.js';

const BLOCK_DIRECTIVES = new Set(['figure']);
/** Text directives galley knows: `:span[…]{lang=…}` (remark-language.ts). */
const TEXT_DIRECTIVES = new Set(['span']);

type Directive = ContainerDirective | LeafDirective | TextDirective;

export default function remarkGalleyDirectives() {
  return (tree: Root, file: VFile): void => {
    visit(tree, (node, index, parent) => {
      if (node.type !== 'textDirective' && node.type !== 'leafDirective' && node.type !== 'containerDirective') return;
      const directive = node as Directive;
      if (directive.type === 'textDirective') {
        if (TEXT_DIRECTIVES.has(directive.name)) return undefined;
        if (!parent || index === undefined) return;
        const source = file.value.toString();
        const start = directive.position?.start.offset;
        const end = directive.position?.end.offset;
        const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${directive.name}${toString(directive)}`;
        parent.children.splice(index, 1, { type: 'text', value, position: directive.position } satisfies Text);
        return [SKIP, index + 1];
      }
      if (!BLOCK_DIRECTIVES.has(directive.name)) {
        const marker = directive.type === 'containerDirective' ? ':::' : '::';
        fail(file, `unknown directive \`${marker}${directive.name}\`: galley knows \`:::figure{…}\` and \`:span[…]{lang=…}\`; to write the text literally, escape the colon as \\:`, directive, 'directive-unknown');
      }
      return undefined;
    });
  };
}
