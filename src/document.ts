/**
 * The edition-neutral document: what a reader (src/manuscript/) yields and
 * every writer (src/epub/, src/pdf/, src/site/) consumes. Writers never look at
 * the Markdown; they only see this.
 */
import type { ElementContent, Root as HastRoot } from 'hast';

export interface SourceAttribution {
  /** The publication the article first appeared in, when known. */
  publication?: string;
  /** Where the original can be read, when known. */
  url?: string;
  /** Agencies whose material the article includes. */
  wire: string[];
  /** The attribution note, shown verbatim. */
  note?: string;
  /** Outlets and documents the article quotes. */
  cited: string[];
}

export interface Metadata {
  title: string;
  subtitle?: string;
  authors: string[];
  /** ISO date (YYYY-MM-DD) of first publication. */
  date: string;
  /** BCP 47 language tag. */
  language: string;
  /** The digits the text writes its numbers in (Intl's numbering system: `arab` for ٢٠٢٤), where they are not its language's: galley writes its own numbers in them too (src/manuscript/rehype-digits.ts). */
  digits?: string;
  /** Which way the language is written; left to right when not set. */
  direction?: 'ltr' | 'rtl';
  /** The headline in runs, when the manuscript marks a run's language (`:span[Мёртвые души]{lang=ru}`); `title` is its plain text. */
  titleRuns?: LanguageRun[];
  /** The dek in runs, when the manuscript marks a run's language (`:span[Dead Souls]{lang=en}`); `subtitle` is its plain text. */
  subtitleRuns?: LanguageRun[];
  dateline?: string;
  /** The dateline in runs, when the manuscript marks a run's language (`:span[İzmit]{lang=tr}`); `dateline` is its plain text. */
  datelineRuns?: LanguageRun[];
  publisher?: string;
  source: SourceAttribution;
  rights?: string;
  keywords: string[];
  /** A collection's editors (collection.yaml `editors`); articles have authors instead. */
  editors?: string[];
  /**
   * galley's own words as the manuscript gives them (front matter `words`),
   * over its language's table (templates/words/): key → word, or plural forms.
   */
  words?: Record<string, string | ({ other: string } & Partial<Record<'zero' | 'one' | 'two' | 'few' | 'many', string>>)>;
}

export interface ImageAsset {
  /** Stable id, also the file stem inside an edition: `figure-1`. */
  id: string;
  /** The path as written in the manuscript, relative to its folder. */
  src: string;
  /** Absolute path on disk, always inside the manuscript folder. */
  path: string;
  mediaType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/svg+xml';
  extension: string;
  width: number;
  height: number;
  bytes: Buffer;
  /** A PNG or still GIF with a pixel that is not opaque (false when all are); absent for other pictures. */
  transparent?: boolean;
  /**
   * A long raster picture's bands of rows of one colour across, `[first, end)`
   * in its rows: where a writer may cut it into pieces without cutting through
   * ink (src/pdf/figures.ts, stripCuts). Absent for other pictures.
   */
  quietRows?: Array<[number, number]>;
}

export interface FontAsset {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** File name inside an edition, e.g. `literata-cyrillic-400-normal.woff2`; unique to its contents. */
  fileName: string;
  path: string;
  /** WOFF2 as loaded; the e-book ships TrueType/OpenType (src/epub/fonts.ts). */
  mediaType: 'font/woff2' | 'font/woff' | 'font/ttf' | 'font/otf';
  bytes: Buffer;
  /** The characters this file draws, as a CSS `unicode-range` value. */
  unicodeRange: string;
}

export interface Typeface {
  family: string;
  /** What the face sets: the text (in the order of the list), or code. */
  role: 'text' | 'code';
  /** Licence name, e.g. "SIL Open Font License 1.1". */
  license: string;
  /** Full licence text, shipped with every edition. */
  licenseText: string;
  copyright: string;
  fonts: FontAsset[];
}

/** What a picture is; a figure says so with `kind="…"` (photo by default). */
export const figureKinds = ['photo', 'graphic', 'map', 'illustration', 'chart'] as const;
export type FigureKind = (typeof figureKinds)[number];

/** A run of text, with its language (and direction, when it runs the other way from the text around it) when it is marked. */
export interface LanguageRun {
  text: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
}

export interface Credit {
  /** The figure this credit belongs to (`figure-1`). */
  figureId: string;
  /** 1-based figure number in reading order. */
  figureNumber: number;
  /** What the picture is: its `kind`, else what the credit's own label says, else photo. */
  kind: FigureKind;
  /** The credit as written: "Graphic: Tomasz Wiśniewski/The Harbor Ledger". */
  credit: string;
  /** The label the credit is written with ("Graphic"), when it starts with one. */
  label?: string;
  /** The label runs into the line with a space, as written: "Photograph by" Ann Smith. */
  labelJoined?: true;
  /** The credit without its label: "Tomasz Wiśniewski/The Harbor Ledger". */
  line: string;
  /** The line as content: its text, and a `<span lang>` for each name the credit marks with `:span[…]{lang=…}`. */
  lineContent?: ElementContent[];
  /** Who made the picture, each maker the credit names: the line without the agency ("Tomasz Wiśniewski"), "Ann Smith" and "Bo Li" for "Ann Smith and Bo Li"; none when it names no maker ("Campaign handout", "Ellison family"). */
  makers: string[];
  license?: string;
  /** The caption as plain text, to name the figure in end matter. */
  caption: string;
  /** The caption's inline content (emphasis, strong, code…; links as their text; no ids), for the end matter's copy. */
  captionContent: ElementContent[];
}

export interface GalleyDocument {
  /** Folder name of the manuscript, used for output file names. */
  slug: string;
  /** Absolute path of the manuscript folder. */
  dir: string;
  /** Absolute path of article.md. */
  file: string;
  metadata: Metadata;
  /**
   * The article body as hast. Figures are
   * `<figure id="figure-N"><img src="<asset id>" alt …><figcaption>…<p class="credit">…</p></figcaption></figure>`:
   * an `img` src is the id of an entry of `assets.images`; each writer maps it to its own URL.
   * Footnote references and footnotes carry `role="doc-noteref"` / `role="doc-footnote"`.
   */
  content: HastRoot;
  assets: {
    images: ImageAsset[];
    typefaces: Typeface[];
  };
  credits: Credit[];
  /** A stable identifier derived from the content: `urn:uuid:…`. */
  identifier: string;
  /** sha-256 of every input (text, images): the content fingerprint. */
  fingerprint: string;
  /**
   * The characters of the document no shipped typeface draws (the reader
   * has warned about them): the PDF and the cover show them as boxes.
   * Absent when there are none.
   */
  uncovered?: string[];
  /**
   * A collection (collection.yaml) is a document whose parts are its
   * articles, in order, each an article's own document. Their ids (headings,
   * figures, notes, pictures) are prefixed `part-N-`, so that they are unique
   * in the whole edition. A collection's `content` is empty; its `credits`
   * and `assets.images` are its parts' together, and its typefaces draw
   * every part's text.
   */
  parts?: GalleyDocument[];
  /** A collection's own cover picture (collection.yaml `cover`), when it names one. */
  cover?: CoverPicture;
}

export interface CoverPicture {
  image: ImageAsset;
  alt: string;
  /** The credit as written, and its parts as for a figure's credit. */
  credit: string;
  line: string;
  label?: string;
  labelJoined?: true;
  creator: string;
}

