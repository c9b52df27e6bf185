/**
 * templates/print/print.css: a paragraph all in bold that a figure follows
 * (an interview's closing "Vielen Dank", with its last photo moved after it
 * to fill the page) is not kept with the figure. Kept with it, it went to the
 * next page with the photo, the photo was given back before it (its text no
 * longer on the page before), moved again, and so on, pass after pass: the
 * last print left page 2 seven lines short of a letter page (the first, twelve),
 * the closing line over the photo on page 3. Read back from the PDF's lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageGeometry } from '../src/pdf/page.js';
import { runCli, tempDir } from './helpers.js';
import { pdfLines, type PrintedLine } from './pdf-helpers.js';

const ARTICLE = `---
title: "„Wir haben die Energiewende verschlafen“ – ein Gespräch mit Dr. Jürgen Weißmüller"
subtitle: "Der Stadtwerke-Chef aus Görlitz über Fernwärme, Bürgerbeteiligung und warum er Windkraftgegnern zuhört."
authors: ["Katharina Schröder-Öztürk"]
date: 2024-02-09
language: de
dateline: GÖRLITZ
source:
  publication: "Lausitzer Wochenblatt"
  url: "https://example.de/interview-weissmueller"
---

:::figure{src="images/portrait.jpg" alt="Ein Mann mit Brille und grauem Bart sitzt an einem Schreibtisch" credit="Fotos: Anna Schmidt, Bo Lindqvist/dpa"}
Jürgen Weißmüller in seinem Büro am Postplatz.
:::

Seit 2019 leitet Jürgen Weißmüller die Stadtwerke Görlitz. Im Gespräch erklärt er, warum die Fernwärmeversorgungsunternehmen der Region umdenken müssen – und was die Bundesnetzagentur damit zu tun hat.

**Herr Weißmüller, Sie sagen, Deutschland habe die Energiewende „verschlafen“. Ist das nicht übertrieben?**

Nein. Wir reden seit zwanzig Jahren darüber, aber die Wärmeversorgung – das sind mehr als 50 % des Endenergieverbrauchs – hat kaum jemand angefasst. Die Kraft-Wärme-Kopplungsanlagen laufen noch immer mit Erdgas.[^1]

**Was haben Sie konkret vor?**

Drei Dinge:

1. Eine Großwärmepumpe an der Neiße, 12,5 MW thermisch;
2. einen Wärmespeicher mit 30 000 m³;
3. eine Bürgerenergiegenossenschaft, die sich beteiligen kann.

> Wer die Leute nicht mitnimmt, baut gegen sie. Das haben wir bei der Windkraft gelernt.

**Wie teuer wird das für die Kundinnen und Kunden?**

| Jahr | Arbeitspreis (ct/kWh) | Grundpreis (€/Jahr) |
|---|--:|--:|
| 2022 | 9,87 | 312,00 |
| 2023 | 14,21 | 348,50 |
| 2024 | 12,95 | 351,20 |

Die Preise sinken wieder, aber nicht auf das Niveau von vor der Krise.

## Windkraft und Widerstand

**Sie treffen sich regelmäßig mit Bürgerinitiativen. Warum?**

Weil sie oft recht haben, was die Details angeht: Schattenwurf, Abstandsregelungen, Infraschall-Befürchtungen. Letztere sind wissenschaftlich nicht belegt,[^2] aber die Sorge ist real.

:::figure{src="images/station.jpg" alt="Ein Umspannwerk mit Strommasten im Nebel" credit="Foto: Stadtwerke Görlitz"}
Das Umspannwerk Görlitz-Nord soll bis 2026 erweitert werden.
:::

**Und die Donaudampfschifffahrtsgesellschaftskapitänsmütze?**

Das war ein Witz meines Vorgängers. Aber ernsthaft: Unsere Sprache verführt zu langen Wörtern wie Energieeffizienzsteigerungsmaßnahmen oder Netzentgeltbefreiungsverordnung – die Realität ist kleinteiliger.

**Herr Weißmüller, vielen Dank für das Gespräch.**

[^1]: Laut Arbeitsgemeinschaft Energiebilanzen e. V., Stand 2023.
[^2]: Umweltbundesamt, „Mögliche gesundheitliche Effekte von Windenergieanlagen“, 2016.
`;

describe('an interview whose last photo follows its closing line, in print', () => {
  let built: SpawnSyncReturns<string>;
  let pages: Array<{ height: number; lines: PrintedLine[] }> = [];
  beforeAll(async () => {
    const dir = path.join(tempDir('galley-bold-lead-figure-'), 'interview');
    mkdirSync(path.join(dir, 'images'), { recursive: true });
    await sharp({ create: { width: 800, height: 1000, channels: 3, background: { r: 150, g: 60, b: 140 } } }).jpeg().toFile(path.join(dir, 'images', 'portrait.jpg'));
    await sharp({ create: { width: 2000, height: 1333, channels: 3, background: { r: 120, g: 140, b: 80 } } }).jpeg().toFile(path.join(dir, 'images', 'station.jpg'));
    writeFileSync(path.join(dir, 'article.md'), ARTICLE);
    const out = tempDir();
    built = runCli(['build', dir, '--out', out], { GALLEY_CACHE_DIR: tempDir() });
    if (built.status === 0) pages = pdfLines(path.join(out, 'interview.pdf'));
  }, 240_000);

  it('prints the closing line and the exchange before it on page 2, which ends no more than a few lines short', () => {
    expect(built.status, built.stderr).toBe(0);
    const texts = pages.map((page) => page.lines.map((line) => line.text));
    const pageOf = (start: string): number => texts.findIndex((lines) => lines.some((line) => line.startsWith(start)));
    expect(pageOf('Und die Donaudampf'), texts.join('\n---\n')).toBe(1);
    expect(pageOf('Herr Weißmüller, vielen Dank'), texts.join('\n---\n')).toBe(1);
    expect(pageOf('Das Umspannwerk Görlitz-Nord'), texts.join('\n---\n')).toBe(2);
    // From page 2's last line (above the folio) to the foot of the text block.
    const geometry = pageGeometry.letter;
    const { height, lines } = pages[1]!;
    const body = lines.filter((line) => line.bottom <= height - geometry.marginBottomIn * 72 + 2);
    const short = (height - geometry.marginBottomIn * 72 - Math.max(...body.map((line) => line.bottom))) / (geometry.fontSizePt * geometry.lineHeight);
    expect(short, `page 2 ends ${short.toFixed(1)} lines short`).toBeLessThan(7);
  });
});
