/**
 * A hand-made GalleyDocument for the PDF tests: no Markdown involved, so the
 * PDF writer can be tested on exactly the structures the reader promises.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { GalleyDocument, ImageAsset } from '../src/document.js';
import { defaultTypefaces } from '../src/typefaces.js';

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of `width`×`height` with a diagonal two-colour pattern. */
export function png(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const dark = Math.floor((x + y) / 40) % 2 === 0;
      row.set(dark ? [70, 90, 110] : [190, 200, 210], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function imageAsset(id: string, width: number, height: number): ImageAsset {
  return {
    id,
    src: `images/${id}.png`,
    path: `/nonexistent/images/${id}.png`,
    mediaType: 'image/png',
    extension: 'png',
    width,
    height,
    bytes: png(width, height),
  };
}

export const sampleParagraphs = [
  'The river had been held back for ninety-one years when the engineers began taking the dam apart, one concrete block at a time, in the dry autumn of the year the salmon count fell to its lowest on record.',
  'Within a month the reservoir had shrunk to a brown channel winding through a valley nobody under seventy remembered. Stumps of the old orchards stood in rows, silvered and cracked, where the farms had been.',
  'Biologists had argued for a decade about what would follow. Some predicted that the sediment trapped behind the wall would smother the spawning gravel downstream for years; others expected the river to sort it out within a season.',
  'The river sorted it out within a season. By spring the channel had cut down through the silt to the old bed, and the first returning fish were counted above the former dam site in early June.',
  'Not everyone welcomed the change. The marina that had depended on the reservoir closed, and the county lost the tax revenue of the lakeside houses, which now looked out over a meadow of willow saplings.',
  'The engineers who took the dam apart say that the hardest part was not technical but administrative: seventeen permits, four agencies, and a public comment period that ran to eleven thousand letters.',
  'What happens next is being watched closely in three other valleys where dams of the same age are reaching the end of their licences, and where the arguments of the last decade are beginning all over again.',
];

export interface SampleOptions {
  title?: string;
  subtitle?: string;
  authors?: string[];
  dateline?: string;
  language?: string;
  /** Extra HTML appended to the body. */
  extraHtml?: string;
  /** Repeat the paragraphs this many times (longer documents). */
  repeat?: number;
  withFigure?: boolean;
}

/** A document with a lead figure, paragraphs, a heading, a list and a quotation. */
export function sampleDocument(options: SampleOptions = {}): GalleyDocument {
  const withFigure = options.withFigure ?? true;
  const repeat = options.repeat ?? 1;
  const paragraphs: string[] = [];
  for (let i = 0; i < repeat; i++) paragraphs.push(...sampleParagraphs);
  const [first, second, ...rest] = paragraphs;
  const html = [
    withFigure
      ? '<figure class="figure" id="figure-1"><img src="figure-1" alt="The empty reservoir bed, seen from the old dam crest" width="1800" height="1200">' +
        '<figcaption><p>The former reservoir bed a month after the dam came down.</p><p class="credit">Jane Doe/River Agency</p></figcaption></figure>'
      : '',
    `<p>${first}</p>`,
    `<p>${second}</p>`,
    '<h2 id="upstream">Upstream</h2>',
    ...rest.slice(0, 2).map((p) => `<p>${p}</p>`),
    '<blockquote><p>“We expected the river to need years. It needed a winter,” said one of the hydrologists, who asked that her name be left out.</p></blockquote>',
    '<ul><li>Seventeen permits</li><li>Four agencies</li><li>Eleven thousand letters, read by the permitting office</li></ul>',
    ...rest.slice(2).map((p) => `<p>${p}</p>`),
    '<p>The full report is at <a href="https://example.org/reports/river-2024">https://example.org/reports/river-2024</a>, with the <code>sediment_budget</code> tables.</p>',
    options.extraHtml ?? '',
  ].join('\n');
  const content = fromHtml(html, { fragment: true }) as Root;

  const images = withFigure ? [imageAsset('figure-1', 1800, 1200)] : [];
  const fingerprint = createHash('sha256').update(html).digest('hex');
  const document: GalleyDocument = {
    slug: 'river-returns',
    dir: '/nonexistent',
    file: '/nonexistent/article.md',
    metadata: {
      title: options.title ?? 'The river returns',
      authors: options.authors ?? [],
      date: '2024-05-01',
      language: options.language ?? 'en',
      source: {
        publication: 'The Valley Courier',
        url: 'https://example.org/river-returns',
        wire: ['River Wire'],
        note: 'This article contains material from River Wire.',
        cited: ['State Fisheries Office', 'The Valley Courier archive'],
      },
      keywords: ['rivers', 'dam removal'],
    },
    content,
    assets: { images, typefaces: defaultTypefaces() },
    credits: withFigure
      ? [
          {
            figureId: 'figure-1',
            figureNumber: 1,
            kind: 'photo',
            credit: 'Jane Doe/River Agency',
            line: 'Jane Doe/River Agency',
            makers: ['Jane Doe'],
            license: 'CC BY 4.0',
            caption: 'The former reservoir bed a month after the dam came down.',
            captionContent: [{ type: 'text', value: 'The former reservoir bed a month after the dam came down.' }],
          },
        ]
      : [],
    identifier: `urn:uuid:${fingerprint.slice(0, 8)}-${fingerprint.slice(8, 12)}-8${fingerprint.slice(13, 16)}-8${fingerprint.slice(17, 20)}-${fingerprint.slice(20, 32)}`,
    fingerprint,
  };
  if (options.subtitle !== undefined) document.metadata.subtitle = options.subtitle;
  else document.metadata.subtitle = 'A dam came down, and the salmon came back within a year.';
  if (options.dateline) document.metadata.dateline = options.dateline;
  return document;
}
