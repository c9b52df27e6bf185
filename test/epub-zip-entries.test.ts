/**
 * How the e-book's zip holds each file: the fonts, their licences and the
 * stylesheet deflated ahead (and the same bytes from the build cache as
 * deflated anew), pictures stored, an article's small pages stored (no
 * deflating in the process at all) and a long page deflated. Read from the
 * zip's own central directory.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, seedManuscript, tempDir } from './helpers.js';

interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  size: number;
  /** The CRC-32 the central directory and the local header give. */
  crc: number;
  localCrc: number;
  /** The entry's time as the central directory has it (MS-DOS's date and time), as YYYY-MM-DD hh:mm:ss. */
  time: string;
  data: Buffer;
}

/** Every entry of a zip, from its central directory (and its data from the local header it points at). */
function zipEntries(zip: Buffer): ZipEntry[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const [dosTime, dosDate] = [zip.readUInt16LE(at + 12), zip.readUInt16LE(at + 14)];
    const two = (n: number): string => String(n).padStart(2, '0');
    const time = `${1980 + (dosDate >> 9)}-${two((dosDate >> 5) & 15)}-${two(dosDate & 31)} ${two(dosTime >> 11)}:${two((dosTime >> 5) & 63)}:${two((dosTime & 31) * 2)}`;
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    entries.push({ name, method, compressedSize, size, crc: zip.readUInt32LE(at + 16), localCrc: zip.readUInt32LE(local + 14), time, data: method === 8 ? inflateRawSync(raw) : raw });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe('the e-book zip', () => {
  let seed: ZipEntry[];
  let seedBytes: Buffer;
  let again: Buffer;
  let long: ZipEntry[];
  let old: ZipEntry[];
  let oldOpf: string;

  beforeAll(() => {
    const dir = tempDir('galley-zip-entries-');
    // A build cache of its own: the first build deflates the fonts, licences and stylesheet, the second takes them from it.
    const env = { GALLEY_CACHE_DIR: path.join(dir, 'cache') };
    const build = (manuscript: string, out: string): Buffer => {
      const result = runCli(['epub', manuscript, '--out', out, '--no-page-list', '--force', '-q'], env);
      expect(result.status, result.stderr).toBe(0);
      return readFileSync(path.join(out, `${path.basename(manuscript)}.epub`));
    };
    seedBytes = build(seedManuscript, path.join(dir, 'first'));
    again = build(seedManuscript, path.join(dir, 'second'));
    seed = zipEntries(seedBytes);

    // The seed's own paragraphs, eight times over: a page well past the size below which pages are stored.
    const longManuscript = path.join(dir, 'long-article');
    cpSync(seedManuscript, longManuscript, { recursive: true });
    const article = path.join(longManuscript, 'article.md');
    const text = readFileSync(article, 'utf8');
    const body = text.slice(text.indexOf(':::', text.indexOf('---', 4)));
    writeFileSync(article, text + `\n${body.replace(/:::figure[\s\S]*?\n:::\n/g, '')}`.repeat(7));
    long = zipEntries(build(longManuscript, path.join(dir, 'long')));

    // The seed reprinted with a date before 1980, the first year a zip entry's time can hold.
    const oldManuscript = path.join(dir, 'old-article');
    cpSync(seedManuscript, oldManuscript, { recursive: true });
    writeFileSync(path.join(oldManuscript, 'article.md'), text.replace(/^date: .*$/m, 'date: 1969-07-21'));
    old = zipEntries(build(oldManuscript, path.join(dir, 'old')));
    oldOpf = entry(old, 'OEBPS/content.opf').data.toString('utf8');
  }, 360_000);

  const entry = (entries: ZipEntry[], name: string): ZipEntry => {
    const found = entries.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${name} is not in the zip (has ${entries.map((e) => e.name).join(', ')})`);
    return found;
  };

  it('stores the small pages of an article and deflates the fonts, their licences and the stylesheet', () => {
    for (const name of ['mimetype', 'OEBPS/article.xhtml', 'OEBPS/content.opf', 'OEBPS/toc.xhtml', 'OEBPS/toc.ncx', 'OEBPS/titlepage.xhtml', 'OEBPS/credits.xhtml', 'OEBPS/colophon.xhtml', 'META-INF/container.xml']) {
      expect(entry(seed, name).method, name).toBe(0);
    }
    const deflated = seed.filter((e) => /^OEBPS\/fonts\/.+\.(ttf|otf|txt)$/.test(e.name) || e.name === 'OEBPS/style.css');
    expect(deflated.length).toBeGreaterThanOrEqual(3);
    for (const e of deflated) {
      expect(e.method, e.name).toBe(8);
      expect(e.compressedSize, e.name).toBeLessThan(e.size);
    }
    // Pictures are compressed already.
    expect(entry(seed, 'OEBPS/cover.jpg').method).toBe(0);
    // Every entry reads back whole: its stated size is its size, and its CRC-32 (worked out ahead for the stored entries) is its data's.
    for (const e of seed) {
      expect(e.data.length, e.name).toBe(e.size);
      expect(e.crc, e.name).toBe(crc32(e.data));
      expect(e.localCrc, e.name).toBe(e.crc);
    }
    expect(entry(seed, 'OEBPS/style.css').data.toString('utf8')).toMatch(/@font-face/);
    expect(entry(seed, 'OEBPS/article.xhtml').data.toString('utf8')).toMatch(/collaborate on a military level/);
  });

  it('deflates a long page', () => {
    const article = entry(long, 'OEBPS/article.xhtml');
    expect(article.size).toBeGreaterThan(16 * 1024);
    expect(article.method).toBe(8);
    expect(article.compressedSize).toBeLessThan(article.size / 2);
    expect(article.data.toString('utf8').match(/collaborate on a military level/g)).toHaveLength(8);
  });

  it('dates every entry by the edition, and one before 1980 at the first moment a zip can hold (it came out as 2097)', () => {
    expect(new Set(seed.map((e) => e.time))).toEqual(new Set(['2017-02-16 12:00:00']));
    expect(new Set(old.map((e) => e.time))).toEqual(new Set(['1980-01-01 00:00:00']));
    // The e-book itself still gives the article's own date.
    expect(oldOpf).toContain('<dc:date>1969-07-21</dc:date>');
  });

  it('is the same e-book, byte for byte, with the deflated files taken from the build cache', () => {
    expect(again.equals(seedBytes)).toBe(true);
  });
});
