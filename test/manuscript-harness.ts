/**
 * Runs one reader plugin in-process on a Markdown snippet: the same parser
 * the reader uses (remark-parse, front matter, GFM, directives, then
 * remark-rehype and rehype-raw), then only the plugins under test. No files,
 * no browser: each case takes milliseconds.
 */
import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Root as MdastRoot } from 'mdast';
import rehypeRaw from 'rehype-raw';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export const ARTICLE = '/manuscripts/example/article.md';

const parser = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).freeze();

export function vfile(markdown: string): VFile {
  return new VFile({ path: ARTICLE, value: markdown });
}

/** The Markdown tree after `plugins` (remark plugins) ran on it. */
export async function mdastOf(markdown: string, plugins: PluggableList = [], data: VFile['data'] = {}): Promise<{ tree: MdastRoot; file: VFile }> {
  const file = vfile(markdown);
  Object.assign(file.data, data);
  const tree = await unified().use(plugins).run(parser.parse(file), file);
  return { tree: tree as MdastRoot, file };
}

/** The HTML tree, after `remark` plugins on the Markdown and `rehype` plugins on the HTML. */
export async function hastOf(markdown: string, rehype: PluggableList = [], remark: PluggableList = [], data: VFile['data'] = {}): Promise<{ tree: HastRoot; html: string; file: VFile }> {
  const file = vfile(markdown);
  Object.assign(file.data, data);
  const tree = (await unified()
    .use(remark)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeRaw)
    .use(rehype)
    .run(parser.parse(file), file)) as HastRoot;
  return { tree, html: toHtml(tree), file };
}

/** Each message as `line:column severity rule`, the part of a diagnostic an editor links to. */
export function places(messages: VFileMessage[]): string[] {
  return messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId}`);
}
