/**
 * Resolves every picture to a file inside the manuscript folder, numbers the
 * figures, and moves each credit from the figure into the document's credits
 * list. A picture without a figure (and so without a credit) is an error.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visitParents } from 'unist-util-visit-parents';
import type { VFile } from 'vfile';
import { imageSize } from 'image-size';
import { figureKinds, type FigureKind, type ImageAsset } from '../document.js';
import { fail, warn } from './diagnostics.js';
import { decodeProblem, decodeReason, inspectImage, quietRowsOf, sniff, tooManyPixels, transparencyOf, typeName } from './image-checks.js';
import { outlineSvgText } from './svg-text.js';
import { firstFrame, scaleImage } from './scale-image.js';
import { convertPicture, sniffConverted, type ConvertedType } from './convert-image.js';
import { describeCharacter } from '../typefaces.js';
import { asHyphen, bindVersions } from '../line-breaks.js';
import { sourceKey } from './rehype-unsafe-html.js';
import { scriptRuns } from '../language.js';
import { isSystemError, systemProblem } from '../system-error.js';

declare module 'vfile' {
  interface DataMap {
    images: ImageAsset[];
    credits: FigureCredit[];
  }
}

const MEDIA_TYPES: Record<string, ImageAsset['mediaType']> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

/** The extensions of the types converted to JPEG or PNG (./convert-image.ts). */
const CONVERTED: Record<string, ConvertedType> = {
  webp: 'WebP',
  avif: 'AVIF',
  tif: 'TIFF',
  tiff: 'TIFF',
};

/** A figure's credit as the figure gives it; the reader then reads the credit's label (src/manuscript/credit.ts). */
export interface FigureCredit {
  figureId: string;
  figureNumber: number;
  /** The figure's `kind`, when it has one. */
  kind?: FigureKind;
  credit: string;
  /** The credit's content: its text, and a span for each run marked with its language. */
  creditContent: ElementContent[];
  license?: string;
  caption: string;
  captionContent: ElementContent[];
}

export interface Options {
  /** The manuscript folder: images must be inside it. */
  dir: string;
}

/**
 * The figure a picture written outside one would be, as a directive to copy:
 * its source and description as written, the credit to fill in, and its
 * title, where it has one, as the caption under the directive's line.
 */
function figureAdvice(src: string, img: Element): string {
  const attribute = (value: string): string => (value.includes('"') ? `'${value}'` : `"${value}"`);
  const alt = typeof img.properties.alt === 'string' ? img.properties.alt : '';
  const title = typeof img.properties.title === 'string' ? img.properties.title.trim() : '';
  const directive = `:::figure{src=${attribute(src)} alt=${attribute(alt || '…')} credit="…"}`;
  return title
    ? `write it as \`${directive}\`, its caption ("${title}") on the line after and \`:::\` on the next`
    : `write it as \`${directive}\`, its caption on the line after and \`:::\` on the next`;
}

function isFigure(node: Element): boolean {
  return node.tagName === 'figure' && Array.isArray(node.properties.className) && node.properties.className.includes('figure');
}

export default function rehypeGalleyFigures(options: Options) {
  return async (tree: Root, file: VFile): Promise<void> => {
    const root = await realpath(options.dir);
    const images: ImageAsset[] = [];
    const credits: FigureCredit[] = [];
    const pending: Array<{ img: Element; figure: Element | undefined }> = [];

    visitParents(tree, 'element', (node: Element, ancestors) => {
      if (node.tagName !== 'img') return;
      const parent = ancestors[ancestors.length - 1];
      const figure = parent && parent.type === 'element' && isFigure(parent) ? parent : undefined;
      pending.push({ img: node, figure });
    });

    for (const { img, figure } of pending) {
      // A source rehype-sanitize removed (file:, data:…) is named as written.
      const src = typeof img.properties.src === 'string' ? img.properties.src : (file.data.unsafeSources?.[sourceKey(img)] ?? '');
      if (!figure) {
        fail(file, `picture \`${src}\` outside a figure: ${figureAdvice(src, img)}, so that it is published with its credit`, img, 'image-without-figure');
        continue;
      }
      const asset = await resolveImage(src, root, file, img);
      if (!asset) continue;
      const number = credits.length + 1;
      const id = `figure-${number}`;
      const existing = images.find((image) => image.path === asset.path);
      const image = existing ?? { ...asset, id };
      if (!existing) images.push(image);
      img.properties.src = image.id;
      img.properties.width = image.width;
      img.properties.height = image.height;

      const figcaption = figure.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
      const captionBlocks = figcaption
        ? figcaption.children.filter((child) => !(child.type === 'element' && Array.isArray(child.properties.className) && child.properties.className.includes('credit')))
        : [];
      const creditLine = figcaption?.children.find((child): child is Element => child.type === 'element' && Array.isArray(child.properties.className) && child.properties.className.includes('credit'));
      // The credit as it reads, and its content with the spans that mark a language (a copy, before the credit line's Greek is marked for capitals).
      const creditContent = creditLine ? inlineCopy([creditLine]) : [];
      const creditText = creditLine ? toString(creditLine) : String(figure.properties.dataCredit ?? '');
      if (creditLine) markCreditScripts(creditLine, file.data.frontMatter?.language ?? 'en');
      const captionContent = inlineCopy(captionBlocks);
      // The plain text of the same copy: without the note call, which would glue its number to the word before it ("town1").
      const captionText = captionContent
        .map((child) => toString(child))
        .join('')
        .replace(/\s+/g, ' ')
        .trim();
      const credit: FigureCredit = {
        figureId: id,
        figureNumber: number,
        credit: creditText,
        creditContent,
        caption: captionText,
        captionContent,
      };
      const kind = figure.properties.dataKind;
      if (typeof kind === 'string' && (figureKinds as readonly string[]).includes(kind)) credit.kind = kind as FigureKind;
      const license = figure.properties.dataLicense;
      if (typeof license === 'string' && license !== '') credit.license = bindVersions(license);
      credits.push(credit);
      figure.properties.id = id;
      delete figure.properties.dataCredit;
      delete figure.properties.dataLicense;
      delete figure.properties.dataKind;
    }
    file.data.images = images;
    file.data.credits = credits;
  };
}

/**
 * The credit line is set in capitals (both editions' CSS): a name in a script
 * whose capitals follow its language (Greek drops its accents) gets that
 * language, so that an English article prints ΚΩΝΣΤΑΝΤΙΝΟΣ, not ΚΩΝΣΤΑΝΤΊΝΟΣ.
 */
function markCreditScripts(credit: Element, language: string): void {
  credit.children = credit.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'text') return [child];
    return scriptRuns(child.value, language).map((run): ElementContent =>
      run.lang ? { type: 'element', tagName: 'span', properties: { lang: run.lang }, children: [{ type: 'text', value: run.text }] } : { type: 'text', value: run.text },
    );
  });
}

/** Inline elements a caption's copy keeps (its formatting); any other element gives way to its content. */
const INLINE = new Set(['em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'code', 'kbd', 'samp', 'var', 'abbr', 'cite', 'q', 'dfn', 'span', 'bdi', 'bdo', 'time', 'br']);
/** Attributes the copy keeps: language, direction, an abbreviation's expansion, a time's value. */
const KEPT_ATTRIBUTES = new Set(['lang', 'dir', 'title', 'dateTime']);

/**
 * A copy of the caption's inline content for the end matter: formatting kept,
 * links as their text (the copy points to the figure, not elsewhere), note
 * references dropped (their note is the article's), ids and classes dropped
 * (the figure has them). Paragraphs run on, a space apart.
 */
function inlineCopy(blocks: ElementContent[]): ElementContent[] {
  const copy = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      // A non-breaking hyphen as the text's are set (line-breaks.ts): the copy is made before they are.
      if (node.type === 'text') return [{ type: 'text', value: asHyphen(node.value) }];
      if (node.type !== 'element') return [];
      if (node.tagName === 'sup' && node.children.some((child) => child.type === 'element' && child.properties.dataFootnoteRef !== undefined)) return [];
      const children = copy(node.children);
      if (!INLINE.has(node.tagName)) return children;
      const properties = Object.fromEntries(Object.entries(node.properties).filter(([name]) => KEPT_ATTRIBUTES.has(name)));
      return [{ type: 'element', tagName: node.tagName, properties, children }];
    });
  const out: ElementContent[] = [];
  for (const block of blocks) {
    const content = copy([block]);
    if (content.length === 0) continue;
    if (out.length > 0) out.push({ type: 'text', value: ' ' });
    out.push(...content);
  }
  // Leading and trailing line breaks of the source are no part of the caption.
  const first = out[0];
  if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
  const last = out[out.length - 1];
  if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
  return out;
}

export async function resolveImage(src: string, root: string, file: VFile, node: Element): Promise<Omit<ImageAsset, 'id'> | undefined> {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    fail(file, `image \`${src}\` is not a file in the manuscript folder: editions load nothing from the network; download it into the folder (e.g. images/) and give its relative path`, node, 'image-remote');
    return undefined;
  }
  if (path.isAbsolute(src)) {
    fail(file, `image \`${src}\` is an absolute path: give a path relative to the manuscript folder, e.g. images/photo.jpg`, node, 'image-outside');
    return undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURI(src);
  } catch {
    fail(file, `image \`${src}\` is not a valid path: check the %-escapes, or write the file name as it is`, node, 'image-path');
    return undefined;
  }
  const candidate = path.resolve(root, decoded);
  if (!isInside(candidate, root)) {
    fail(file, `image \`${src}\` is outside the manuscript folder: copy it into the folder (e.g. images/) and refer to it there`, node, 'image-outside');
    return undefined;
  }
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    if (unreadable(error)) {
      fail(file, `image \`${src}\` cannot be read: ${systemProblem(error, 'read')}`, node, 'image-missing');
      return undefined;
    }
    const cased = await otherCase(root, path.relative(root, candidate));
    const reason = cased ? wrongCase(src, cased) : `image \`${src}\` not found: no file ${path.relative(process.cwd(), candidate)}; check the name and that it is inside the manuscript folder`;
    fail(file, reason, node, 'image-missing');
    return undefined;
  }
  // A system that ignores case (macOS, Windows) finds images/p.jpg for images/P.JPG, which
  // Linux, and so a build server, would not: the same error everywhere.
  const written = path.relative(root, candidate).normalize('NFC');
  const found = path.relative(root, real).normalize('NFC');
  if (found !== written && found.toLowerCase() === written.toLowerCase()) {
    fail(file, wrongCase(src, found.split(path.sep).join('/')), node, 'image-missing');
    return undefined;
  }
  if (!isInside(real, root)) {
    fail(file, `image \`${src}\` links to a file outside the manuscript folder: copy the file in instead`, node, 'image-outside');
    return undefined;
  }
  if (!(await stat(real)).isFile()) {
    fail(file, `image \`${src}\` is a folder, not an image file: name the file inside it`, node, 'image-missing');
    return undefined;
  }
  const extension = path.extname(real).slice(1).toLowerCase();
  const declared = MEDIA_TYPES[extension];
  if (!declared && !CONVERTED[extension] && extension !== 'heic' && extension !== 'heif') {
    fail(file, `image \`${src}\` has an unsupported type \`.${extension}\`: use JPEG, PNG, GIF or SVG (WebP, AVIF and TIFF are converted)`, node, 'image-type');
    return undefined;
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch (error) {
    if (!unreadable(error)) throw error;
    fail(file, `image \`${src}\` cannot be read: ${systemProblem(error, 'read')}`, node, 'image-missing');
    return undefined;
  }
  // The type is the bytes', whatever the name says: an image service's WebP is often saved under a .jpg name.
  const foreign = sniffConverted(bytes);
  if (foreign === 'HEIC') {
    fail(file, `image \`${src}\` is a HEIC picture (as phones save photographs), which galley cannot read: export it as JPEG (on an iPhone, share it or set Settings › Camera › Formats to Most Compatible)`, node, 'image-type');
    return undefined;
  }
  let mediaType: ImageAsset['mediaType'];
  if (foreign) {
    // Its size from its header, before anything decodes it: a picture of a billion pixels is refused, not converted.
    let header: { width?: number; height?: number } = {};
    try {
      header = imageSize(bytes);
    } catch {
      // Told as damaged by the conversion below.
    }
    const tooLarge = header.width && header.height ? tooManyPixels(header.width, header.height) : undefined;
    if (tooLarge) {
      fail(file, `image \`${src}\` ${tooLarge}`, node, 'limit-pixels');
      return undefined;
    }
    let converted: Awaited<ReturnType<typeof convertPicture>>;
    try {
      converted = await convertPicture(foreign, bytes);
    } catch (error) {
      fail(file, `image \`${src}\` is a damaged ${foreign} picture (${decodeReason(error)}): export it again`, node, 'image-damaged');
      return undefined;
    }
    const frames = converted.frames > 1 ? ` (its first frame of ${converted.frames}, as print must)` : '';
    const kind = converted.mediaType === 'image/png' ? 'PNG' : 'JPEG';
    warn(file, `image \`${src}\` is ${foreign === 'AVIF' ? 'an' : 'a'} ${foreign} picture, which e-book readers need not show: both editions carry it as a ${kind}${frames}; to choose how it is converted, convert it yourself`, node, 'image-converted');
    bytes = converted.bytes;
    mediaType = converted.mediaType;
  } else if (declared) {
    mediaType = declared;
  } else {
    // Named as a converted type, and not one: said as a picture named for the wrong type is.
    const named = CONVERTED[extension] ?? 'HEIC';
    const actual = sniff(bytes);
    const reason =
      bytes.length === 0
        ? 'is an empty file (0 bytes): copy the picture again, or download it again'
        : actual
          ? `is ${typeName(actual)} file, although its name says ${named}: rename it to match (and change the figure's src)`
          : `is not ${named === 'AVIF' ? 'an' : 'a'} ${named} file, nor any picture galley knows (JPEG, PNG, GIF, SVG, WebP, AVIF, TIFF): the file is damaged or not a picture`;
    fail(file, `image \`${src}\` ${reason}`, node, bytes.length === 0 ? 'image-unreadable' : 'image-type');
    return undefined;
  }
  const inspection = inspectImage(mediaType, bytes);
  if (!inspection.ok) {
    fail(file, `image \`${src}\` ${inspection.reason}`, node, inspection.rule);
    return undefined;
  }
  let published = inspection.bytes;
  if (inspection.dropped) warn(file, `image \`${src}\`: ${inspection.dropped}`, node, 'image-svg-font');
  if (mediaType === 'image/svg+xml') {
    const outlined = await outlineSvgText(published, file.data.frontMatter?.language ?? 'en');
    for (const char of outlined.uncovered) {
      warn(file, `image \`${src}\` writes ${describeCharacter(char)}, which no shipped typeface draws: the picture leaves it out; draw it as a shape or use other letters`, node, 'character-uncovered');
    }
    published = outlined.bytes;
  }
  if (mediaType === 'image/gif') {
    let still: Awaited<ReturnType<typeof firstFrame>>;
    try {
      still = await firstFrame(published);
    } catch (error) {
      fail(file, damagedData(src, mediaType, decodeReason(error)), node, 'image-damaged');
      return undefined;
    }
    if (still) {
      const { frames, durationMs, loops } = still.animation;
      const seconds = `${(durationMs / 1000).toFixed(1)} s`;
      warn(
        file,
        `image \`${src}\` is animated (${frames} frames, ${seconds}${loops ? ', looping' : ''}): both editions show its first frame, as print must; an e-book cannot give a reader a way to pause a picture that moves, and declares it has no motion hazard; ` +
          'to show the motion, link to it as a video, or set its frames side by side as one picture',
        node,
        'image-animated',
      );
      published = still.bytes;
    }
  }
  // Scaling decodes the picture; one left as it is is decoded here, so that damage in its image data is told at the figure.
  let scaled: Awaited<ReturnType<typeof scaleImage>>;
  try {
    scaled = await scaleImage(mediaType, published, inspection.width, inspection.height);
  } catch (error) {
    fail(file, damagedData(src, mediaType, decodeReason(error)), node, 'image-damaged');
    return undefined;
  }
  const problem = scaled.scaled ? undefined : await decodeProblem(mediaType, scaled.bytes);
  if (problem) {
    fail(file, damagedData(src, mediaType, problem), node, 'image-damaged');
    return undefined;
  }
  const transparent = await transparencyOf(mediaType, scaled.bytes);
  const quietRows = await quietRowsOf(mediaType, scaled.bytes, scaled.width, scaled.height);
  return {
    src,
    path: real,
    mediaType,
    extension: mediaType === 'image/jpeg' ? 'jpg' : mediaType === 'image/png' ? 'png' : extension,
    width: scaled.width,
    height: scaled.height,
    bytes: scaled.bytes,
    ...(transparent === undefined ? {} : { transparent }),
    ...(quietRows === undefined ? {} : { quietRows }),
  };
}

function wrongCase(src: string, cased: string): string {
  return `image \`${src}\` not found: did you mean ${cased}? names are case-sensitive (on a build server if not on this computer): write src="${cased}"`;
}

/** A file that is there but that galley may not read (its permissions), as against one that is missing. */
function unreadable(error: unknown): error is NodeJS.ErrnoException {
  return isSystemError(error) && (error.code === 'EACCES' || error.code === 'EPERM');
}

/**
 * The one file in `root` whose path differs from `relative` only in the case
 * of its letters, as `/`-separated path; undefined when there is none, or
 * more than one.
 */
async function otherCase(root: string, relative: string): Promise<string | undefined> {
  let dir = root;
  const found: string[] = [];
  for (const part of relative.split(path.sep)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    const same = names.filter((name) => name.normalize('NFC').toLowerCase() === part.normalize('NFC').toLowerCase());
    if (same.length !== 1) return undefined;
    found.push(same[0]!);
    dir = path.join(dir, same[0]!);
  }
  return found.join('/');
}

function damagedData(src: string, mediaType: ImageAsset['mediaType'], reason: string): string {
  const type = mediaType === 'image/jpeg' ? 'JPEG' : mediaType === 'image/png' ? 'PNG' : 'GIF';
  return `image \`${src}\` cannot be decoded: its ${type} image data is damaged (${reason}); export it again`;
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  // `..pic.png` is a file in the folder; only `..` itself or `../…` leaves it.
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}
