/**
 * A manuscript saved decomposed (NFD: a Mac's copy and paste, a Vietnamese
 * keyboard's combining mode) is published as its composed (NFC) twin is: the
 * fixture nfd-vi and an NFC copy of it, built together with the real CLI,
 * give the same cover, the same e-book pages and the same PDF text, which
 * holds no combining mark. Before, the cover drew the breve of ă and the horn
 * of ơ as boxes and the PDF's text kept its marks ("Hồ ng"). Messages still
 * point at the column of the file as saved.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatMessage, loadManuscript, ManuscriptError } from '../src/manuscript/index.js';
import { entryText, openEpub, repoRoot, runCli, tempDir } from './helpers.js';
import { pdfText } from './pdf-helpers.js';

const fixture = path.join(repoRoot, 'test', 'fixtures', 'good', 'nfd-vi');
const MARKS = /[\u0300-\u036f]/u;

describe('a manuscript saved decomposed', () => {
  const out = tempDir('galley-nfd-');
  const twin = path.join(tempDir('galley-nfc-'), 'nfc-vi');
  let stderr = '';

  beforeAll(() => {
    const saved = readFileSync(path.join(fixture, 'article.md'), 'utf8');
    // The fixture must stay decomposed: an editor that saves it composed would make this test prove nothing.
    expect(saved).toMatch(MARKS);
    mkdirSync(twin, { recursive: true });
    writeFileSync(path.join(twin, 'article.md'), saved.normalize('NFC'));
    const built = runCli(['build', fixture, twin, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    expect(built.status, built.stderr).toBe(0);
    stderr = built.stderr;
  }, 240_000);

  it('prints composed text, the same as its composed twin', () => {
    const nfd = pdfText(path.join(out, 'nfd-vi.pdf'));
    expect(nfd).not.toMatch(MARKS);
    for (const words of ['Năm mới ở Hà Nội', 'Nguyễn Thị Hồng', 'Phạm Thị Lụa', 'bánh chưng']) expect(nfd).toContain(words);
    // galley's own Vietnamese words (templates/words/vi.json) stand composed beside the manuscript's: the byline, the running foot.
    for (const words of ['Bài: Nguyễn Thị Hồng', 'trang 1/']) expect(nfd).toContain(words);
    // The edition's identifier is a hash of the text, not of the bytes saved: the twins are one book.
    expect(nfd).toBe(pdfText(path.join(out, 'nfc-vi.pdf')));
  });

  it('makes the same cover and e-book pages as its composed twin', async () => {
    const [nfd, nfc] = await Promise.all([openEpub(path.join(out, 'nfd-vi.epub')), openEpub(path.join(out, 'nfc-vi.epub'))]);
    const cover = async (zip: typeof nfd): Promise<Buffer> => Buffer.from(await zip.file('OEBPS/cover.jpg')!.async('uint8array'));
    expect((await cover(nfd)).equals(await cover(nfc))).toBe(true);
    for (const page of ['OEBPS/titlepage.xhtml', 'OEBPS/article.xhtml']) {
      const text = await entryText(nfd, page);
      expect(text, page).not.toMatch(MARKS);
      expect(text, page).toBe(await entryText(nfc, page));
    }
    expect(await entryText(nfd, 'OEBPS/content.opf')).toContain('<dc:title id="title">Năm mới ở Hà Nội: phố cổ đông đúc</dc:title>');
    // The same warnings as the twin's (none: galley has words in Vietnamese), none about the marks.
    const told = (slug: string): string[] => stderr.split('\n').filter((line) => line.includes(`${slug}/article.md:`)).map((line) => line.slice(line.indexOf('article.md:')));
    expect(told('nfd-vi')).toEqual(told('nfc-vi'));
  });

  it('tells a problem at its column in the file as saved', async () => {
    const dir = path.join(tempDir('galley-nfd-column-'), 'nfd-column');
    mkdirSync(dir, { recursive: true });
    // Each ồ is three UTF-16 units saved (o, U+0302, U+0300), one composed: the directive starts at column 16 as saved (10 composed).
    const line = 'Hồ Hồ Hồ :abbr[NATO]{title="x"} sau.'.normalize('NFD');
    expect(line.indexOf(':abbr')).toBe(15);
    writeFileSync(path.join(dir, 'article.md'), `---\ntitle: Hồ\nauthors: [A]\ndate: 2024-01-01\nlanguage: vi\n---\n\n${line}\n`);
    const error = await loadManuscript(dir).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ManuscriptError);
    const messages = (error as ManuscriptError).messages.map((message) => formatMessage(message, dir));
    expect(messages.join('\n')).toMatch(/article\.md:8:16: error: .*abbr/);
  });
});
