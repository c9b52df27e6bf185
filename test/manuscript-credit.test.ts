/**
 * src/manuscript/credit.ts on its own: how a credit line is split into the
 * label an author wrote ("Graphic:"), the line the editions print after their
 * own label, and the creator (the wire convention "Name/Agency"). One table of
 * cases, run in-process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { creditParts, type CreditParts } from '../src/manuscript/credit.js';
import { repoRoot } from './helpers.js';

/** A case's parts; its makers, when not given, are its creator alone (none for ''). */
type Expected = Omit<CreditParts, 'makers'> & { makers?: string[] };

const cases: Array<[string, Expected]> = [
  // A label of one word, any case, with or without space after the colon.
  ['Photo: Ann Smith/Reuters', { label: 'Photo', labelKind: 'photo', line: 'Ann Smith/Reuters', creator: 'Ann Smith' }],
  ['MAP:Harbor Survey', { label: 'MAP', labelKind: 'map', line: 'Harbor Survey', creator: 'Harbor Survey' }],
  ['Photographs : Ann Smith', { label: 'Photographs', labelKind: 'photo', line: 'Ann Smith', creator: 'Ann Smith' }],
  ['Cartography: Survey Office', { label: 'Cartography', labelKind: 'map', line: 'Survey Office', creator: 'Survey Office' }],
  ['Infographic: Data Desk', { label: 'Infographic', labelKind: 'graphic', line: 'Data Desk', creator: 'Data Desk' }],
  ['Artwork: Lee Park', { label: 'Artwork', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  ['Diagram: Lee Park', { label: 'Diagram', labelKind: 'chart', line: 'Lee Park', creator: 'Lee Park' }],
  // Two words: the last one names the kind ("Photo illustration" is an illustration).
  ['Photo illustration: Lee Park', { label: 'Photo illustration', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  ['Photo-illustration: Lee Park', { label: 'Photo-illustration', labelKind: 'illustration', line: 'Lee Park', creator: 'Lee Park' }],
  // Non-Latin names after a label; the creator ends at the first slash.
  ['Graphic: Tomasz Wiśniewski/The Harbor Ledger', { label: 'Graphic', labelKind: 'graphic', line: 'Tomasz Wiśniewski/The Harbor Ledger', creator: 'Tomasz Wiśniewski' }],
  ['Photo: 山田 太郎/共同通信', { label: 'Photo', labelKind: 'photo', line: '山田 太郎/共同通信', creator: '山田 太郎' }],
  // Labels in the languages galley speaks, as its tables print them or as authors write them; a full-width colon;
  // an abbreviation with its full stop and no colon.
  ['צילום: Ann Smith', { label: 'צילום', labelKind: 'photo', line: 'Ann Smith', creator: 'Ann Smith' }],
  ['Zdjęcie: Przemysław Gąsiorowski/PAP', { label: 'Zdjęcie', labelKind: 'photo', line: 'Przemysław Gąsiorowski/PAP', creator: 'Przemysław Gąsiorowski' }],
  ['Fot. Żaneta Ćwiklińska/Agencja Gazeta', { label: 'Fot.', labelKind: 'photo', line: 'Żaneta Ćwiklińska/Agencja Gazeta', creator: 'Żaneta Ćwiklińska' }],
  ['Fot.: Jan Nowak', { label: 'Fot.', labelKind: 'photo', line: 'Jan Nowak', creator: 'Jan Nowak' }],
  ['摄影：陈伟/新华社', { label: '摄影', labelKind: 'photo', line: '陈伟/新华社', creator: '陈伟' }],
  ['地圖：內政部', { label: '地圖', labelKind: 'map', line: '內政部', creator: '內政部' }],
  ['تصوير: أحمد علي/وكالة مثال', { label: 'تصوير', labelKind: 'photo', line: 'أحمد علي/وكالة مثال', creator: 'أحمد علي' }],
  ['رسم بياني: قسم البيانات', { label: 'رسم بياني', labelKind: 'graphic', line: 'قسم البيانات', creator: 'قسم البيانات' }],
  ['Фото: Анна Пример/ТАСС', { label: 'Фото', labelKind: 'photo', line: 'Анна Пример/ТАСС', creator: 'Анна Пример' }],
  ['Графикон: Служба података', { label: 'Графикон', labelKind: 'chart', line: 'Служба података', creator: 'Служба података' }],
  ['Ilustracija: Marko Marković', { label: 'Ilustracija', labelKind: 'illustration', line: 'Marko Marković', creator: 'Marko Marković' }],
  ['ფოტო: ნინო ბერიძე/ახალი ამბები', { label: 'ფოტო', labelKind: 'photo', line: 'ნინო ბერიძე/ახალი ამბები', creator: 'ნინო ბერიძე' }],
  // Armenian writes ՝ where English has a colon, and a label with its article ("Լուսանկարը", "the photo").
  ['Լուսանկարը՝ Անի Պետրոսյան/Photolure', { label: 'Լուսանկարը', labelKind: 'photo', line: 'Անի Պետրոսյան/Photolure', creator: 'Անի Պետրոսյան' }],
  ['Քարտեզ: Կադաստրի կոմիտե', { label: 'Քարտեզ', labelKind: 'map', line: 'Կադաստրի կոմիտե', creator: 'Կադաստրի կոմիտե' }],
  ['Karte : Landesamt', { label: 'Karte', labelKind: 'map', line: 'Landesamt', creator: 'Landesamt' }],
  ['İnfografik: Veri Masası', { label: 'İnfografik', labelKind: 'graphic', line: 'Veri Masası', creator: 'Veri Masası' }],
  // A full stop makes a label only of an abbreviation; a name after a known word without a colon is no label.
  ['Foto. Ann Smith', { line: 'Foto. Ann Smith', creator: 'Foto. Ann Smith' }],
  ['Zdjęcie Jan Kowalski', { line: 'Zdjęcie Jan Kowalski', creator: 'Zdjęcie Jan Kowalski' }],
  ['J. Nowak/PAP', { line: 'J. Nowak/PAP', creator: 'J. Nowak' }],
  // A chart's or a map's data is no maker: the maker ends at a semicolon, a bar or a dot between the line's parts.
  ['Chart: Valley Dispatch; data: DGA', { label: 'Chart', labelKind: 'chart', line: 'Valley Dispatch; data: DGA', creator: 'Valley Dispatch' }],
  ['Map: Valley Dispatch graphics; data from OpenStreetMap contributors', { label: 'Map', labelKind: 'map', line: 'Valley Dispatch graphics; data from OpenStreetMap contributors', creator: 'Valley Dispatch graphics' }],
  ['Graphic: Data Desk | Source: Eurostat', { label: 'Graphic', labelKind: 'graphic', line: 'Data Desk | Source: Eurostat', creator: 'Data Desk' }],
  ['Chart: Lee Park · IMF', { label: 'Chart', labelKind: 'chart', line: 'Lee Park · IMF', creator: 'Lee Park' }],
  // A label that names the data's source names no maker: printed as written, no contributor.
  ['Source: Eurostat', { label: 'Source', line: 'Eurostat', creator: '' }],
  ['Data source: World Bank', { label: 'Data source', line: 'World Bank', creator: '' }],
  ['Quelle: Statistisches Bundesamt', { label: 'Quelle', line: 'Statistisches Bundesamt', creator: '' }],
  ['Źródło: GUS', { label: 'Źródło', line: 'GUS', creator: '' }],
  ['Chart: Data Desk. Source: Eurostat', { label: 'Chart', labelKind: 'chart', line: 'Data Desk. Source: Eurostat', creator: 'Data Desk' }],
  ['Grafik: J. Nowak, Quelle: Destatis', { label: 'Grafik', labelKind: 'graphic', line: 'J. Nowak, Quelle: Destatis', creator: 'J. Nowak' }],
  // A short phrase before a colon is the author's own label, in any language, though it names no kind galley knows:
  // kept as written, and no edition adds its own ("Photo: Picha: …").
  ['Reuters: Ann Smith', { label: 'Reuters', line: 'Ann Smith', creator: 'Ann Smith' }],
  ['Courtesy of the artist: Lee Park', { label: 'Courtesy of the artist', line: 'Lee Park', creator: 'Lee Park' }],
  ['Picha: Amani Juma/Shirika la Majaribio', { label: 'Picha', line: 'Amani Juma/Shirika la Majaribio', creator: 'Amani Juma' }],
  // Persian and Vietnamese are languages galley has words for: their labels name the kind, in either of Vietnamese's
  // placings of the tone mark (họa, hoạ), and decomposed as a Mac may save them.
  ['عکس: گلناز پورچراغ/خبرگزاری ساختگی', { label: 'عکس', labelKind: 'photo', line: 'گلناز پورچراغ/خبرگزاری ساختگی', creator: 'گلناز پورچراغ' }],
  ['Ảnh: Đặng Thị Ngọc Thuỷ/Báo Thử Nghiệm', { label: 'Ảnh', labelKind: 'photo', line: 'Đặng Thị Ngọc Thuỷ/Báo Thử Nghiệm', creator: 'Đặng Thị Ngọc Thuỷ' }],
  ['Hình: Thanh Tùng', { label: 'Hình', labelKind: 'photo', line: 'Thanh Tùng', creator: 'Thanh Tùng' }],
  ['Đồ họa: Ban Dữ liệu', { label: 'Đồ họa', labelKind: 'graphic', line: 'Ban Dữ liệu', creator: 'Ban Dữ liệu' }],
  ['Minh hoạ: Lê Văn A', { label: 'Minh hoạ', labelKind: 'illustration', line: 'Lê Văn A', creator: 'Lê Văn A' }],
  ['BẢN ĐỒ: Cục Đo đạc', { label: 'BẢN ĐỒ', labelKind: 'map', line: 'Cục Đo đạc', creator: 'Cục Đo đạc' }],
  ['Biểu đồ: Tổng cục Thống kê', { label: 'Biểu đồ', labelKind: 'chart', line: 'Tổng cục Thống kê', creator: 'Tổng cục Thống kê' }],
  ['Ảnh: Trần Văn B'.normalize('NFD'), { label: 'Ảnh'.normalize('NFD'), labelKind: 'photo', line: 'Trần Văn B'.normalize('NFD'), creator: 'Trần Văn B'.normalize('NFD') }],
  ['Bildnachweis : Landesarchiv', { label: 'Bildnachweis', line: 'Landesarchiv', creator: 'Landesarchiv' }],
  // A long phrase, or one with digits or a slash, before a colon is part of the credit.
  ['The agency that took it: Ann Smith', { line: 'The agency that took it: Ann Smith', creator: 'The agency that took it: Ann Smith' }],
  ['ESA/Hubble: Ann Smith', { line: 'ESA/Hubble: Ann Smith', creator: 'ESA' }],
  ['Mission 2: Ann Smith', { line: 'Mission 2: Ann Smith', creator: 'Mission 2: Ann Smith' }],
  // A kind and "by" (or its word in another language) is a label written as a phrase: kept as written, joined with a space.
  ['Photograph by Ann Smith/Reuters', { label: 'Photograph by', labelKind: 'photo', labelJoined: true, line: 'Ann Smith/Reuters', creator: 'Ann Smith' }],
  ['Photo by Ann Smith', { label: 'Photo by', labelKind: 'photo', labelJoined: true, line: 'Ann Smith', creator: 'Ann Smith' }],
  ['Map by City Survey', { label: 'Map by', labelKind: 'map', labelJoined: true, line: 'City Survey', creator: 'City Survey' }],
  ['Photo illustration by Lee Park', { label: 'Photo illustration by', labelKind: 'illustration', labelJoined: true, line: 'Lee Park', creator: 'Lee Park' }],
  ['Foto von Hans Meier/dpa', { label: 'Foto von', labelKind: 'photo', labelJoined: true, line: 'Hans Meier/dpa', creator: 'Hans Meier' }],
  ['Photo de Jean Dupont', { label: 'Photo de', labelKind: 'photo', labelJoined: true, line: 'Jean Dupont', creator: 'Jean Dupont' }],
  // A name that follows a kind's word without "by" is no label.
  ['Photo Ann Smith', { line: 'Photo Ann Smith', creator: 'Photo Ann Smith' }],
  // The maker is a name: a long one that goes on after it is cut at its first comma or " for ".
  [
    'Photograph by Maximiliano Augusto Fernández de la Torre y Villanueva-Echeverría for the Invented Atlas Cooperative of Independent Photographers, Lisbon and Porto, licensed for this edition only/Invented Atlas',
    {
      label: 'Photograph by',
      labelKind: 'photo',
      labelJoined: true,
      line: 'Maximiliano Augusto Fernández de la Torre y Villanueva-Echeverría for the Invented Atlas Cooperative of Independent Photographers, Lisbon and Porto, licensed for this edition only/Invented Atlas',
      creator: 'Maximiliano Augusto Fernández de la Torre y Villanueva-Echeverría',
    },
  ],
  ['Ann Smith, staff photographer, for the Herald and the Gazette', { line: 'Ann Smith, staff photographer, for the Herald and the Gazette', creator: 'Ann Smith' }],
  // Two names and a comma, without a plural label, may be a name and a title or a publication ("Ann Smith, The Herald"): one maker.
  ['Ann Smith, Bo Li', { line: 'Ann Smith, Bo Li', creator: 'Ann Smith, Bo Li' }],
  // Makers joined by a conjunction, or listed after a plural label, are each a maker where each reads as a person's name.
  ['Photos by Ann Smith and Bo Li', { label: 'Photos by', labelKind: 'photo', labelJoined: true, line: 'Ann Smith and Bo Li', creator: 'Ann Smith and Bo Li', makers: ['Ann Smith', 'Bo Li'] }],
  ['Fotos: Anna Schmidt, Bo Lindqvist/dpa', { label: 'Fotos', labelKind: 'photo', line: 'Anna Schmidt, Bo Lindqvist/dpa', creator: 'Anna Schmidt, Bo Lindqvist', makers: ['Anna Schmidt', 'Bo Lindqvist'] }],
  ['Photos: Ann Smith, Bo Li and Cy van der Berg', { label: 'Photos', labelKind: 'photo', line: 'Ann Smith, Bo Li and Cy van der Berg', creator: 'Ann Smith, Bo Li and Cy van der Berg', makers: ['Ann Smith', 'Bo Li', 'Cy van der Berg'] }],
  ['Ann Smith, Bo Li & Cy Doe', { line: 'Ann Smith, Bo Li & Cy Doe', creator: 'Ann Smith, Bo Li & Cy Doe', makers: ['Ann Smith', 'Bo Li', 'Cy Doe'] }],
  ['Фото: Анна Ковальчук и Сергей Ёлкин', { label: 'Фото', labelKind: 'photo', line: 'Анна Ковальчук и Сергей Ёлкин', creator: 'Анна Ковальчук и Сергей Ёлкин', makers: ['Анна Ковальчук', 'Сергей Ёлкин'] }],
  ['Zdjęcia: Jan Nowak i Anna Wiśniewska', { label: 'Zdjęcia', labelKind: 'photo', line: 'Jan Nowak i Anna Wiśniewska', creator: 'Jan Nowak i Anna Wiśniewska', makers: ['Jan Nowak', 'Anna Wiśniewska'] }],
  // An agency's own order, its name first, names the photographer after it; brackets and a copyright sign are no part of the maker.
  ['AP Photo/Evan Vucci', { line: 'AP Photo/Evan Vucci', creator: 'Evan Vucci' }],
  ['(AP Photo/Evan Vucci)', { line: '(AP Photo/Evan Vucci)', creator: 'Evan Vucci' }],
  ['Photo: REUTERS/Ann Smith', { label: 'Photo', labelKind: 'photo', line: 'REUTERS/Ann Smith', creator: 'Ann Smith' }],
  ['EPA-EFE/ANN SMITH', { line: 'EPA-EFE/ANN SMITH', creator: 'ANN SMITH' }],
  ['Foto: picture alliance / dpa | Anna Schmidt', { label: 'Foto', labelKind: 'photo', line: 'picture alliance / dpa | Anna Schmidt', creator: 'Anna Schmidt' }],
  ['© Ann Smith', { line: '© Ann Smith', creator: 'Ann Smith' }],
  ['Photo: © Ann Smith/Reuters', { label: 'Photo', labelKind: 'photo', line: '© Ann Smith/Reuters', creator: 'Ann Smith' }],
  // The agency alone, or before another agency, is the maker as before; a name first keeps its order.
  ['AFP via Getty Images', { line: 'AFP via Getty Images', creator: 'AFP via Getty Images' }],
  ['Ann Smith/AFP via Getty Images', { line: 'Ann Smith/AFP via Getty Images', creator: 'Ann Smith' }],
  // A publication in quotes is named without them.
  ['График: «Сибирский вестник»; источник: ВНИРО', { label: 'График', labelKind: 'chart', line: '«Сибирский вестник»; источник: ВНИРО', creator: 'Сибирский вестник' }],
  ['Foto: „Lausitzer Wochenblatt“', { label: 'Foto', labelKind: 'photo', line: '„Lausitzer Wochenblatt“', creator: 'Lausitzer Wochenblatt' }],
  ['Photo: "The Herald"/AP', { label: 'Photo', labelKind: 'photo', line: '"The Herald"/AP', creator: 'The Herald' }],
  // Where a piece is no person's name, the maker is one: an organisation, an agency, a double surname.
  ['Photo: Department of Parks and Recreation', { label: 'Photo', labelKind: 'photo', line: 'Department of Parks and Recreation', creator: 'Department of Parks and Recreation' }],
  ['Photos: Ann Smith, Reuters', { label: 'Photos', labelKind: 'photo', line: 'Ann Smith, Reuters', creator: 'Ann Smith, Reuters' }],
  ['Photos: Ann Smith, The Herald', { label: 'Photos', labelKind: 'photo', line: 'Ann Smith, The Herald', creator: 'Ann Smith, The Herald' }],
  ['Foto: Sebastián de la Fuente y Castellanos', { label: 'Foto', labelKind: 'photo', line: 'Sebastián de la Fuente y Castellanos', creator: 'Sebastián de la Fuente y Castellanos' }],
  ['Photo: Smith & Wesson', { label: 'Photo', labelKind: 'photo', line: 'Smith & Wesson', creator: 'Smith & Wesson' }],
  // No text after the colon: no label, the whole credit is the line.
  ['Photo:', { line: 'Photo:', creator: 'Photo:' }],
  // Spaces around the credit and around the slash are trimmed.
  ['  Thierry Monasse/ Reuters via Pool  ', { line: 'Thierry Monasse/ Reuters via Pool', creator: 'Thierry Monasse' }],
  ['Photo: Ann Smith /Reuters', { label: 'Photo', labelKind: 'photo', line: 'Ann Smith /Reuters', creator: 'Ann Smith' }],
  // A line that starts with a slash has no name before it: the creator is the whole line.
  ['/Reuters', { line: '/Reuters', creator: '/Reuters' }],
  // A credit that names who handed the picture over or keeps it names no maker: no contributor in the e-book's metadata.
  ['Campaign handout', { line: 'Campaign handout', creator: '' }],
  ['Photo: Ellison family', { label: 'Photo', labelKind: 'photo', line: 'Ellison family', creator: '' }],
  ['Woods Hole Oceanographic Institution Archives', { line: 'Woods Hole Oceanographic Institution Archives', creator: '' }],
  ['Courtesy of the artist/Gallery North', { line: 'Courtesy of the artist/Gallery North', creator: '' }],
  ['Foto: Privatarchiv', { label: 'Foto', labelKind: 'photo', line: 'Privatarchiv', creator: '' }],
  // A name that holds such a word inside another is a maker's.
  ['Photo: Anna Familiari/AP', { label: 'Photo', labelKind: 'photo', line: 'Anna Familiari/AP', creator: 'Anna Familiari' }],
  ['Photo: Drew Poole', { label: 'Photo', labelKind: 'photo', line: 'Drew Poole', creator: 'Drew Poole' }],
  ['Photo: Dr Ann Smith', { label: 'Photo', labelKind: 'photo', line: 'Dr Ann Smith', creator: 'Dr Ann Smith' }],
];

describe('creditParts', () => {
  it.each(cases)('%s', (credit, expected) => {
    expect(creditParts(credit)).toEqual({ ...expected, makers: expected.makers ?? (expected.creator === '' ? [] : [expected.creator]) });
  });

  it("recognises the label every table of galley's words prints for each kind, with a colon and with a full-width one", () => {
    const folder = path.join(repoRoot, 'templates', 'words');
    for (const file of readdirSync(folder).filter((name) => name.endsWith('.json'))) {
      const table = JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as Record<string, string>;
      for (const kind of ['photo', 'graphic', 'map', 'illustration', 'chart'] as const) {
        // A table in part leaves a kind to English, which en.json's own round checks.
        const label = table[kind];
        if (label === undefined) continue;
        for (const credit of [`${label}: Ann Smith/Agency`, `${label}：Ann Smith/Agency`]) {
          const parts = creditParts(credit);
          // Graphic and chart share words between languages ("Grafik", "Gráfico"): either is printed alike.
          const expected = kind === 'graphic' || kind === 'chart' ? ['graphic', 'chart'] : [kind];
          expect(expected, `${file} ${credit}`).toContain(parts.labelKind);
          expect([parts.line, parts.creator], `${file} ${credit}`).toEqual(['Ann Smith/Agency', 'Ann Smith']);
        }
      }
    }
  });

  it('leaves out the label fields when there is no label (not set to undefined)', () => {
    const parts = creditParts('Ann Smith/Reuters');
    expect(Object.keys(parts).sort()).toEqual(['creator', 'line', 'makers']);
  });
});

describe('creditLineParts', () => {
  it('reads the label from the credit as it reads, and keeps the spans that mark a name\'s language around the line', async () => {
    const { creditLineParts } = await import('../src/manuscript/credit.js');
    const { toHtml } = await import('hast-util-to-html');
    const parts = creditLineParts([
      { type: 'text', value: ' Photo: ' },
      { type: 'element', tagName: 'span', properties: { lang: 'tr' }, children: [{ type: 'text', value: 'Ali Şimşek' }] },
      { type: 'text', value: '/Haberler ' },
    ]);
    expect(parts).toMatchObject({ label: 'Photo', line: 'Ali Şimşek/Haberler', creator: 'Ali Şimşek', credit: ' Photo: Ali Şimşek/Haberler ' });
    expect(toHtml({ type: 'root', children: parts.lineContent })).toBe('<span lang="tr">Ali Şimşek</span>/Haberler');
    // A label inside the span: the span keeps what is left of it.
    const inside = creditLineParts([{ type: 'element', tagName: 'span', properties: { lang: 'he' }, children: [{ type: 'text', value: 'צילום: מרים כץ' }] }]);
    expect(toHtml({ type: 'root', children: inside.lineContent })).toBe('<span lang="he">מרים כץ</span>');
  });
});
