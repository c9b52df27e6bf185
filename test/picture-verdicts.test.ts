/**
 * src/manuscript/image-checks.ts decodes every picture once, to tell damaged
 * image data at its figure. A picture that decoded whole is marked so in the
 * build cache: reading the manuscript again in a new process neither decodes
 * it nor loads sharp (libvips). A damaged picture gets no mark, and is told
 * of at every read. The header of a photograph (src/manuscript/scale-image.ts
 * reads its orientation and colour space) is kept there too.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { repoRoot, seedManuscript, tempDir } from './helpers.js';

const reader = path.join(repoRoot, 'src/manuscript/index.ts');

/** Reads `dir` in a fresh process with the build cache `cache`: its errors, and whether libvips was loaded. */
function readInNewProcess(dir: string, cache: string): { errors: string[]; libvips: boolean } {
  const script = `
    import { readFileSync } from 'node:fs';
    import { loadManuscript } from ${JSON.stringify(reader)};
    let errors = [];
    try {
      await loadManuscript(${JSON.stringify(dir)});
    } catch (error) {
      errors = (error.messages ?? [error]).filter((message) => message.fatal !== false).map((message) => String(message.reason ?? message.message));
    }
    const libvips = readFileSync('/proc/self/maps', 'utf8').includes('libvips');
    console.log(JSON.stringify({ errors, libvips }));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, GALLEY_CACHE_DIR: cache },
    timeout: 60_000,
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as { errors: string[]; libvips: boolean };
}

describe('a picture that decoded whole', () => {
  it.runIf(existsSync('/proc/self/maps'))('is not decoded again, nor sharp loaded, when the manuscript is read again', () => {
    const cache = tempDir('galley-verdicts-');
    const first = readInNewProcess(seedManuscript, cache);
    expect(first).toEqual({ errors: [], libvips: true });
    expect(readdirSync(path.join(cache, 'decoded')).filter((name) => name.endsWith('.ok'))).toHaveLength(1);
    const again = readInNewProcess(seedManuscript, cache);
    expect(again).toEqual({ errors: [], libvips: false });
  }, 120_000);

  it.runIf(existsSync('/proc/self/maps'))('nor is sharp loaded to read a photograph\'s header again, whether it is kept at its size or scaled down', async () => {
    const cache = tempDir('galley-verdicts-');
    const dir = path.join(tempDir('galley-verdicts-'), 'article');
    cpSync(seedManuscript, dir, { recursive: true });
    // A JPEG within the editions' limits, and one wider (scaled down, then taken from the build cache).
    const photo = async (width: number, height: number): Promise<Buffer> => sharp({ create: { width, height, channels: 3, background: '#6a8caf' } }).jpeg().toBuffer();
    writeFileSync(path.join(dir, 'images', 'small.jpg'), await photo(300, 200));
    writeFileSync(path.join(dir, 'images', 'wide.jpg'), await photo(2400, 1600));
    const article = path.join(dir, 'article.md');
    const picture = readdirSync(path.join(dir, 'images')).find((name) => name.endsWith('.png'))!;
    const text = readFileSync(article, 'utf8').split(`images/${picture}`).join('images/small.jpg');
    writeFileSync(article, `${text.trimEnd()}\n\n:::figure{src="images/wide.jpg" alt="A wide photograph." credit="Anna Nowak/Gazeta"}\nA wide photograph.\n:::\n`);
    expect(readInNewProcess(dir, cache)).toEqual({ errors: [], libvips: true });
    expect(readdirSync(path.join(cache, 'headers'))).toHaveLength(2);
    expect(readInNewProcess(dir, cache)).toEqual({ errors: [], libvips: false });
  }, 120_000);

  it('a damaged picture is decoded and told of at every read, and gets no mark', async () => {
    const cache = tempDir('galley-verdicts-');
    const dir = path.join(tempDir('galley-verdicts-'), 'article');
    cpSync(seedManuscript, dir, { recursive: true });
    // A JPEG whose segments are whole but whose image data is cut: only decoding finds it.
    const width = 300;
    const height = 200;
    const noise = Buffer.alloc(width * height * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) % 251;
    const jpeg = await sharp(noise, { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
    writeFileSync(path.join(dir, 'images', 'damaged.jpg'), Buffer.concat([jpeg.subarray(0, Math.floor(jpeg.length / 2)), Buffer.from([0xff, 0xd9])]));
    const article = path.join(dir, 'article.md');
    const picture = readdirSync(path.join(dir, 'images')).find((name) => name !== 'damaged.jpg')!;
    writeFileSync(article, readFileSync(article, 'utf8').split(`images/${picture}`).join('images/damaged.jpg'));
    for (let read = 0; read < 2; read++) {
      const { errors, libvips } = readInNewProcess(dir, cache);
      expect(errors.some((error) => /^image `images\/damaged\.jpg` cannot be decoded/.test(error))).toBe(true);
      expect(libvips).toBe(true);
    }
    expect(existsSync(path.join(cache, 'decoded')) ? readdirSync(path.join(cache, 'decoded')) : []).toEqual([]);
  }, 120_000);
});
