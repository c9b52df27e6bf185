/**
 * Text that must fit a box on the cover. The template marks it with
 * `data-fit-width`, `data-fit-height`, `data-fit-min` and `data-fit-max`
 * (pixels): its font size becomes the largest whole size between min and max
 * at which the text, set `data-fit-width` wide, is at most `data-fit-height`
 * tall with no word sticking out of it. If even the smallest size is too
 * tall, the text is set at the smallest size and cut after the last line
 * that fits, with an ellipsis; a word still too wide is broken.
 *
 * A word too wide for its box even at the smallest size (a German compound)
 * is first given soft hyphens (`FitOptions.hyphenate`) and fitted again: it
 * then breaks at a syllable, and a hyphen is drawn at each line it ends
 * (satori breaks at a soft hyphen but draws nothing there), in room kept
 * for it at the box's end.
 */
import { elements, type VNode } from './cover-tree.js';

export const FIT_PROPS = ['data-fit-width', 'data-fit-height', 'data-fit-min', 'data-fit-max'] as const;

/** The height in pixels of `node` laid out `width` pixels wide; Infinity when its text reaches out of `within` (from, to; by default 0 to `width`). */
export type Measure = (node: VNode, width: number, within?: [number, number]) => Promise<number>;

/** The box a `data-fit-*` element asks for. */
export interface FitBox {
  width: number;
  height: number;
  min: number;
  max: number;
}

/** The box of an element marked with `data-fit-*`, or undefined for one that is not marked. */
export function fitBox(node: VNode): FitBox | undefined {
  if (!FIT_PROPS.some((key) => key in node.props)) return undefined;
  const [width, height, min, max] = FIT_PROPS.map((key) => Number(node.props[key])) as [number, number, number, number];
  if (![width, height, min, max].every((n) => Number.isFinite(n) && n > 0) || min > max) {
    throw new Error(`The cover template needs all of ${FIT_PROPS.join(', ')} as positive numbers.`);
  }
  return { width, height, min, max };
}

/**
 * `node` alone, as it is measured: at `size`, `width` wide, its height its own.
 * (Exported for the tests, which measure what fitText chose.)
 */
export function probe(node: VNode, size: number, width: number, children = node.props.children): VNode {
  return {
    type: node.type,
    props: {
      ...node.props,
      children,
      style: { ...(node.props.style ?? {}), fontSize: size, width, margin: 0, flexGrow: 0, flexShrink: 0, height: 'auto' },
    },
  };
}

/**
 * Text the cover cuts: too long for its box even at the smallest size. `field`
 * is what the template's `data-fit-field` says the text is (`title`,
 * `subtitle`, `authors`, `contents.2.title`…), `lines` how many of its lines
 * the cover shows.
 */
export interface FitCut {
  field: string;
  text: string;
  lines: number;
}

/** The text of an element, its children's joined. */
function textOf(node: VNode['props']['children']): string {
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (typeof node === 'string') return node;
  return node ? textOf(node.props.children) : '';
}

/** Soft hyphens on the cover, for a word too wide for its box (see the top of this file). */
export interface FitOptions {
  /** `text` with soft hyphens in its words longer than `longest` letters, in `language` (the element's `lang`, else the cover's). */
  hyphenate?: (text: string, language: string | undefined, longest: number) => string;
  /** Which of `node`'s soft hyphens (0-based, in text order) end a line, laid out `width` wide. */
  lineEnds?: (node: VNode, width: number) => Promise<number[]>;
}

const SOFT_HYPHEN = '\u00AD';
/** A letter's average width in the cover's faces, in em, to guess how many fit a line. */
const LETTER_EM = 0.6;

/** `children` with each string mapped. */
function mapText(children: VNode['props']['children'], map: (text: string) => string): VNode['props']['children'] {
  if (Array.isArray(children)) return children.map((child) => mapText(child, map) as (typeof children)[number]);
  if (typeof children === 'string') return map(children);
  if (children && typeof children === 'object') return { ...children, props: { ...children.props, children: mapText(children.props.children, map) } };
  return children;
}

/** Sets the font size of every `data-fit-*` element of the tree (see the top of this file); returns the texts still cut. */
export async function fitText(root: VNode, measure: Measure, options: FitOptions = {}): Promise<FitCut[]> {
  const cuts: FitCut[] = [];
  for (const node of elements(root)) {
    const box = fitBox(node);
    if (!box) continue;
    const { width, height, min, max } = box;
    let style = node.props.style ?? {};
    // Where the text must stay: the box, less the room kept for a hyphen once the text is hyphenated.
    let within: [number, number] = [0, width];
    const fits = async (size: number) => (await measure(probe(node, size, width), width, within)) <= height;

    // Largest whole pixel size that fits, by bisection: fits(lo) holds (or lo
    // is min - 1, not measured), fits(hi) does not (or hi is max + 1). The
    // largest size is tried first, as most short texts fit there; the
    // smallest is measured only if the bisection comes down to it.
    const largest = async (): Promise<number> => {
      let lo = min - 1;
      let hi = max + 1;
      if (await fits(max)) lo = max;
      else hi = max;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await fits(mid)) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    let lo = await largest();
    let hyphenated = false;
    /** The text with soft hyphens in its words too long for a line at `size`; false when it has none such. */
    const hyphenateAt = (size: number): boolean => {
      const language = typeof node.props.lang === 'string' ? node.props.lang : undefined;
      // About the letters of a line at that size (Literata's bold averages some 0.6 em): only words longer break.
      const longest = Math.max(6, Math.floor(width / (size * LETTER_EM)) - 1);
      const children = mapText(node.props.children, (text) => options.hyphenate!(text, language, longest));
      if (textOf(children) === textOf(node.props.children)) return false;
      // Room for the hyphen at the end of the box (its start, right to left), inside the width measured.
      const rtl = style.textAlign === 'right';
      const room = Math.ceil(max * 0.4);
      node.props.children = children;
      node.props.style = style = { ...style, [rtl ? 'paddingLeft' : 'paddingRight']: room };
      within = rtl ? [room, width] : [0, width - room];
      return true;
    };
    // Below `data-fit-break` (the headline's), a word too wide for the box at the next size up (a Finnish or
    // German compound) breaks at a syllable rather than set the whole text smaller: shrunk for its one word, a
    // headline came out at the dek's size ("Lentokonesuihkuturbiinimoottoriapumekaanikko sai vihdoin
    // työpaikan", 67 px, its dek 66). It breaks into as few even pieces as let the text be set that large:
    // first as few as a line one size up holds (two, "Lentokonesuihkuturbiini-" / "moottoriapumekaanikko"),
    // else as many as a line at that size holds. A word too wide even at the smallest size breaks the same way.
    const breakAt = Math.max(min, Number(node.props['data-fit-break'] ?? min));
    if (options.hyphenate && (lo < min || (lo < breakAt && (await measure(probe(node, lo + 1, width), width, within)) === Infinity))) {
      const whole = { children: node.props.children, style, within, lo };
      const attempt = async (size: number) => {
        node.props.children = whole.children;
        node.props.style = style = whole.style;
        within = whole.within;
        const broken = hyphenateAt(size);
        return { children: node.props.children, style, within, lo: broken ? await largest() : whole.lo, broken };
      };
      const few = await attempt(Math.max(min, lo + 1));
      const many = few.lo >= breakAt || !few.broken ? few : await attempt(breakAt);
      const best = [few, many].filter((choice) => choice.broken && choice.lo >= (whole.lo < min ? min : breakAt)).sort((a, b) => b.lo - a.lo)[0] ?? (whole.lo < min && few.broken ? few : undefined);
      ({ children: node.props.children, style, within, lo } = best ?? whole);
      node.props.style = style;
      hyphenated = best !== undefined;
    }
    if (lo >= min) {
      node.props.style = { ...style, fontSize: lo };
    } else {
      // Too long even at the smallest size: keep the lines that fit.
      const lineHeight = await measure(probe(node, min, width, 'X'), width);
      const lines = Math.max(1, Math.floor(height / lineHeight));
      node.props.style = {
        ...style,
        fontSize: min,
        display: 'block',
        width,
        // Balancing would even out all the lines, including the hidden ones.
        textWrap: 'wrap',
        // A word wider than the box even at this size is broken rather than run off the cover.
        overflowWrap: 'break-word',
        lineClamp: lines,
      };
      // Cut, or only a word broken to fit? Its whole height, set as it now is but not clamped, against its
      // clamped height says. Not against the box's: a line in a face taller than the Latin "X" measured above
      // (Amiri's Urdu is 35 px where "X" is 30) overflows the box by a few pixels without losing a word.
      const unclamped = probe(node, min, width);
      delete unclamped.props.style!.lineClamp;
      const [whole, shown] = await Promise.all([measure(unclamped, width), measure(probe(node, min, width), width)]);
      if (whole > Math.max(height, shown) + 0.5) {
        const field = node.props['data-fit-field'];
        cuts.push({ field: typeof field === 'string' ? field : '', text: textOf(node.props.children).replaceAll(SOFT_HYPHEN, ''), lines });
      }
    }
    if (hyphenated && options.lineEnds) {
      // A hyphen where a line ends at a soft hyphen; the others stay, and draw nothing.
      const ends = new Set(await options.lineEnds(probe(node, Number(node.props.style?.fontSize ?? min), width), width));
      let n = 0;
      node.props.children = mapText(node.props.children, (text) => text.replace(/\u00AD/g, () => (ends.has(n++) ? '-' : SOFT_HYPHEN)));
    }
  }
  return cuts;
}
