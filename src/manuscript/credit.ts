/**
 * What a credit line says besides the name: a credit may start with its own
 * label ("Graphic: Tomasz Wiśniewski/The Harbor Ledger"). The editions print
 * a label before every credit, from the picture's kind; a credit that has
 * one already keeps it, so that no edition says "Photo: Graphic: …".
 */
import type { ElementContent } from 'hast';
import { toString } from 'hast-util-to-string';
import type { FigureKind } from '../document.js';

/**
 * Words a credit's label is recognised by, and the kind each names, in the
 * languages galley speaks: every word its tables print for a kind
 * (templates/words/*.json: "Fot.", "摄影", "تصوير"; the words-tables test
 * holds them to it) and what authors commonly write besides ("Zdjęcie",
 * "照片", "Bild"). This is what authors write in manuscripts, not what the
 * editions print: the printed labels live in templates/words/. Where a word
 * means one kind in one language and another in the next, the nearer kind is
 * kept (graphic and chart are printed alike).
 */
const LABELS: Record<FigureKind, string[]> = {
  photo: [
    'photo', 'photos', 'photograph', 'photographs', 'photography', 'picture', 'pictures', 'image', 'images',
    'foto', 'fotos', 'fotografie', 'fotografia', 'fotografía', 'fotografias', 'fotka', 'snímek', 'zdjęcie', 'zdjęcia', 'fot', 'zdj',
    'bild', 'bilder', 'beeld', 'photographie', 'phot', 'imagen', 'immagine', 'imagem', 'fotoğraf',
    'фото', 'фотография', 'фотографія', 'снимок', 'знімок', 'φωτογραφία', 'φωτογραφίες', 'φωτ',
    'фотографија', 'fotografija', 'ფოტო', 'ფოტოსურათი', 'լուսանկար', 'լուսանկարը', 'լուսանկարներ', 'լուսանկարները',
    'צילום', 'צילומים', 'תמונה', 'تصوير', 'صورة', 'صور', 'عکس', 'عکس‌ها', 'تصویر',
    'फ़ोटो', 'फोटो', 'छायाचित्र', 'រូបថត', 'ảnh', 'hình', 'hình ảnh',
    '写真', '撮影', '摄影', '攝影', '照片', '图片', '圖片',
    '사진', 'ภาพ', 'ภาพถ่าย',
    'fotó', 'kép', 'kuva', 'kuvat', 'valokuva', 'снимка',
    'nuotrauka', 'nuotraukos', 'nuotr', 'fotogrāfija', 'fotod',
    'ছবি', 'আলোকচিত্র', 'ফটো', 'புகைப்படம்', 'ஒளிப்படம்', 'படம்', 'فوٹو', 'gambar',
  ],
  graphic: ['graphic', 'graphics', 'infographic', 'grafika', 'grafik', 'grafica', 'infographie', 'infografia', 'infografía', 'infografik', 'İnfografik', 'графика', 'графіка', 'инфографика', 'infografika', 'გრაფიკა', 'ინფოგრაფიკა', 'գրաֆիկա', 'ինֆոգրաֆիկա', 'γράφημα', 'גרפיקה', 'رسم بياني', 'گرافیک', 'اینفوگرافیک', 'ग्राफ़िक', 'ग्राफिक', 'グラフィック', '图表', '圖表', '그래픽', '인포그래픽', 'กราฟิก', 'อินโฟกราฟิก', 'đồ họa', 'đồ hoạ', 'grafică', 'grafikk', 'grafiikka', 'grafis', 'gràfic', 'graafika', 'infograafika', 'infografikas', 'গ্রাফিক', 'গ্রাফিক্স', 'வரைகலை', 'گرافک', 'گرافکس'],
  map: ['map', 'maps', 'cartography', 'mapa', 'karte', 'carte', 'mappa', 'kaart', 'karta', 'harita', 'карта', 'мапа', 'რუკა', 'քարտեզ', 'քարտեզը', 'χάρτης', 'מפה', 'خريطة', 'نقشه', 'मानचित्र', 'नक्शा', 'ផែនទី', '地図', '地图', '地圖', '지도', 'แผนที่', 'bản đồ', 'hartă', 'kart', 'kort', 'kartta', 'peta', 'térkép', 'zemljevid', 'žemėlapis', 'žemėlapiai', 'মানচিত্র', 'ম্যাপ', 'வரைபடம்', 'نقشہ'],
  illustration: ['illustration', 'illustrations', 'drawing', 'artwork', 'ilustracja', 'ilustrace', 'ilustración', 'ilustração', 'illustrazione', 'illustratie', 'İllüstrasyon', 'rys', 'il', 'иллюстрация', 'ілюстрація', 'илустрација', 'ilustracija', 'ილუსტრაცია', 'նկարազարդում', 'նկարազարդումը', 'εικονογράφηση', 'איור', 'رسم', 'تصویرگری', 'चित्रांकन', 'គំនូរ', 'イラスト', '插图', '插圖', '일러스트', '삽화', 'ภาพวาดประกอบ', 'ภาพวาด', 'minh họa', 'minh hoạ', 'ilustrație', 'illustrasjon', 'piirros', 'ilustrasi', 'il·lustració', 'illusztráció', 'ilustrácia', 'илюстрация', 'iliustracija', 'ilustrācija', 'illustratsioon', 'অলংকরণ', 'চিত্রণ', 'ஓவியம்', 'خاکہ'],
  chart: ['chart', 'charts', 'diagram', 'diagramm', 'graf', 'graphique', 'gráfica', 'gráfico', 'grafico', 'grafiek', 'wykres', 'диаграмма', 'график', 'діаграма', 'графік', 'графикон', 'grafikon', 'дијаграм', 'dijagram', 'დიაგრამა', 'გრაფიკი', 'գծապատկեր', 'գծապատկերը', 'դիագրամ', 'διάγραμμα', 'תרשים', 'مخطط', 'نمودار', 'चार्ट', 'គំនូសតាង', 'グラフ', '统计图', '統計圖', '도표', '차트', '그래프', 'แผนภูมิ', 'กราฟ', 'biểu đồ', 'đồ thị', 'grafic', 'kaavio', 'diagrama', 'диаграма', 'diagramma', 'grafikas', 'diagrammas', 'চার্ট', 'লেখচিত্র', 'விளக்கப்படம்', 'چارٹ', 'carta'],
};

/**
 * Whether a credit's label agrees with a figure's kind: the same kind, or a
 * graphic and a chart, which the labels do not tell apart ("Diagram",
 * "Grafik", "Gráfico" name either; both editions print them alike).
 */
export function labelAgreesWithKind(labelKind: FigureKind, kind: FigureKind): boolean {
  const data: readonly FigureKind[] = ['graphic', 'chart'];
  return labelKind === kind || (data.includes(labelKind) && data.includes(kind));
}

/** A label as it is looked up: lower case, composed. */
function labelKey(word: string): string {
  return word.normalize('NFC').toLowerCase();
}

const LABEL_WORDS = new Map<string, FigureKind>(
  (Object.entries(LABELS) as Array<[FigureKind, string[]]>).flatMap(([kind, words]) => words.map((word): [string, FigureKind] => [labelKey(word), kind])),
);

/**
 * Words that join a kind to its maker's name, as authors write a credit
 * without a colon: "Photograph by Ann Smith", "Foto von Hans Meier", "Photo de
 * Jean Dupont", "Foto di Mario Rossi", "Foto door Jan de Vries", "Foto av Sven
 * Berg". A credit written so keeps its words, and no edition adds a label.
 */
const BY_WORDS = new Set(['by', 'von', 'de', 'di', 'par', 'door', 'av']);

/**
 * The most words, and characters, of a label an author writes in a language
 * galley has no words for ("Picha: …", "Courtesy of the artist: …"):
 * a short phrase before a colon is taken as the credit's own label; a longer
 * one is part of the credit.
 */
const OWN_LABEL_WORDS = 4;
const OWN_LABEL_LENGTH = 32;

/** Abbreviated labels, which may end with their full stop and no colon: "Fot. Jan Nowak". */
const ABBREVIATIONS = new Set(['fot', 'zdj', 'rys', 'il', 'phot', 'φωτ']);

/** The kind a label names ("Zdjęcie", "Photo illustration": its last word), or undefined when it names none. */
export function labelKindOf(label: string): FigureKind | undefined {
  const words = label.trim().replace(/[.:：՝]+$/u, '').split(/[ -]/);
  return LABEL_WORDS.get(labelKey(words.join(' '))) ?? LABEL_WORDS.get(labelKey(words[words.length - 1]!));
}

export interface CreditParts {
  /** The label as written ("Graphic", "Photo illustration"), when the credit starts with one. */
  label?: string;
  /** The kind the label names, when it is one galley knows ("Photo", "Karte"); a label in another language ("Picha") names none. */
  labelKind?: FigureKind;
  /** The label runs into the line with a space, as written, not a colon: "Photograph by" Ann Smith. */
  labelJoined?: true;
  /** The credit without its label. */
  line: string;
  /** The person or organisation who made the picture: the line up to the first slash (the wire convention "Name/Agency"). */
  creator: string;
  /** Each maker the creator names: two people for "Ann Smith and Bo Li" (makersOf); the creator alone otherwise; none for ''. */
  makers: string[];
}

/**
 * Splits "Graphic: Tomasz Wiśniewski/The Harbor Ledger" into label, line and
 * creator. A label is one or two words naming a kind, then a colon (a
 * full-width one too: "摄影：陈伟"; or the Armenian ՝ that stands for it:
 * "Լուսանկարը՝ Անի Պետրոսյան"), or an abbreviation and its full stop
 * ("Fot. Jan Nowak", kept with its stop as the label "Fot."); or a kind and
 * "by" ("Photograph by Ann Smith", "Foto von …"), kept as written; or any
 * other short phrase before a colon ("Picha: Amani Juma", "Source: Eurostat"),
 * the author's own label in words galley does not know.
 */
export function creditParts(credit: string): CreditParts {
  const text = credit.trim();
  // A word may hold Catalan's middle dot: "Il·lustració".
  const match = /^([\p{L}\p{M}][\p{L}\p{M}·]*(?:[ -][\p{L}\p{M}][\p{L}\p{M}·]*)?)(\.?)\s*([:：՝]?)\s*(\S.*)$/su.exec(text);
  if (match) {
    const [, words, stop, colon, rest] = match as unknown as [string, string, string, string, string];
    const labelKind = labelKindOf(words);
    const abbreviated = stop === '.' && ABBREVIATIONS.has(labelKey(words));
    if (labelKind !== undefined && (colon !== '' || abbreviated)) {
      const line = rest.trim();
      return withMakers({ label: abbreviated ? `${words}.` : words, labelKind, line, creator: creatorOf(line) });
    }
  }
  const joined = /^([\p{L}\p{M}]+(?:[ -][\p{L}\p{M}]+)?)\s+(\p{Ll}+)\s+(\S.*)$/su.exec(text);
  if (joined) {
    const [, words, by, rest] = joined as unknown as [string, string, string, string];
    const labelKind = labelKindOf(words);
    if (labelKind !== undefined && BY_WORDS.has(by)) {
      const line = rest.trim();
      return withMakers({ label: `${words} ${by}`, labelKind, labelJoined: true, line, creator: creatorOf(line) });
    }
  }
  const own = /^([^\s:：՝/.,;()[\]\d][^:：՝/.,;()[\]\d]*?)\s*[:：՝]\s*(\S.*)$/su.exec(text);
  if (own) {
    const [, label, rest] = own as unknown as [string, string, string];
    if (label.length <= OWN_LABEL_LENGTH && label.split(/\s+/).length <= OWN_LABEL_WORDS && /^[\p{L}\p{M}\s'’-]+$/u.test(label)) {
      const line = rest.trim();
      return withMakers({ label, line, creator: SOURCE_LABEL.test(label) ? '' : creatorOf(line) });
    }
  }
  return withMakers({ line: text, creator: creatorOf(text) });
}

/** The parts with their makers (makersOf): a list after a plural label ("Photos:", "Fotos:") is one at its commas too. */
function withMakers(parts: Omit<CreditParts, 'makers'>): CreditParts {
  if (parts.creator === '') return { ...parts, makers: [] };
  // A list of makers is read whole, before a long maker is cut at its first comma (creatorOf); the creator is then the list.
  const listed = makersOf(makerPart(parts.line), parts.label !== undefined && PLURAL_LABEL.test(parts.label));
  return listed.length > 1 ? { ...parts, creator: makerPart(parts.line), makers: listed } : { ...parts, makers: [parts.creator] };
}

/**
 * Words that join two makers' names, in the languages galley speaks: "Ann Smith and Bo Li", "Anna Schmidt und
 * Bo Lindqvist", "Анна Ковальчук и Сергей Ёлкин".
 */
const AND_WORDS = ['and', '&', 'und', 'et', 'y', 'e', 'en', 'och', 'og', 'ja', 'i', 'oraz', 'a', 'és', 've', 'și', 'şi', 'и', 'і', 'та', 'και'];
const AND = `(?:${AND_WORDS.join('|')})`;

/** A label naming more than one picture ("Photos", "Fotos", "Photographs", "Zdjęcia", "Фотографии"): its line may list makers with commas alone. */
const PLURAL_LABEL = /(?:s|zdjęcia|fotografie|фотографии|фото)\.?$/iu;

/** Particles that stand in a person's name uncapitalised: "Ludwig van Beethoven", "Sebastián de la Fuente". */
const PARTICLES = new Set(['de', 'da', 'das', 'do', 'dos', 'del', 'della', 'di', 'du', 'la', 'le', 'van', 'von', 'der', 'den', 'ter', 'ten', 'zu', 'bin', 'ibn', 'al', 'el', 'y']);

/** Articles that open a publication's or an organisation's name, never a person's: "The Herald", "Der Spiegel". */
const ARTICLES = new Set(['the', 'der', 'die', 'das', 'le', 'la', 'les', 'el', 'los', 'las', 'il', 'lo', 'gli', 'de', 'het', 'o', 'os', 'a', 'as']);

/**
 * Whether a piece of a credit reads as one person's name: two to five words, the first and the last capitalised, the
 * others capitalised or particles, no digits. "Recreation", "Reuters", "Department of Parks" are not.
 */
function isPersonName(piece: string): boolean {
  const words = piece.split(/\s+/u);
  if (words.length < 2 || words.length > 5 || /\d/u.test(piece) || ARTICLES.has(words[0]!.toLowerCase())) return false;
  const capitalised = (word: string): boolean => /^\p{Lu}[\p{L}\p{M}'’.-]*$/u.test(word);
  return capitalised(words[0]!) && capitalised(words.at(-1)!) && words.every((word) => capitalised(word) || PARTICLES.has(word));
}

/**
 * The people a credit's maker names: "Ann Smith and Bo Li" is two makers, each a contributor in the e-book's
 * metadata (calibre and library apps listed "Ann Smith and Bo Li" as one photographer), and so is "Anna Schmidt,
 * Bo Lindqvist" after a plural label. Only where every piece reads as a person's name: "Department of Parks and
 * Recreation", "Smith & Wesson", "Ann Smith, Reuters" and "Sebastián de la Fuente y Castellanos" stay whole.
 */
export function makersOf(creator: string, listed = false): string[] {
  if (creator === '') return [];
  const joined = new RegExp(`\\s+${AND}\\s+`, 'iu');
  const splitter = listed || joined.test(creator) ? new RegExp(`\\s*,\\s*(?:${AND}\\s+)?|\\s+${AND}\\s+`, 'iu') : undefined;
  const pieces = splitter ? creator.split(splitter).map((piece) => piece.trim()) : [creator];
  return pieces.length > 1 && pieces.every(isPersonName) ? pieces : [creator];
}

/**
 * Agencies that write their own name before their photographer's: AP's "AP Photo/Evan Vucci", Reuters'
 * "REUTERS/Ann Smith", "EPA-EFE/ANN SMITH", "dpa/Anna Schmidt", "picture alliance / dpa | Anna Schmidt".
 */
const AGENCY = new RegExp(
  `^(?:${[
    'ap', 'ap photo', 'ap images', 'associated press', 'reuters', 'afp', 'agence france-presse', 'afp via getty images', 'epa', 'epa-efe', 'efe', 'agencia efe',
    'dpa', 'picture alliance', 'picture-alliance', 'getty', 'getty images', 'ansa', 'xinhua', 'tass', 'тасс', 'риа новости', 'pa', 'pa images', 'pa wire',
    'bloomberg', 'shutterstock', 'alamy', 'keystone', 'kyodo', 'kyodo news', 'jiji', 'yonhap', 'aap', 'the canadian press', 'canadian press', 'nurphoto',
    'sopa images', 'sipa', 'sipa press', 'zuma', 'zuma press', 'zuma wire', 'upi', 'imago', 'anadolu', 'anadolu agency', 'wenn', 'pool', 'apa', 'anp',
    'belga', 'ntb', 'tt', 'ritzau', 'lehtikuva', 'pap', 'čtk', 'ctk', 'mti', 'agerpres', 'bta', 'hina', 'sta', 'tanjug', 'ukrinform', 'укрінформ',
    'sputnik', 'magnum photos', 'redux', 'polaris', 'panos',
  ].join('|')})$`,
  'iu',
);

/**
 * The line up to the agency after a slash, or to the next part of the line after a semicolon, a bar or a dot between
 * parts: a chart's or a map's source ("Valley Dispatch; data: DGA", "Data Desk | Source: Eurostat") is no maker. A
 * full stop or comma followed by a source's label ends it too ("Data Desk. Source: Eurostat"; not "J. Nowak"). An
 * agency's own order, its name first ("AP Photo/Evan Vucci"), names the photographer after it: "AP Photo" stood in
 * the e-book's metadata as the photographer. A credit in brackets or after a copyright sign is read without them.
 */
function makerPart(line: string): string {
  const bare = line.trim().replace(/^\((.*)\)$/su, '$1').replace(/^(?:©|\(c\)|copyright)\s*/iu, '');
  const pieces = bare.split(SOURCE_AFTER)[0]!.split(/\s*[;·•]\s*/u)[0]!.split(/\s*[/|]\s*/u).map((piece) => piece.trim());
  if (pieces.length > 1 && AGENCY.test(pieces[0]!)) {
    const person = pieces.slice(1).find((piece) => piece !== '' && !AGENCY.test(piece));
    if (person !== undefined) return person;
  }
  return pieces[0] || line;
}

/**
 * The maker: the line up to its first slash (the wire convention
 * "Name/Agency") or to a semicolon, bar or dot that begins its next part
 * (the data a chart or map was drawn from), or the whole line. A long one
 * that goes on after the name ("Maximiliano Fernández for the Invented
 * Atlas Cooperative, Lisbon, licensed for this edition only") is cut at its
 * first comma or " for ": the e-book names a person, not the sentence.
 */
function creatorOf(line: string): string {
  // A publication named in quotes, as Russian and French write one ("«Сибирский вестник»"), is named without them.
  const maker = makerPart(line).replace(/^[«„“"‹‚‘'»](.+)[»“”"›’'«]$/u, '$1');
  if (NO_MAKER.test(maker)) return '';
  if (maker.split(/\s+/).length <= CREATOR_WORDS) return maker;
  const name = maker.split(/,\s|\s+for\s+/u)[0]!.trim();
  return name === '' ? maker : name;
}

/**
 * Words that say a credit names who handed a picture over or keeps it, not
 * who made it: "Campaign handout", "Courtesy of the Ellison family", "Woods
 * Hole Oceanographic Institution Archives", "Public domain". Such a credit
 * is printed as written, but names no maker: the e-book's metadata listed
 * "Campaign handout" as an illustrator and "Ellison family" as a
 * photographer, beside the author, in calibre and library apps. In the
 * languages galley speaks that write such credits with these words.
 */
const NO_MAKER = new RegExp(
  `(?:^|[\\s(«„"'])(?:${[
    'handout', 'handouts', 'courtesy', 'family', 'families', 'archive', 'archives', 'collection', 'collections', 'library', 'museum', 'file photo', 'public domain', 'pool', 'supplied', 'unknown', 'anonymous', 'private',
    'familie', 'archiv', 'sammlung', 'privat', 'privatarchiv', 'privatbesitz',
    'famille', 'collection privée', 'droits réservés',
    'cortesía', 'familia', 'archivo', 'colección', 'cortesia', 'família', 'arquivo', 'coleção', 'famiglia', 'archivio', 'collezione',
    'archief', 'collectie', 'privécollectie', 'arkiv', 'samling', 'privat', 'archiwum', 'rodzina', 'zbiory', 'archiv rodiny',
  ].join('|')})(?=$|[\\s).,;:»“"'])`,
  'iu',
);

/**
 * An own label that names where a chart's or a map's data came from, not who
 * drew it ("Source: Eurostat", "Quelle: Destatis", "Fuente: INE"): printed as
 * written, but no maker, as NO_MAKER's credits. Eurostat stood in the
 * e-book's metadata as the chart's illustrator.
 */
const SOURCE_WORDS = ['sources?', 'data(?: source)?', 'data from', 'quellen?', 'daten', 'fuentes?', 'datos', 'fontes?', 'dados', 'fonti', 'dati', 'bron(?:nen)?', 'gegevens', 'källa', 'källor', 'kilder?', 'lähde', 'lähteet', 'źródło', 'źródła', 'dane', 'zdroj', 'zdroje', 'forrás', 'kaynak', 'veri', 'sursa', 'sursă', 'izvor', 'источник', 'источники', 'данные', 'джерело', 'дані', 'πηγή', 'πηγές', 'מקור', 'مصدر', 'منبع', 'nguồn', 'sumber'].join('|');
const SOURCE_LABEL = new RegExp(`^(?:${SOURCE_WORDS})$`, 'iu');
/** A full stop or comma and a source's label after the maker, in the same line: "Data Desk. Source: Eurostat". */
const SOURCE_AFTER = new RegExp(`[.,]\\s+(?=(?:${SOURCE_WORDS})\\s*:)`, 'iu');

/** The most words a credit's maker runs to before it is cut at a comma or " for ". */
const CREATOR_WORDS = 6;

/**
 * The part of a credit's content (text and language spans) from character
 * `start` to `end` of its text: the line without its label, with the spans
 * that mark a name's language kept around what is left of them.
 */
export function contentBetween(content: ElementContent[], start: number, end: number): ElementContent[] {
  let at = 0;
  const cut = (nodes: ElementContent[]): ElementContent[] =>
    nodes.flatMap((node): ElementContent[] => {
      if (node.type === 'text') {
        const from = at;
        at += node.value.length;
        const value = node.value.slice(Math.max(0, start - from), Math.max(0, end - from));
        return value === '' ? [] : [{ ...node, value }];
      }
      if (node.type !== 'element') return [];
      const children = cut(node.children);
      return children.length === 0 ? [] : [{ ...node, children }];
    });
  return cut(content);
}

/** The credit's label, line and maker (creditParts), and the line's content: `content` is the credit's text and language spans. */
export function creditLineParts(content: ElementContent[]): CreditParts & { credit: string; lineContent: ElementContent[] } {
  const credit = content.map((node) => toString(node)).join('');
  const parts = creditParts(credit);
  // The line is the end of the credit, trimmed: it starts where the trimmed credit's last `line.length` characters do.
  const end = credit.trimEnd().length;
  return { ...parts, credit, lineContent: contentBetween(content, end - parts.line.length, end) };
}
