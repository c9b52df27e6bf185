/**
 * A deterministic corpus of synthetic manuscripts made from the seed article:
 * the same N always gives the same files. Each manuscript has the seed's front
 * matter with its own title, the seed's figure, and the body paragraphs in an
 * order of its own.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { random } from './random.js';

export function makeCorpus(seedManuscript: string, target: string, count: number): string[] {
  const source = readFileSync(path.join(seedManuscript, 'article.md'), 'utf8');
  const [, frontMatter, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
  if (!frontMatter || !body) throw new Error(`${seedManuscript}/article.md: no front matter`);
  const blocks = body.trim().split(/\n{2,}/);
  const figureEnd = blocks.findIndex((block) => block.trim().endsWith(':::'));
  const figure = blocks.slice(0, figureEnd + 1).join('\n\n');
  const paragraphs = blocks.slice(figureEnd + 1);

  rmSync(target, { recursive: true, force: true });
  const dirs: string[] = [];
  for (let n = 1; n <= count; n++) {
    const next = random(n);
    const order = paragraphs.map((paragraph) => ({ paragraph, key: next() })).sort((a, b) => a.key - b.key);
    const kept = order.slice(0, Math.max(6, Math.floor(order.length * (0.6 + 0.4 * next()))));
    const dir = path.join(target, `article-${String(n).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(seedManuscript, 'images'), path.join(dir, 'images'), { recursive: true });
    const title = frontMatter.replace(/^title: "(.*)"$/m, (_, t: string) => `title: "${t} (No. ${n})"`);
    writeFileSync(path.join(dir, 'article.md'), `---\n${title}\n---\n\n${figure}\n\n${kept.map((k) => k.paragraph).join('\n\n')}\n`);
    dirs.push(dir);
  }
  return dirs;
}
