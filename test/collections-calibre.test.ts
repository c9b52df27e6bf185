/**
 * A collection on the road to a Kindle: calibre converts its e-book to AZW3
 * and back to EPUB and text, as someone sending it to a Kindle would. The
 * nested contents, each article's credits under its own heading, the notes'
 * links and the pictures' proportions must come through.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { imageSize } from 'image-size';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalize, repoRoot, runCli, tempDir } from './helpers.js';

const run = promisify(execFile);
const calibreEnv = { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' };
const SEED_TITLE = "Mattis: US 'not in a position to collaborate' with Russian military";
const FICTION_TITLE = 'The tide gauge that ran out of numbers';

async function convert(from: string, to: string): Promise<void> {
  await run('ebook-convert', [from, to], { env: calibreEnv, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
}

/** Every file below `dir`, relative to it. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

/** calibre's toc.ncx as a tree of titles. */
interface NavPoint {
  title: string;
  children: NavPoint[];
}
function navTree(ncx: string): NavPoint[] {
  const root: NavPoint = { title: '', children: [] };
  const stack = [root];
  for (const match of ncx.matchAll(/<navPoint\b|<\/navPoint>|<text>([^<]*)<\/text>/g)) {
    if (match[0] === '<navPoint') {
      const point = { title: '', children: [] };
      stack.at(-1)!.children.push(point);
      stack.push(point);
    } else if (match[0] === '</navPoint>') {
      stack.pop();
    } else if (stack.length > 1 && stack.at(-1)!.title === '') {
      stack.at(-1)!.title = normalize(match[1]!.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'"));
    }
  }
  return root.children;
}

describe('a collection through calibre: EPUB → AZW3 → EPUB and text', () => {
  let back: string;
  let text: string;
  let source: string;

  beforeAll(async () => {
    const dir = tempDir('galley-collection-calibre-');
    const result = runCli(['epub', path.join(repoRoot, 'manuscript', 'week-in-brief'), '--out', dir], { GALLEY_CACHE_DIR: path.join(dir, 'cache') });
    expect(result.status, result.stderr).toBe(0);
    const epub = path.join(dir, 'week-in-brief.epub');
    source = path.join(dir, 'source');
    mkdirSync(source);
    await run('unzip', ['-q', epub, '-d', source]);
    const azw3 = path.join(dir, 'week-in-brief.azw3');
    await convert(epub, azw3);
    back = path.join(dir, 'back');
    await Promise.all([convert(azw3, `${back}.epub`), convert(azw3, path.join(dir, 'week-in-brief.txt'))]);
    mkdirSync(back);
    await run('unzip', ['-q', `${back}.epub`, '-d', back]);
    text = normalize(readFileSync(path.join(dir, 'week-in-brief.txt'), 'utf8').replace(/\s+/g, ' '));
  }, 600_000);

  it("keeps the contents nested: each article's sections under its headline, the credits under theirs", () => {
    const ncx = filesIn(back).find((file) => file.endsWith('.ncx'))!;
    const tree = navTree(readFileSync(path.join(back, ncx), 'utf8'));
    const titles = tree.map((point) => point.title);
    expect(titles).toEqual(expect.arrayContaining([SEED_TITLE, FICTION_TITLE, 'Sources and credits']));
    expect(titles.indexOf(FICTION_TITLE)).toBeGreaterThan(titles.indexOf(SEED_TITLE));
    const fiction = tree.find((point) => point.title === FICTION_TITLE)!;
    expect(fiction.children.map((point) => point.title)).toEqual(['Five months at the north mole', 'What the council will decide', 'Notes']);
    const credits = tree.find((point) => point.title === 'Sources and credits')!;
    expect(credits.children.map((point) => point.title)).toEqual([SEED_TITLE, FICTION_TITLE]);
  });

  it("keeps each article's credits under its own heading", () => {
    const credits = text.slice(text.lastIndexOf('Sources and credits'));
    const seedAt = credits.indexOf(SEED_TITLE);
    const fictionAt = credits.indexOf(FICTION_TITLE);
    expect(seedAt).toBeGreaterThan(0);
    expect(fictionAt).toBeGreaterThan(seedAt);
    expect(credits.slice(seedAt, fictionAt)).toContain('Photo: Thierry Monasse/ Reuters via Pool Politik');
    expect(credits.slice(seedAt, fictionAt)).toContain('This article contains material from the Associated Press and Reuters.');
    expect(credits.slice(fictionAt)).toContain('Chart: galley sample/drawn with ImageMagick');
    expect(credits.slice(fictionAt)).not.toContain('Reuters');
  });

  it("keeps the notes linked both ways, each opening with its back-link", () => {
    const pages = new Map(filesIn(back).filter((file) => /\.x?html$/.test(file)).map((file) => [path.basename(file), readFileSync(path.join(back, file), 'utf8')]));
    const refs = [...pages].flatMap(([file, html]) =>
      [...html.matchAll(/<a href="([^"#]*)#([^"]+)" id="([^"]+)"[^>]*\btype="noteref"/g)].map((m) => ({ file, target: path.basename(m[1]!) || file, id: m[2]!, refId: m[3]! })),
    );
    // The fictional article's two notes.
    expect(refs).toHaveLength(2);
    for (const { file, target, id, refId } of refs) {
      const aside = new RegExp(`<li id="${id}"[^>]*\\btype="endnote"[^>]*>([\\s\\S]*?)</li>`).exec(pages.get(target) ?? '');
      expect(aside, `the reference ${refId} leads to the note ${id}`).not.toBeNull();
      const first = /<a ([^>]*)>([^<]*)<\/a>([\s\S]*)/.exec(aside![1]!);
      expect(first?.[1], `note ${id} leads back`).toMatch(new RegExp(`href="(${file})?#${refId}"`));
      expect(first![2]).toMatch(/^\d+\s\u2191$/);
      expect(first![3]!.replace(/<[^>]+>/g, '').trim().length).toBeGreaterThan(10);
    }
  });

  it('keeps every picture in its proportions, sized by the stylesheet alone', () => {
    const proportion = (file: string): number => {
      const { width, height } = imageSize(readFileSync(file));
      return width! / height!;
    };
    const ours = filesIn(source).filter((file) => /images\/.*\.(png|jpe?g)$/.test(file)).map((file) => proportion(path.join(source, file)));
    expect(ours).toHaveLength(2);
    const files = filesIn(back);
    const css = files.filter((file) => file.endsWith('.css')).map((file) => readFileSync(path.join(back, file), 'utf8')).join('\n');
    const images = files.filter((file) => /\.x?html$/.test(file)).flatMap((file) => (readFileSync(path.join(back, file), 'utf8').match(/<img [^>]*>/g) ?? []).map((tag) => ({ file, tag })));
    const figures = images.filter(({ tag }) => !/doc-cover|cover/i.test(tag));
    expect(figures).toHaveLength(2);
    for (const { file, tag } of figures) {
      expect(tag).not.toMatch(/\b(width|height)=/);
      for (const name of /class="([^"]+)"/.exec(tag)?.[1]?.split(/\s+/) ?? []) {
        const rule = new RegExp(`\\.${name} \\{([^}]*)\\}`).exec(css)?.[1] ?? '';
        expect(rule, tag).not.toMatch(/(^|[\s;])height:\s*\d+(\.\d+)?(px|pt|em)/);
        expect(rule, tag).not.toMatch(/(^|[\s;])width:\s*\d+(\.\d+)?(px|pt)/);
      }
      const src = path.join(back, path.dirname(file), /src="([^"]+)"/.exec(tag)![1]!);
      const shape = proportion(src);
      expect(ours.some((original) => Math.abs(original - shape) / original < 0.01), `${src}: ${shape}`).toBe(true);
    }
  });
});
