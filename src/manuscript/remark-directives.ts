/**
 * remark-directive reads `:name` anywhere in text, so prose such as
 * "Note:this" would silently turn into a directive. Text directives galley
 * does not know go back to the text they were; block directives galley does not
 * know are an error, since their content would otherwise vanish.
 *
 * A container directive with no closing fence is an error too: micromark, like
 * CommonMark for an unclosed code fence, closes it where its parent ends, so a
 * `:::figure` missing its `:::` would silently take the rest of the article
 * (headings and all) for its caption.
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

/**
 * Whether a container directive ends with a fence of its own: its last line holds
 * only colons (after a quote's `>` or a list item's indent), at least as many as
 * it opened with, and belongs to no child (the fence of a nested container that
 * closed when the outer one did not).
 */
function isClosed(node: ContainerDirective, source: string): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return true;
  const text = source.slice(start, end).trimEnd();
  const lastLine = text.lastIndexOf('\n') + 1;
  if (lastLine === 0) return false;
  const fence = /^[ \t>]*(:{3,})[ \t]*$/.exec(text.slice(lastLine));
  const opening = /^:+/.exec(text)?.[0].length ?? 3;
  if (!fence || fence[1]!.length < opening) return false;
  const lastChildEnd = node.children.at(-1)?.position?.end.offset;
  return lastChildEnd === undefined || lastChildEnd <= start + lastLine;
}

function unclosedReason(node: ContainerDirective, source: string): string {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  const fence = /^:+/.exec(source.slice(start))?.[0] ?? ':::';
  const name = node.name === 'figure' ? 'figure' : `directive \`${fence}${node.name}\``;
  const first = (node.position?.start.line ?? 1) + 1;
  const last = (node.position?.start.line ?? 1) + (source.slice(start, end).trimEnd().match(/\n/g)?.length ?? 0);
  const taken = last < first ? '' : `; without it, ${last > first ? `lines ${first}–${last}` : `line ${first}`} would be taken into it${node.name === 'figure' ? ' as its caption' : ''}`;
  return `${name} not closed: end it with a line holding only "${fence}"${taken}`;
}

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
      if (directive.type === 'containerDirective' && !isClosed(directive, String(file.value))) {
        fail(file, unclosedReason(directive, String(file.value)), directive, 'directive-unclosed');
      }
      if (!BLOCK_DIRECTIVES.has(directive.name)) {
        const marker = directive.type === 'containerDirective' ? ':::' : '::';
        fail(file, `unknown directive \`${marker}${directive.name}\`: galley knows \`:::figure{…}\` and \`:span[…]{lang=…}\`; to write the text literally, escape the colon as \\:`, directive, 'directive-unknown');
      }
      return undefined;
    });
  };
}
