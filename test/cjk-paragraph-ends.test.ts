/**
 * A Chinese or Japanese paragraph, written without spaces, may break between
 * any two characters: its last line could be one character and its stops
 * ("备。”"). Print keeps its last two characters together (tieLastWords),
 * as it ties a Latin paragraph's short last word. The function on its own,
 * then paragraphs one character longer each, over a line's worth, printed
 * with the real CLI at every page size and read back with pdftotext.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { beforeAll, describe, expect, it } from 'vitest';
import { tieLastWords } from '../src/pdf/hyphenate.js';
import { runCli, tempDir } from './helpers.js';

const tied = (html: string): string => {
  const tree = fromHtml(html, { fragment: true });
  tieLastWords(tree);
  return toHtml(tree);
};

describe('tieLastWords in Chinese and Japanese', () => {
  it('keeps the last two characters and their stops together', () => {
    expect(tied('<p>应该为将来的大海做准备。”</p>')).toBe('<p>应该为将来的大海做<span class="nobreak">准备。”</span></p>');
    expect(tied('<p>港の水位を読むしかなかった。</p>')).toBe('<p>港の水位を読むしかなか<span class="nobreak">った。</span></p>');
    expect(tied('<p>海水两次越过<em>防波堤</em>。</p>')).toBe('<p>海水两次越过<em>防<span class="nobreak">波堤</span></em>。</p>');
  });

  it('leaves a Latin paragraph to its no-break space, and a Korean one, written with spaces', () => {
    expect(tied('<p>It was over by the season.</p>')).toBe('<p>It was over by the\u00A0season.</p>');
    expect(tied('<p>항구의 물이 두 번 넘쳤다.</p>')).toBe('<p>항구의 물이 두 번\u00A0넘쳤다.</p>');
  });
});

/** Each language's last sentence, and characters to lengthen it by. */
const SENTENCES = {
  zh: { title: '港口两度被淹', text: '一位渔民说：“我们为过去的大海修了防波堤，数字告诉我们，应该为将来的大海做准备。”', filler: '今年冬天港口的海水两次越过防波堤的设计高度港务长不得不用卷尺读取水位' },
  ja: { title: '港は二度浸水した', text: '漁師の一人は「過去の海のために防波堤を築いたが、これからの海に備えなければならない」と話した。', filler: 'この冬港の海水は二度にわたり防波堤の設計高を越え港長は巻き尺で水位を読むしかなかった' },
} as const;

/** Lines of a printed page that are one CJK character and its stops alone. */
const LONE = /^[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}][^\p{L}\p{N}]*$/u;

describe.each(['zh', 'ja'] as const)('%s paragraphs in print', (language) => {
  const out = tempDir(`galley-cjk-ends-${language}-`);
  const results = new Map<string, { status: number | null; stderr: string }>();

  beforeAll(() => {
    const { title, text, filler } = SENTENCES[language];
    const dir = path.join(tempDir(), 'ends');
    mkdirSync(dir, { recursive: true });
    // One paragraph for each length over a line and a half of the narrowest page: one of them ends a character into its last line at any measure.
    const paragraphs = Array.from({ length: 36 }, (_, extra) => filler.repeat(2).slice(0, extra) + text);
    writeFileSync(path.join(dir, 'article.md'), `---\ntitle: "${title}"\nauthors: ["王芳"]\ndate: 2024-03-15\nlanguage: ${language}\n---\n\n${paragraphs.join('\n\n')}\n`);
    for (const size of ['letter', 'a4', '6x9']) {
      const { status, stderr } = runCli(['pdf', dir, '--out', path.join(out, size), '--page-size', size], { GALLEY_CACHE_DIR: tempDir() });
      results.set(size, { status, stderr });
    }
  }, 300_000);

  it.each(['letter', 'a4', '6x9'])('ends no paragraph on one character at %s', (size) => {
    const { status, stderr } = results.get(size)!;
    expect(status, stderr).toBe(0);
    const lines = spawnSync('pdftotext', [path.join(out, size, 'ends.pdf'), '-'], { encoding: 'utf8' }).stdout.split('\n').map((line) => line.trim());
    expect(lines.filter((line) => line.endsWith('备。”') || line.endsWith('した。')).length).toBe(36);
    expect(lines.filter((line) => LONE.test(line))).toEqual([]);
  });
});
