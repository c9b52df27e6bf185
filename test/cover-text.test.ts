/**
 * The cover's words as a reader sees them, read from the layout satori makes
 * (its `<text>` elements: each a run of letters with its place and size, or
 * the outlines it draws): a long byline is shown whole, a dek in a script
 * with no italic is not slanted, Korean and Thai headlines break between
 * words, and no headline runs past the cover's column.
 */
import satori from 'satori';
import { beforeAll, describe, expect, it } from 'vitest';
import { COVER_WIDTH, COVER_HEIGHT, coverMarkup, type CoverInput } from '../src/cover.js';
import { coverTree } from '../src/cover-layout.js';
import { elements, type VNode } from '../src/cover-tree.js';

/** The column the template sets text in: the cover's width less 120 pixels each side. */
const COLUMN_RIGHT = COVER_WIDTH - 120;
const PAPER = '#f5f1e8';
const DEK = '#c3cbd5';

interface Run {
  x: number;
  y: number;
  width: number;
  size: number;
  fill: string;
  text: string;
}

/** The cover laid out as the editions get it, with its text as `<text>` runs. */
async function layout(input: Omit<CoverInput, 'width'>): Promise<Run[]> {
  const { tree, fonts } = await coverTree(coverMarkup(input), undefined, input.language);
  const svg = await satori(tree as Parameters<typeof satori>[0], { width: COVER_WIDTH, height: COVER_HEIGHT, fonts, embedFont: false });
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attributes, text]) => {
    const attribute = (name: string): string => new RegExp(`\\s?${name}="([^"]*)"`).exec(attributes!)?.[1] ?? '';
    return { x: Number(attribute('x')), y: Number(attribute('y')), width: Number(attribute('width')), size: Number(attribute('font-size')), fill: attribute('fill'), text: text! };
  });
}

/** The lines of some runs, top to bottom, each as its text (trimmed) and its right edge (without trailing spaces). */
function lines(runs: Run[]): Array<{ text: string; right: number }> {
  const byY = new Map<number, Run[]>();
  for (const run of runs) byY.set(run.y, [...(byY.get(run.y) ?? []), run]);
  return [...byY.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, line]) => {
      const sorted = line.sort((a, b) => a.x - b.x);
      const inked = sorted.filter((run) => run.text.trim() !== '');
      return { text: sorted.map((run) => run.text).join('').trim(), right: Math.max(...inked.map((run) => run.x + run.width)) };
    });
}

/** The headline's runs: the largest text on the cover, in the paper colour. */
function headline(runs: Run[]): Run[] {
  const size = Math.max(...runs.filter((run) => run.fill === PAPER).map((run) => run.size));
  return runs.filter((run) => run.fill === PAPER && run.size === size);
}

/** The dek's path (its outlines) in a cover's SVG, laid out with the dek's style changed by `restyle`. */
async function dekOutlines(input: Omit<CoverInput, 'width'>, restyle: (style: Record<string, unknown>) => Record<string, unknown> = (style) => style): Promise<string> {
  const { tree, fonts } = await coverTree(coverMarkup(input), undefined, input.language);
  for (const node of elements(tree)) {
    if (node.props.style?.color === DEK) node.props.style = restyle(node.props.style);
  }
  const svg = await satori(tree as VNode as Parameters<typeof satori>[0], { width: COVER_WIDTH, height: COVER_HEIGHT, fonts });
  const paths = [...svg.matchAll(/<path fill="([^"]*)" d="([^"]*)"/g)].filter(([, fill]) => fill === DEK).map(([, , d]) => d!);
  expect(paths).toHaveLength(1);
  return paths[0]!;
}

const longtitle = {
  title:
    'After Three Years of Hearings, Two Reports, a Change of Government and a Flood That Nobody Predicted, the Invented Town of Lower Marsham Finally Votes on Whether to Rebuild Its Old Stone Bridge or Replace It with a Ferry',
  subtitle:
    'A fictional story with a headline far longer than any editor would allow, to see how the cover, the title block and the running head cope with it; every name and number in it is invented for the purpose.',
  byline: 'Ann Example, Bartholomew Longname-Smythe, Chiara Esempio, Dmitri Primerov, and Eve Example',
  language: 'en',
};
const korean = { title: '서울의 골목 시장: 가상의 아침 풍경', subtitle: '가상의 기사입니다. 인물과 숫자는 모두 예시를 위해 만들어졌습니다.', byline: '김민수', language: 'ko' };
const thai = { title: 'ตลาดน้ำยามเช้า: เรื่องสมมติจากอัมพวา', subtitle: 'บทความสมมติ บุคคลและตัวเลขทั้งหมดถูกสร้างขึ้นเพื่อเป็นตัวอย่าง', byline: 'สมชาย ใจดี', language: 'th' };
const chinese = { title: '上海的早餐摊：一座城市的清晨', subtitle: '虚构文章。文中的人物、摊位和数字均为示例而编造。', byline: '王晓明和李娜', language: 'zh-Hans' };

describe('the words on the cover', () => {
  let long: Run[];
  let ko: Run[];
  let th: Run[];
  beforeAll(async () => {
    [long, ko, th] = await Promise.all([layout(longtitle), layout(korean), layout(thai)]);
  });

  it('shows every author of a long byline, on more than one line, below the dek and above the foot of the cover', () => {
    const byline = long.filter((run) => run.fill === PAPER && run.size <= 44);
    const shown = lines(byline);
    // A double-barrelled name is joined after its hyphen by a zero width joiner, which draws nothing.
    expect(shown.map((line) => line.text).join(' ').replaceAll('\u200d', '')).toBe(`By ${longtitle.byline}`);
    expect(shown.length).toBeGreaterThan(1);
    for (const line of shown) expect(line.right).toBeLessThanOrEqual(COLUMN_RIGHT + 0.5);
    const dekBottom = Math.max(...long.filter((run) => run.fill === DEK).map((run) => run.y));
    expect(Math.min(...byline.map((run) => run.y))).toBeGreaterThan(dekBottom);
    expect(Math.max(...byline.map((run) => run.y + run.size))).toBeLessThan(COVER_HEIGHT);
    // The headline gave up the room and is still whole (no ellipsis).
    expect(lines(headline(long)).map((line) => line.text).join(' ')).toBe(longtitle.title);
  });

  it('shows every name of a long Chinese byline, whose characters are twice as wide as Latin letters', async () => {
    const names = '王晓明、李娜、张伟、刘洋、陈静、杨帆、赵磊、黄丽、周杰、吴敏、徐涛、孙悦、郭子豪、林晓燕、何建国和马超';
    const runs = await layout({ ...chinese, byline: names });
    const byline = runs.filter((run) => run.fill === PAPER && run.size <= 44);
    const shown = lines(byline);
    expect(shown.map((line) => line.text).join('')).toBe(`文／${names}`);
    for (const line of shown) expect(line.right).toBeLessThanOrEqual(COLUMN_RIGHT + 0.5);
  });

  it('sets a Hebrew byline with a Latin name right to left, flush right: "Tom Hadley-ו ברגר נועה מאת", not "ו ברגר נועה מאת-Tom Hadley"', async () => {
    const runs = await layout({ title: 'איך מדפיסים לוח זמנים של מעבורת.', byline: 'נועה ברגר ו-Tom Hadley', language: 'he' });
    const byline = runs.filter((run) => run.fill === PAPER && run.size <= 44 && run.text.trim() !== '').sort((a, b) => a.x - b.x);
    // Left to right on the cover: the Latin name first, then the Hebrew words, "מאת" ("By") at the right edge of the column.
    const latin = byline.filter((run) => /[A-Za-z]/.test(run.text));
    const hebrew = byline.filter((run) => /\p{Script=Hebrew}/u.test(run.text));
    expect(latin.length).toBeGreaterThan(0);
    expect(Math.max(...latin.map((run) => run.x))).toBeLessThan(Math.min(...hebrew.map((run) => run.x)));
    expect(byline.at(-1)!.text).toContain('מאת');
    expect(byline.at(-1)!.x + byline.at(-1)!.width).toBeCloseTo(COLUMN_RIGHT, 0);
    // The headline's full stop ends it at its left, as a Hebrew sentence ends.
    const title = headline(runs).sort((a, b) => a.y - b.y || a.x - b.x);
    const last = title.filter((run) => run.y === title.at(-1)!.y && run.text.trim() !== '');
    expect(last[0]!.text.trim().startsWith('.')).toBe(true);
  });

  it('breaks a Korean headline between words, never inside one', () => {
    const shown = lines(headline(ko));
    expect(shown.length).toBeGreaterThan(1);
    // Lines ending inside a word would join into a title with a space in that word.
    expect(shown.map((line) => line.text).join(' ')).toBe(korean.title);
    for (const line of shown) expect(line.right).toBeLessThanOrEqual(COLUMN_RIGHT + 0.5);
  });

  it('breaks a Thai headline between its words and keeps it inside the column', () => {
    const shown = lines(headline(th));
    expect(shown.length).toBeGreaterThan(1);
    for (const line of shown) expect(line.right, line.text).toBeLessThanOrEqual(COLUMN_RIGHT + 0.5);
    expect(shown.map((line) => line.text).join('').replace(/\s/g, '')).toBe(thai.title.replace(/\s/g, ''));
    // Every line ends where a word ends (Intl.Segmenter's Thai words).
    const ends = new Set([...new Intl.Segmenter('th', { granularity: 'word' }).segment(thai.title.replace(/\s/g, ''))].map((s) => s.index + s.segment.length));
    let at = 0;
    for (const line of shown) {
      at += line.text.replace(/\s/g, '').length;
      expect(ends.has(at), line.text).toBe(true);
    }
  });

  it('sets a headline whose word is wider than the column smaller, or breaks that word at a syllable with a hyphen, or at the smallest size, never past the column', async () => {
    // A word a little too wide for the column at the largest size sets the headline smaller (to 101 px, over half its largest, 190).
    const shorter = { title: 'Die Personalabteilungsleiterin geht', language: 'de' };
    // One that would set it at less than half its largest size breaks instead (whole, it was set at 73 px).
    const compound = { title: 'Arbeitsunfähigkeitsbescheinigungen im Wandel', language: 'de' };
    const endless = { title: 'Donaudampfschiffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft', language: 'de' };
    // The same word in a language galley has no hyphenation patterns for (Vietnamese is not hyphenated).
    const unbreakable = { ...endless, language: 'vi' };
    const [shrunk, split, hyphenated, broken] = await Promise.all([layout(shorter), layout(compound), layout(endless), layout(unbreakable)]);
    for (const runs of [shrunk, split, hyphenated, broken]) {
      for (const line of lines(headline(runs))) expect(line.right, line.text).toBeLessThanOrEqual(COLUMN_RIGHT + 0.5);
    }
    // The shorter compound is whole, on lines that end between words, smaller than the largest size but over half of it.
    expect(lines(headline(shrunk)).map((line) => line.text).join(' ')).toBe(shorter.title);
    expect(headline(shrunk)[0]!.size).toBeLessThan(190);
    expect(headline(shrunk)[0]!.size).toBeGreaterThanOrEqual(95);
    // The longer one breaks once, at a syllable (here its joint), and the headline stays over half its largest size.
    expect(lines(headline(split)).map((line) => line.text)).toEqual(['Arbeitsunfähigkeits-', 'bescheinigungen', 'im Wandel']);
    expect(headline(split)[0]!.size).toBeGreaterThanOrEqual(95);
    // The endless word over several lines, each but the last ending in a hyphen the patterns allow, the word whole without them.
    const parts = lines(headline(hyphenated)).map((line) => line.text.replace(/\u00AD/g, ''));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts.slice(0, -1)) expect(part).toMatch(/\p{L}-$/u);
    expect(parts.map((part) => part.replace(/-$/, '')).join('')).toBe(endless.title);
    // Without patterns: at the smallest size, broken where it must.
    expect(lines(headline(broken)).length).toBeGreaterThan(1);
    expect(headline(broken)[0]!.size).toBe(64);
  });

  it('sets a dek in a script with no italic upright, as the editions do, and a Latin dek in its italic', async () => {
    const upright = (style: Record<string, unknown>) => ({ ...style, fontStyle: 'normal' });
    // Letters of the script only: a space or a full stop comes from Literata, whose italic is a real one.
    const deks = [
      { ...chinese, subtitle: '虚构文章。文中的人物、摊位和数字均为示例而编造。' },
      { ...korean, subtitle: '인물과숫자는모두예시를위해만들어졌습니다' },
      { ...thai, subtitle: 'บุคคลและตัวเลขทั้งหมดถูกสร้างขึ้นเพื่อเป็นตัวอย่าง' },
    ];
    for (const input of deks) {
      const [drawn, straight] = await Promise.all([dekOutlines(input), dekOutlines(input, upright)]);
      expect(drawn === straight, `${input.language} dek slanted`).toBe(true);
    }
    // The comparison can tell: Literata's italic is not its upright.
    const [italic, roman] = await Promise.all([dekOutlines(longtitle), dekOutlines(longtitle, upright)]);
    expect(italic === roman).toBe(false);
  });
});
