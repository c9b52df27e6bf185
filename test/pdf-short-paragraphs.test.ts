/**
 * html.ts, markShortParagraphs: a paragraph or list item is kept on one page
 * when it has three lines or fewer (Chromium would split three lines two and
 * one, leaving a widow), counted from the lines the open page set it in; a
 * paragraph of four lines is split two and two, as a typesetter does. Reckoned
 * from its characters, up to four lines' worth were kept: a Polish report's
 * four-line paragraph went whole to page 2 and left page 1 four lines short
 * (its five pages are four now), and a Chinese paragraph of eight lines passed
 * for four, its characters twice as wide as the reckoning's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadManuscript } from '../src/manuscript/index.js';
import { buildPrintPage } from '../src/pdf/html.js';
import { blockLineCounts, paragraphTexts, skeleton } from '../src/pdf/loose-lines.js';
import { pageGeometry } from '../src/pdf/page.js';
import type { ScreenLine } from '../src/pdf/sandbox.js';
import { runCli, tempDir } from './helpers.js';
import { pdfLines, type PrintedLine } from './pdf-helpers.js';

const ARTICLE = `---
title: "Śnięte ryby wróciły nad Odrę. Rybacy z Nowej Soli liczą straty drugi rok z rzędu"
subtitle: "Złote algi zakwitły w rzece znowu w sierpniu. Wędkarze, naukowcy i urzędnicy spierają się, kto powinien zapłacić za oczyszczanie."
authors: ["Katarzyna Wójcik", "Paweł Szczęsny"]
date: 2024-09-12
language: pl
keywords: ["Odra", "katastrofa ekologiczna", "złota alga", "Prymnesium parvum"]
source:
  wire: ["PAP"]
---

:::figure{src="images/rzeka.jpg" alt="Szeroki zakręt rzeki w słoneczny dzień, na brzegu stoją dwie łodzie" credit="Fot. Tomasz Pietrzyk / Agencja Wyborcza.pl"}
Odra pod Nową Solą w sierpniu 2024 roku. Na zakolu rybacy od tygodnia wyławiają martwe ryby.
:::

Jerzy Mazurkiewicz łowi ryby na Odrze od czterdziestu lat. W połowie sierpnia znów zobaczył to, co widział dwa lata temu: setki śniętych leszczy, płoci i sumów kołyszących się przy brzegu. – Pierwszego dnia myślałem, że to przyducha. Drugiego dnia już wiedziałem – mówi 63-letni rybak z Nowej Soli.

Przyczyną jest, jak w 2022 roku, złota alga (*Prymnesium parvum*), która zakwita w ciepłej, słonej wodzie i wydziela toksyny zabójcze dla ryb i małży.[^1] Według Państwowego Gospodarstwa Wodnego Wody Polskie od 5 do 28 sierpnia z rzeki wyłowiono ponad 21 ton martwych ryb.

## Sól z kopalń

Naukowcy od dwóch lat powtarzają, że bez ograniczenia zrzutów zasolonych wód kopalnianych katastrofa będzie się powtarzać. – Alga potrzebuje trzech rzeczy: soli, ciepła i niskiego stanu wody. Na dwie ostatnie nie mamy wpływu, na pierwszą owszem – tłumaczy prof. Agnieszka Kolada z Instytutu Ochrony Środowiska.

Zasolenie Odry mierzone w Głogowie przekraczało w sierpniu 1500 mikrosimensów na centymetr, czyli kilkakrotnie więcej niż w rzekach o naturalnym składzie wody. Spółki górnicze twierdzą, że działają zgodnie z pozwoleniami wodnoprawnymi.

:::figure{src="images/mapa.svg" kind="map" alt="Mapa biegu Odry od Opola przez Wrocław do Szczecina, z zaznaczonym Wrocławiem" credit="Mapa: Marek Zieliński / PAP"}
Odcinek Odry, na którym w sierpniu 2024 roku stwierdzono zakwit złotej algi.
:::

W raporcie opublikowanym w lipcu zespół ekspertów wskazał pięć działań, które miałyby zmniejszyć ryzyko kolejnego zakwitu:

1. ograniczenie zrzutów solanki w okresach niskiego stanu wody,
2. budowę zbiorników retencyjnych dla wód kopalnianych,
3. stały monitoring zasolenia i temperatury w dwudziestu punktach,
4. system ostrzegania gmin i wędkarzy,
5. odbudowę naturalnych starorzeczy, w których ryby mogą się schronić.

Do dziś wdrożono tylko trzeci z nich. Ministerstwo Infrastruktury odpowiada, że prace nad pozostałymi trwają.[^2]

## Niemieccy sąsiedzi też liczą

Po niemieckiej stronie rzeki, w Brandenburgii, martwe ryby zauważono kilka dni później. Axel Vogel, minister środowiska Brandenburgii, zażądał od strony polskiej „pełnej informacji o źródłach zasolenia”. Współpracę obu krajów komplikuje to, że granica biegnie środkiem rzeki.

:::figure{src="images/wykres.png" kind="chart" alt="Wykres słupkowy: liczba dni z przekroczeniem progu zasolenia w latach 2018–2024 rośnie z 12 do 61" credit="Wykres: Paweł Szczęsny; źródło: Wody Polskie"}
Liczba dni w roku, w których zasolenie w Głogowie przekroczyło próg ostrzegawczy.
:::

| Rok | Martwe ryby (t) | Dni z zakwitem | Odcinek (km) |
| ---: | ---: | ---: | ---: |
| 2022 | 360 | 19 | 500 |
| 2023 | 18 | 7 | 120 |
| 2024 | 21 | 24 | 210 |

Rosyjski biolog Siergiej Aleksandrowicz Kuzniecow, który badał podobne zakwity w delcie Wołgi, przypomina, że złota alga potrafi przetrwać w rzece latami. – Raz zadomowiona, nie znika – mówi.

:::figure{src="images/rybak.jpg" alt="Mężczyzna w kaloszach stoi na pomoście i trzyma sieć" credit="Fot. Tomasz Pietrzyk / Agencja Wyborcza.pl"}
Jerzy Mazurkiewicz na przystani w Nowej Soli.
:::

Rybacy z Nowej Soli dostali w 2022 roku odszkodowania z budżetu wojewody. W tym roku o pieniądze muszą się starać sami. – Mamy udowodnić, że ryby zabiła alga, a nie my – mówi Mazurkiewicz i dodaje, że po raz pierwszy myśli o sprzedaży łodzi.

[^1]: Toksyny złotej algi, prymnezyny, uszkadzają skrzela ryb. Dla ludzi nie są groźne, ale Główny Inspektorat Sanitarny odradza kąpiel w rzece w czasie zakwitu.
[^2]: Odpowiedź Ministerstwa Infrastruktury na pytania PAP z 10 września 2024 r., s. 3.
`;

const line = (text: string, first = false): ScreenLine => ({ text, size: 16, spaces: [], sized: text, gaps: [], ...(first ? { first: true as const } : {}) });

describe('blockLineCounts', () => {
  it('counts each block\'s lines from its first to the next block\'s, keyed by its text\'s letters', () => {
    const counts = blockLineCounts([line('One para-', true), line('graph, two lines.'), line('Another, of one.', true), line('Ли-', true), line('ния'), line('три')]);
    expect([...counts]).toEqual([
      ['oneparagraphtwolines', 2],
      ['anotherofone', 1],
      ['линиятри', 3],
    ]);
  });
});

describe('short paragraphs kept on one page', () => {
  it('keeps the paragraphs the open page set in three lines or fewer, and no longer those of four', async () => {
    const doc = (await loadManuscript(path.resolve('manuscript/mattis-russia-nato'))).document;
    const keys = paragraphTexts(doc.content).map(skeleton);
    const [first, second, third] = ['presidenttrump', 'wearenot', 'thesecretary'].map((start) => keys.find((key) => key.startsWith(start)));
    const classOf = (html: string, start: string): string | undefined => {
      const plain = html.replace(/\u00AD|&shy;/g, '');
      const at = plain.indexOf(start);
      return at < 0 ? undefined : (/<p(?: class="([^"]*)")?>$/.exec(plain.slice(0, at))?.[1] ?? '');
    };
    // Reckoned from their characters, the seed's first three paragraphs (one, two and three lines at letter) are kept.
    const reckoned = buildPrintPage(doc);
    expect(classOf(reckoned.html, 'President Trump')).toContain('keep');
    expect(classOf(reckoned.html, '“We are not')).toContain('keep');
    expect(reckoned.blockKeeps.get(first!)).toBe(true);
    // As measured: four lines are split like any paragraph; three are kept.
    const measured = buildPrintPage(doc, { blockLines: new Map([[first!, 4], [second!, 3], [third!, 2]]) });
    expect(classOf(measured.html, 'President Trump')).not.toContain('keep');
    expect(classOf(measured.html, '“We are not')).toContain('keep');
    expect(measured.blockKeeps.get(first!)).toBe(false);
    expect(measured.blockKeeps.get(second!)).toBe(true);
  });
});

describe('a four-line paragraph at the foot of a page, in print', () => {
  let built: SpawnSyncReturns<string>;
  let pages: Array<{ height: number; lines: PrintedLine[] }> = [];
  beforeAll(async () => {
    const dir = path.join(tempDir('galley-short-paragraphs-'), 'odra');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    await sharp({ create: { width: 3200, height: 700, channels: 3, background: { r: 90, g: 120, b: 170 } } }).jpeg().toFile(path.join(dir, 'images', 'rzeka.jpg'));
    await sharp({ create: { width: 700, height: 3000, channels: 3, background: { r: 90, g: 140, b: 90 } } }).jpeg().toFile(path.join(dir, 'images', 'rybak.jpg'));
    await sharp({ create: { width: 800, height: 450, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toFile(path.join(dir, 'images', 'wykres.png'));
    writeFileSync(
      path.join(dir, 'images', 'mapa.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 420" width="600" height="420"><rect width="600" height="420" fill="#eef3f6"/><path d="M 300 20 C 280 90, 330 140, 300 200 S 260 320, 320 400" stroke="#3b78b5" stroke-width="10" fill="none"/></svg>',
    );
    writeFileSync(path.join(dir, 'article.md'), ARTICLE);
    const out = tempDir();
    built = runCli(['pdf', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) pages = pdfLines(path.join(out, 'odra.pdf'));
  }, 240_000);

  it('splits it two and two over the pages, and page 1 ends less than the two lines it leaves for page 2 short', () => {
    expect(built.status, built.stderr).toBe(0);
    const texts = pages.map((page) => page.lines.map((printed) => printed.text));
    const pageOf = (start: string): number => texts.findIndex((lines) => lines.some((printed) => printed.startsWith(start)));
    // "Zasolenie Odry mierzone w Głogowie…" (four lines) begins on page 1 and ends ("…wodnoprawnymi.") on page 2.
    expect(pageOf('Zasolenie Odry'), texts.join('\n---\n')).toBe(0);
    const opening = texts[0]!.findIndex((printed) => printed.startsWith('Zasolenie Odry'));
    expect(texts[0]!.length - 1 - opening, texts.join('\n---\n')).toBe(2);
    expect(texts[1]!.findIndex((printed) => printed.endsWith('wodnoprawnymi.')), texts.join('\n---\n')).toBe(2);
    const geometry = pageGeometry.letter;
    const { height, lines } = pages[0]!;
    const body = lines.filter((printed) => printed.bottom <= height - geometry.marginBottomIn * 72 + 2);
    const short = (height - geometry.marginBottomIn * 72 - Math.max(...body.map((printed) => printed.bottom))) / (geometry.fontSizePt * geometry.lineHeight);
    // Two lines of the paragraph's four there (a widow and an orphan of two, print.css), and room for not quite two more.
    expect(short, `page 1 ends ${short.toFixed(1)} lines short`).toBeLessThan(2.5);
    expect(pages.length).toBe(4);
  });
});
