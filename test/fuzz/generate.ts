/**
 * A seeded, deterministic generator of manuscripts for fuzzing: random
 * Markdown constructs, front matter mutated, random bytes, hostile HTML and
 * pictures (good, damaged, mistyped, oversized, scripted). The same seed
 * always gives the same manuscript, so a failing case is replayed by its seed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { random } from '../manuscript-generator.js';

export interface GeneratedManuscript {
  /** article.md's bytes (not always valid UTF-8). */
  article: Buffer;
  /** Files beside it, by relative path. */
  files: Record<string, Buffer>;
}

type Rand = () => number;

/**
 * Half the manuscripts are written with care (only what galley accepts, so
 * that e-books get built and checked), half carelessly or with malice.
 */
let hostile = true;

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const int = (rand: Rand, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const chance = (rand: Rand, p: number): boolean => rand() < p;

const WORDS = ['NATO', 'minister', 'said', 'Brussels', 'the', 'of', 'military', 'cooperation', "Russia's", 'on', 'Thursday', '“quoted”', 'naïve', 'Ελλάδα', 'Москва', 'العربية', '日本語', '—', '...', '1–2', 'U.S.', 'e.g.', 'x_y', 'a*b', '3 < 4', 'AT&T', '&amp;', '&#0;', '&#x1F600;', '&bogus;', 'https://example.com/a_b', 'mail@example.com', '\\*', '`code`', '~~strike~~', ':emoji:', 'Note:this', ':span[x]', '<br>', '$100', '50%'];

/** What a careful author writes: no `:span[…]` without its language. */
const CAREFUL_WORDS = WORDS.filter((word) => !word.startsWith(':span'));

function words(rand: Rand, n: number): string {
  return Array.from({ length: n }, () => pick(rand, hostile ? WORDS : CAREFUL_WORDS)).join(' ');
}

function inline(rand: Rand, depth = 0): string {
  // A careful author starts a paragraph with a word: a line that starts with a
  // tag is an HTML block, where Markdown (footnote calls too) is not read.
  const parts: string[] = hostile ? [] : [words(rand, 1)];
  for (let i = int(rand, 1, 6); i > 0; i--) {
    const kind = depth > 3 ? 0 : hostile ? int(rand, 0, 11) : pick(rand, [0, 0, 1, 2, 3, 4, 5, 6, 8]);
    switch (kind) {
      case 1: parts.push(`*${inline(rand, depth + 1)}*`); break;
      case 2: parts.push(`**${inline(rand, depth + 1)}**`); break;
      case 3: parts.push(`[${words(rand, 2)}](${hostile ? pick(rand, ['https://example.com', '#section', '#nowhere', 'other.md', '../x.html', 'mailto:a@b.c', 'javascript:alert(1)', '', '#user-content-fn-1', 'ftp://x', '?q=1', '/abs']) : pick(rand, ['https://example.com/a?b=c&d', 'mailto:a@b.c', 'http://example.org'])})`); break;
      case 4: parts.push(`\`${words(rand, 2)}\``); break;
      case 5: parts.push(hostile ? `[^${pick(rand, ['1', '2', 'note', 'missing', 'a b'])}]` : '[^1]'); break;
      case 6: parts.push(pick(rand, hostile ? HOSTILE_INLINE_HTML : SAFE_INLINE_HTML)); break;
      case 7: parts.push(`![${words(rand, 1)}](${pick(rand, ['images/good.png', 'images/missing.png', 'file:///etc/passwd', 'https://example.com/x.png'])})`); break;
      case 8: parts.push(`<${pick(rand, ['https://example.com', 'mail@example.com'])}>`); break;
      case 9: parts.push(pick(rand, ['*', '_', '**', '[', ']', '(', ')', '{', '}', '<', '>', '`', '\\', '|', '~', '^', '!', ':'])); break;
      default: parts.push(words(rand, int(rand, 1, 8)));
    }
  }
  return parts.join(' ');
}

const HOSTILE_INLINE_HTML = [
  '<script>alert(1)</script>',
  '<img src="file:///etc/passwd" alt="x">',
  '<img src="images/good.png" alt="raw">',
  '<a href="javascript:alert(1)">js</a>',
  '<span onclick="x()">click</span>',
  '<span style="color:red">red</span>',
  '<iframe src="https://example.com"></iframe>',
  '<span id="dup">a</span>',
  '<span id="section">b</span>',
  '<svg><script>1</script></svg>',
  '<math><mi>x</mi></math>',
  '<object data="x.swf"></object>',
  '<a href="#dup">to dup</a>',
  '<abbr title="North Atlantic Treaty Organization">NATO</abbr>',
  '<!-- comment -->',
  '<![CDATA[ x ]]>',
  '<?php echo 1; ?>',
  '</div>',
  '<div>',
  '<table><tr><td>cell</td></tr></table>',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0">',
  '<form><input></form>',
];

const SAFE_INLINE_HTML = ['<abbr title="North Atlantic Treaty Organization">NATO</abbr>', '<!-- comment -->', '<span style="color:red">red</span>', '<script>alert(1)</script>', '<b>bold</b>', '<sup>2</sup>', '<kbd>Ctrl</kbd>', '<br>'];

const PICTURES = [
  'good.png', 'good.svg', 'exported.svg', 'truncated.png', 'mistyped.jpg', 'huge.png', 'script.svg', 'external.svg', 'dtd.svg', 'dangling.svg',
  'escaped.svg', 'empty.png', 'text.png', 'good.gif', 'missing.png', 'photo.webp', 'webp-named.jpg',
];

function figure(rand: Rand): string {
  const attributes: string[] = [];
  if (!hostile) {
    return `:::figure{src="images/${pick(rand, ['good.png', 'good.svg', 'exported.svg', 'good.gif', 'photo.webp'])}" alt="${words(rand, 3).replace(/"/g, '')}" credit="${pick(rand, ['Photographer/Agency', 'A. Person', 'Ann & Co <b>'])}"}\n${inline(rand)}\n:::`;
  }
  if (chance(rand, 0.95)) attributes.push(`src="images/${pick(rand, PICTURES)}"`);
  if (chance(rand, 0.9)) attributes.push(`alt="${words(rand, 3).replace(/"/g, '')}"`);
  if (chance(rand, 0.9)) attributes.push(`credit="${pick(rand, ['Photographer/Agency', 'A. Person', '', '   ', 'Ann & Co <b>'])}"`);
  if (chance(rand, 0.2)) attributes.push(`license="CC BY 4.0"`);
  if (chance(rand, 0.05)) attributes.push('kind="photo"');
  if (chance(rand, 0.05)) attributes.push('bogus="1"');
  const caption = chance(rand, 0.9) ? inline(rand) : '';
  return `:::figure{${attributes.join(' ')}}\n${caption}\n:::`;
}

function table(rand: Rand): string {
  const columns = chance(rand, 0.2) ? int(rand, 7, 40) : int(rand, 1, 6);
  const row = (cell: () => string): string => `| ${Array.from({ length: columns }, cell).join(' | ')} |`;
  const lines = [row(() => words(rand, 1)), row(() => pick(rand, ['---', ':--', '--:', ':-:']))];
  for (let r = int(rand, 0, 4); r > 0; r--) lines.push(row(() => (chance(rand, 0.2) ? inline(rand, 3) : words(rand, 1))));
  return lines.join('\n');
}

function block(rand: Rand, depth = 0): string {
  const kind = depth > 2 ? 0 : hostile ? int(rand, 0, 14) : pick(rand, [0, 0, 1, 2, 3, 4, 5, 6, 7, 9]);
  switch (kind) {
    case 1: return `${'#'.repeat(int(rand, 1, 7))} ${pick(rand, ['Section', 'Sources', 'Section', words(rand, 2)])}`;
    case 2: return Array.from({ length: int(rand, 1, 4) }, () => `${pick(rand, ['-', '*', '+', '1.', '2)'])} ${inline(rand)}`).join('\n');
    case 3: return `> ${block(rand, depth + 1).replace(/\n/g, '\n> ')}`;
    case 4: return `- ${block(rand, depth + 1).replace(/\n/g, '\n  ')}`;
    case 5: return `\`\`\`${pick(rand, ['', 'js', 'html'])}\n${words(rand, 5)}\n<script>not run</script>\n\`\`\``;
    case 6: return table(rand);
    case 7: return figure(rand);
    case 8: return `[^${pick(rand, ['1', '2', 'note', 'unused'])}]: ${inline(rand)}`;
    case 9: return pick(rand, ['---', '***', '___']);
    case 10: return pick(rand, ['<div id="dup">\n\nblock html\n\n</div>', '<details><summary>s</summary>x</details>', '<p align="center">centred</p>', '<section><h2 id="section">raw heading</h2></section>', '<table>\n<tr><th>a</th></tr>\n</table>']);
    case 11: return `::${pick(rand, ['figure', 'aside', 'span'])}[${words(rand, 1)}]{a=1}`;
    case 12: return `:::${pick(rand, ['sidebar', 'figure', 'note'])}\n${inline(rand)}\n:::`;
    case 13: {
      const deep = int(rand, 1, 70);
      return pick(rand, [`${'> '.repeat(deep)}deep`, `${'- '.repeat(deep)}deep`, `${'*a '.repeat(deep)}x${' b*'.repeat(deep)}`, `${'<span>'.repeat(deep)}x${'</span>'.repeat(deep)}`, `${'['.repeat(deep)}x${']'.repeat(deep)}`]);
    }
    default: return inline(rand);
  }
}

function frontMatter(rand: Rand): string {
  const fields: Record<string, string> = {
    title: JSON.stringify(words(rand, 4)),
    date: '2017-02-16',
  };
  if (chance(rand, 0.5)) fields.subtitle = JSON.stringify(words(rand, 8));
  if (chance(rand, 0.4)) fields.authors = JSON.stringify([words(rand, 2)]);
  if (chance(rand, 0.3)) fields.language = pick(rand, ['en', 'en-GB', 'fr', 'ar', 'zz-Invalid-Tag-Here', '']);
  if (chance(rand, 0.3)) fields.keywords = JSON.stringify([words(rand, 1), words(rand, 1)]);
  if (chance(rand, 0.2)) fields.source = `\n  wire: ["Reuters"]\n  url: ${pick(rand, ['"https://example.com/story"', '"ftp://x"', 'notaurl', '"javascript:alert(1)"'])}`;
  if (chance(rand, 0.2)) fields.rights = JSON.stringify(`© 2017 ${words(rand, 2)}`);
  // Mutations a careless or hostile author makes.
  const mutation = hostile && chance(rand, 0.5) ? int(rand, 0, 12) : -1;
  switch (mutation) {
    case 0: delete fields.title; break;
    case 1: fields.date = pick(rand, ['16 February 2017', '2017-02-30', '2017-2-16', '""', '[]', '2017-02-16T10:00:00Z']); break;
    case 2: fields.authors = pick(rand, ['[1]', '[null]', '"Ann"', '[[]]', '{a: 1}', '[""]']); break;
    case 3: fields.autor = '"Ann"'; break;
    case 4: fields.title = pick(rand, ['"unclosed', "'unclosed", '[', '{', '""', '|\n  block', '&a "anchor"', '*a', '!!binary aGk=', '!!js/function x']); break;
    case 5: fields.keywords = '&a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nrights: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\npublisher: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]'; break;
    case 6: fields.title = `${JSON.stringify(words(rand, 2))}\ntitle: "twice"`; break;
    case 7: fields.keywords = `${'['.repeat(int(rand, 10, 300))}`; break;
    case 8: fields.subtitle = JSON.stringify('\u0000\u0007\u001b[31m'); break;
    case 9: fields.title = '"Tab\there"'; break;
    case 10: fields.title = JSON.stringify('x'.repeat(int(rand, 1, 3000))); break;
    case 11: fields.title = '"<script>alert(1)</script> & <b>bold</b>"'; break;
    case 12: fields.date = '2017-02-16\n  nested: oops'; break;
    default: break;
  }
  const yaml = Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join('\n');
  const form = hostile && chance(rand, 0.08) ? int(rand, 0, 3) : -1;
  if (form === 0) return ''; // no front matter
  if (form === 1) return `---\n${yaml}\n`; // never closed
  if (form === 2) return `---\n---\n`;
  if (form === 3) return `+++\n${yaml}\n+++\n`;
  return `---\n${yaml}\n---\n`;
}

/** Random byte-level damage: control characters, invalid UTF-8, a cut, a stray BOM. */
function damage(rand: Rand, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const kind = int(rand, 0, 6);
  const at = int(rand, 0, Math.max(0, out.length - 1));
  switch (kind) {
    case 0: return Buffer.concat([out.subarray(0, at), Buffer.from([pick(rand, [0x00, 0x01, 0x07, 0x0b, 0x0c, 0x1b, 0x7f])]), out.subarray(at)]);
    case 1: return Buffer.concat([out.subarray(0, at), Buffer.from([pick(rand, [0xc3, 0xe9, 0xff, 0xfe, 0x80, 0xed])]), out.subarray(at)]);
    case 2: return out.subarray(0, at);
    case 3: return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), out]);
    case 4: return Buffer.concat([out.subarray(0, at), Buffer.from('\r\n\r'), out.subarray(at)]);
    case 5: {
      for (let i = int(rand, 1, 8); i > 0; i--) out[int(rand, 0, Math.max(0, out.length - 1))] = int(rand, 0x20, 0x7e);
      return out;
    }
    default: return Buffer.from(Array.from({ length: int(rand, 0, 200) }, () => int(rand, 0, 255)));
  }
}

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function png(width: number, height: number, rows: Buffer): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // 1 bit grey
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

let pictures: Record<string, Buffer> | undefined;

/** The picture pool every manuscript may refer to (made once). */
export function picturePool(repoRoot: string): Record<string, Buffer> {
  if (pictures) return pictures;
  const good = readFileSync(path.join(repoRoot, 'manuscript', 'mattis-russia-nato', 'images', 'nato-ministers.png'));
  const hugeRow = Buffer.concat([Buffer.from([0]), Buffer.alloc(20000 / 8, 0xff)]);
  pictures = {
    'images/good.png': good,
    'images/good.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><defs><linearGradient id="g"><stop offset="0" stop-color="#ddd"/></linearGradient></defs><rect width="40" height="30" fill="url(#g)"/></svg>\n'),
    'images/truncated.png': good.subarray(0, Math.floor(good.length / 3)),
    'images/mistyped.jpg': good,
    'images/huge.png': png(20000, 20000, Buffer.concat(Array.from({ length: 20000 }, () => hugeRow))),
    'images/script.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><script>alert(1)</script></svg>'),
    'images/external.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="4" height="3"><image xlink:href="https://example.com/t.png" width="4" height="3"/></svg>'),
    'images/dtd.svg': Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><text>&x;</text></svg>'),
    // As drawing programs export them: an XML declaration, a comment, url() quoted every way CSS allows.
    'images/exported.svg': Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><style>.a { stroke: url( "#g" ) }</style>' +
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#ddd"/></linearGradient></defs>' +
        `<rect width="20" height="30" fill="url('#g')"/><rect x="20" width="20" height="30" class="a" fill="url(&quot;#g&quot;)"/></svg>\n`,
    ),
    'images/dangling.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" fill="url(#nowhere)"/></svg>'),
    'images/escaped.svg': Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"><rect width="4" height="3" style="fill: \\75 rl(https://example.com/t.svg#g)"/></svg>'),
    // WebP: converted to PNG (this one is lossless), whatever the name says; the e-book carries no WebP.
    'images/photo.webp': Buffer.from('UklGRh4AAABXRUJQVlA4TBEAAAAvJ0AHAAdQxCIWsf+BiOh/AAA=', 'base64'),
    'images/webp-named.jpg': Buffer.from('UklGRh4AAABXRUJQVlA4TBEAAAAvJ0AHAAdQxCIWsf+BiOh/AAA=', 'base64'),
    'images/empty.png': Buffer.alloc(0),
    'images/text.png': Buffer.from('this is not a picture\n'),
    'images/good.gif': Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'),
  };
  return pictures;
}

/** The manuscript for one seed. */
export function generate(seed: number, repoRoot: string): GeneratedManuscript {
  const rand = random(seed);
  hostile = chance(rand, 0.5);
  const blocks = Array.from({ length: int(rand, hostile ? 0 : 1, 12) }, () => block(rand));
  if (!hostile) {
    // A careful author's footnote calls have their notes, and an article its text.
    blocks.unshift(words(rand, 12));
    if (blocks.some((b) => b.includes('[^1]'))) blocks.push('[^1]: The note.');
  }
  let text = `${frontMatter(rand)}\n${blocks.join(chance(rand, 0.9) ? '\n\n' : '\n')}\n`;
  if (chance(rand, 0.05)) text = text.replace(/\n/g, '\r\n');
  let article: Buffer = Buffer.from(text, 'utf8');
  if (hostile && chance(rand, 0.3)) article = damage(rand, article);
  const pool = picturePool(repoRoot);
  const files: Record<string, Buffer> = {};
  for (const [name, bytes] of Object.entries(pool)) if (text.includes(name)) files[name] = bytes;
  return { article, files };
}
