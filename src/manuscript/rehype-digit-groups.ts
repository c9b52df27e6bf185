/**
 * A number grouped with spaces ("649 851", "9 000") stays on one line, in a
 * language that groups digits so (bindDigitGroups, src/line-breaks.ts): in
 * an article in one, or a `:span[…]{lang=…}` in one. Code and addresses are
 * left as written.
 */
import type { Root } from 'hast';
import type { VFile } from 'vfile';
import { bindDigitGroups } from '../line-breaks.js';
import { rewriteTextByLanguage } from './language-text.js';

export default function rehypeGalleyDigitGroups() {
  return (tree: Root, file: VFile): void => {
    rewriteTextByLanguage(tree, file.data.frontMatter?.language ?? 'en', bindDigitGroups);
  };
}
