/**
 * Renders a PDF from files held in memory, and nothing else.
 *
 * The page lives at https://galley.invalid/ (a reserved name that resolves
 * nowhere). Every request the page makes is intercepted: a path of the build
 * is answered from memory, anything else is aborted and reported. A
 * Content-Security-Policy on the page says the same thing a second time, and
 * JavaScript is off. There is never a file:// page, so the manuscript cannot
 * reach the disk, and nothing reaches the network.
 */
import type { Browser, CDPSession, HTTPRequest, Page, PDFOptions } from 'puppeteer';

export const sandboxOrigin = 'https://galley.invalid/';

export interface SandboxFile {
  body: Buffer | string;
  contentType: string;
  /**
   * Its path names its bytes (a picture's: ./html.ts), so the page may keep
   * it for as long as it likes: the next document of a batch that shows the
   * same picture takes it from the renderer's memory without asking (see
   * `cacheHeader`). Every other file is asked for by each document anew.
   */
  lasting?: boolean;
}

/**
 * The caching a file is served with. A picture is asked for again by every
 * document a page is patched to, once the one before it was collected: its
 * bytes went over the browser's pipe again (base64) and were decoded again,
 * twenty times for a 20-article batch's one house picture. A response that
 * may be kept lets Chromium's memory cache hand the next document the picture
 * it has (the HTTP cache stays off: see openSandbox). Nothing else may be
 * kept: a font or the page itself has the same path in every document.
 */
function cacheHeader(file: SandboxFile): string {
  return file.lasting ? 'max-age=31536000, immutable' : 'no-store';
}

/** Path inside the sandbox (`index.html`, `fonts/a.woff2`) → contents. */
export type SandboxFiles = Map<string, SandboxFile>;

export interface SandboxResult {
  pdf: Uint8Array;
  /** Every URL the page asked for and did not get, in the order first asked for. */
  blocked: string[];
}

export interface SandboxRenderOptions {
  /** The page to open; default `index.html`. */
  entry?: string;
  /** Overrides for page.pdf(). */
  pdf?: PDFOptions;
  /** Navigation and print timeout. Default 60 s. */
  timeoutMs?: number;
  /**
   * Which manuscript these files lay out (its file). When the page showed
   * one already (the same one in a layout pass after the first, or at the
   * next save in `galley dev`; another in a batch, when nothing was refused
   * to it) and the new files have the same fonts and no other bytes under
   * the same paths, the page's document is patched to the new markup, not
   * loaded again: its fonts and pictures stay decoded, which spares the
   * browser most of a layout's work, and the PDF comes out the same.
   */
  document?: string;
}

const contentSecurityPolicy = [
  "default-src 'none'",
  `img-src ${sandboxOrigin}`,
  `font-src ${sandboxOrigin}`,
  `style-src ${sandboxOrigin} 'unsafe-inline'`,
  "script-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Requests the browser makes on its own, not on the document's behalf. */
const silentPaths = new Set(['favicon.ico']);

/** Shortens a URL for a warning: data: URLs can be megabytes long. */
function displayUrl(url: string): string {
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    return `${url.slice(0, comma >= 0 ? Math.min(comma, 40) : 40)},…`;
  }
  return url.length > 300 ? `${url.slice(0, 300)}…` : url;
}

/**
 * Pulls the blocked URL out of Chromium's console messages for loads it
 * refuses before any request exists (file: URLs, CSP, mixed content).
 */
export function blockedUrlFromConsole(text: string): string | undefined {
  let match = /^Not allowed to load local resource: (\S+)/.exec(text);
  if (match) return match[1];
  if (/Content Security Policy|Mixed Content/.test(text)) {
    // "Loading the image 'data:…' violates …"; "The page at '<page>' … requested an insecure stylesheet 'http://…'"
    const quoted = [...text.matchAll(/'([a-zA-Z][a-zA-Z0-9+.-]*:[^'\s]*)'/g)].map((m) => m[1]!);
    return quoted.find((url) => !url.startsWith(`${sandboxOrigin}index.html`));
  }
  return undefined;
}

const defaultPdfOptions: PDFOptions = {
  preferCSSPageSize: true,
  printBackground: true,
  tagged: true,
  outline: true,
  displayHeaderFooter: false,
};

/** A line of a paragraph or list item as the open page sets it. */
export interface ScreenLine {
  /** Its text, note references left out; a line broken at a soft hyphen ends in "-". */
  text: string;
  /** Its type size in CSS pixels: the size most of its characters are set in. */
  size: number;
  /** Its word spaces (CSS pixels) of that size, justification included. */
  spaces: number[];
  /** Its characters of that size, note references left out (a line's key is made from these). */
  sized: string;
  /** Its word spaces outside code (CSS pixels), of any size: a line of mostly code is spread at its few words' spaces too (a space of the mono face is wide by itself). */
  gaps: number[];
  /** Set on the first line of its paragraph or list item: a block's lines run from one such line to the next. */
  first?: true;
}

/** A figure as the open page sets it, in CSS pixels. */
export interface ScreenFigure {
  id: string;
  height: number;
  picture: number;
  /** The picture's width over its height (as drawn), when it has one. */
  shape?: number;
  /** The figure's width, the room its picture and caption have across. */
  width?: number;
  /** The caption's height as laid out, with its space above, when the figure has one. */
  caption?: number;
  /** The caption's height, with its space above, at each of the widths asked for (shares of the figure's width). */
  captions?: number[];
}

export interface SandboxMeasureOptions extends SandboxRenderOptions {
  /** The width of the text block in CSS pixels: the page is shown with print media at this width, rounded up, as Chromium lays out a printed page. */
  width: number;
}

export interface Sandbox {
  /** Opens `files` in the sandboxed page and prints it to PDF. */
  render(files: SandboxFiles, options?: SandboxRenderOptions): Promise<SandboxResult>;
  /**
   * Opens `files` in the sandboxed page without printing and reads the
   * lines of every paragraph and list item from the page's own layout (the
   * same lines the print has). A render of the same files next prints them
   * without loading or patching again.
   */
  measure(files: SandboxFiles, options: SandboxMeasureOptions): Promise<ScreenLine[]>;
  /**
   * The height of every figure with an id, and of its picture, as the page
   * last measured sets them (print media, the text block's width): a
   * figure's height counts its top margin and its caption.
   */
  figureBoxes(captionShares?: readonly number[]): Promise<ScreenFigure[]>;
  /** How many times the page was loaded, rather than patched, to show what it was given. */
  readonly loads: number;
  /** How many requests of the page its files answered. */
  readonly served: number;
  /**
   * Collects the page's garbage now: the nodes, layout and paint of the
   * documents it showed before. Left to itself the renderer holds several
   * documents' worth before it collects (a batch's two pages grew to about
   * 300 MB together between collections; about 180 MB collected after each document).
   */
  collectGarbage(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a sandboxed page in a fresh incognito context of `browser` (no cache
 * or storage shared with other documents). One document's layout passes
 * reuse it: making a context and a page costs more than printing.
 */
export async function openSandbox(browser: Browser, timeoutMs = 60_000): Promise<Sandbox> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(timeoutMs);
    // Asked for together (one round trip's wait, not three); all are in place before the page loads anything.
    await Promise.all([
      page.setJavaScriptEnabled(false),
      page.setRequestInterception(true),
      // Service workers and the HTTP cache could answer a request without us.
      page.setCacheEnabled(false),
    ]);

    // What the current render serves, and what it refused.
    let files: SandboxFiles = new Map();
    let entry = 'index.html';
    let blocked: string[] = [];
    const block = (url: string): void => {
      const shown = displayUrl(url);
      if (!blocked.includes(shown)) blocked.push(shown);
    };

    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      const url = request.url();
      if (url.startsWith(sandboxOrigin)) {
        const { pathname } = new URL(url);
        const key = decodeURIComponent(pathname.slice(1));
        const file = files.get(key);
        if (file) {
          served++;
          const headers: Record<string, string> = { 'Cache-Control': cacheHeader(file) };
          if (key === entry) headers['Content-Security-Policy'] = contentSecurityPolicy;
          void request.respond({ status: 200, contentType: file.contentType, headers, body: file.body }).catch(() => {});
          return;
        }
        if (silentPaths.has(key)) {
          void request.respond({ status: 404, contentType: 'text/plain', body: '' }).catch(() => {});
          return;
        }
      }
      // data: URLs of the browser's own broken-image icons also pass here;
      // a data: URL in the document is refused by the CSP and reported below.
      if (!url.startsWith('data:')) block(url);
      void request.abort('blockedbyclient').catch(() => {});
    });
    page.on('console', (message) => {
      const url = blockedUrlFromConsole(message.text());
      if (url) block(url);
    });

    // What the page shows, when it was loaded and laid out without a fault.
    let shown: { document: string | undefined; entry: string; files: SandboxFiles; blocked: string[] } | undefined;
    let session: CDPSession | undefined;
    // The viewport's width once the page was measured (print media emulated from then on).
    let screenWidth: number | undefined;
    let loads = 0;
    let served = 0;
    // The measures of one document share the lines of the blocks a patch left as they were (readScreenLines): another document starts afresh.
    let measured: string | undefined;
    let generation = 0;

    return {
      get loads() {
        return loads;
      },
      get served() {
        return served;
      },
      async render(nextFiles, options = {}) {
        // A page shown already (just measured) is printed as it stands.
        const already = isShown(nextFiles, options);
        if (!already) await show(nextFiles, options);
        // A page just measured has its fonts loaded (measure waits for them): the print is asked for at once, without another round trip to check.
        const pdf = await page.pdf({ ...defaultPdfOptions, ...(already ? { waitForFonts: false } : {}), timeout: options.timeoutMs ?? timeoutMs, ...options.pdf });
        if (!already) shown = { document: options.document, entry, files, blocked: [...blocked] };
        return { pdf, blocked: [...shown!.blocked] };
      },
      async measure(nextFiles, options) {
        const width = Math.ceil(options.width - 0.001);
        // Before the page is shown: a page loaded with print media at its width is laid out once, and asks for
        // the faces its print styles use while it loads, rather than after a first layout for the screen.
        if (width !== screenWidth) {
          // Print media stays on (the print itself is unchanged by it); only the width follows the page size.
          await Promise.all([...(screenWidth === undefined ? [page.emulateMediaType('print')] : []), page.setViewport({ width, height: 1000 })]);
          screenWidth = width;
        }
        // A patched page is not waited for apart: the read below waits for what it loads.
        const showing = !isShown(nextFiles, options);
        if (showing) await show(nextFiles, options, { wait: false });
        // Measured only once every face and picture has loaded (a line set in a fallback face breaks elsewhere): the page says whether, in the same round trip.
        const deadline = performance.now() + (options.timeoutMs ?? timeoutMs);
        if (options.document === undefined || options.document !== measured) generation++;
        measured = options.document;
        for (;;) {
          const lines = await page.evaluate(readScreenLines, `${generation} ${width}`);
          if (lines) {
            // Shown once all it asked for was answered or refused.
            if (showing) shown = { document: options.document, entry, files, blocked: [...blocked] };
            return lines;
          }
          await whileLoading(page, deadline, 'The print page\'s pictures and fonts did not load in time.');
        }
      },
      async figureBoxes(captionShares: readonly number[] = []) {
        if (screenWidth === undefined) throw new Error('figureBoxes() reads the page measure() showed; nothing was measured yet.');
        return page.evaluate(readFigureBoxes, [...captionShares]);
      },
      async collectGarbage() {
        session ??= await page.createCDPSession();
        // A patch is undoable: the inspector keeps the nodes it replaced (its undo history) until its DOM domain is turned off, as a load does. (DOM.getDocument turns it on again.)
        await session.send('DOM.disable').catch(() => {});
        await session.send('HeapProfiler.collectGarbage');
      },
      async close() {
        await context.close().catch(() => {});
      },
    };

    function isShown(nextFiles: SandboxFiles, options: SandboxRenderOptions): boolean {
      return shown !== undefined && shown.files === nextFiles && shown.document === options.document && shown.entry === (options.entry ?? 'index.html');
    }

    /** Shows `nextFiles`; a patched page is waited for until it has loaded what it asks for, unless `wait` is false (the caller waits). */
    async function show(nextFiles: SandboxFiles, options: SandboxRenderOptions, { wait = true } = {}): Promise<void> {
      const nextEntry = options.entry ?? 'index.html';
      if (!nextFiles.has(nextEntry)) throw new Error(`The sandbox has no ${nextEntry} to open.`);
      // The same document's page is patched; so is another document's, when nothing was refused to it (a node the patch keeps does not ask again, so what was refused to the previous document would go untold or be told for the wrong one).
      const previous =
        options.document !== undefined && shown?.entry === nextEntry && (shown.document === options.document || (shown.document !== undefined && shown.blocked.length === 0)) ? shown : undefined;
      shown = undefined;
      entry = nextEntry;
      files = nextFiles;
      blocked = [];
      const timeout = options.timeoutMs ?? timeoutMs;
      const markup = previous && patchableMarkup(previous.files, nextFiles, entry);
      if (markup !== undefined) {
        // The nodes the patch keeps do not ask again for what was refused them.
        if (previous!.document === options.document) blocked = [...previous!.blocked];
        session ??= await page.createCDPSession();
        await patchDocument(page, session, markup, timeout, wait);
      } else {
        loads++;
        const response = await page.goto(sandboxOrigin + entry, { waitUntil: 'load', timeout });
        if (!response || !response.ok()) throw new Error(`The print page did not open (${response?.status() ?? 'no response'}).`);
      }
    }
  } catch (error) {
    await context.close().catch(() => {});
    throw error;
  }
}

function sameBody(a: SandboxFile['body'], b: SandboxFile['body']): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a === b || a.equals(b);
}

/**
 * The new page's markup (its `<html>` element) when the shown page can be
 * patched to it: the same fonts, and every file both have the same bytes
 * (a picture's path names its bytes: ./html.ts), so that what the shown page
 * loaded under a path is what the new page would load there; its styles and
 * text may differ, and so may its pictures, which the patched nodes ask for.
 * Undefined when the page must be loaded again.
 */
function patchableMarkup(shown: SandboxFiles, next: SandboxFiles, entry: string): string | undefined {
  const before = shown.get(entry);
  const after = next.get(entry);
  if (!before || !after || typeof before.body !== 'string' || typeof after.body !== 'string') return undefined;
  const html = after.body.search(/<html[\s>]/i);
  if (html < 0) return undefined;
  const markup = after.body.slice(html);
  for (const [name, file] of next) {
    if (name === entry) continue;
    const old = shown.get(name);
    // A file the page has not loaded yet is asked for by the nodes that use it.
    if (old && (old.contentType !== file.contentType || !sameBody(old.body, file.body))) return undefined;
  }
  // A file the new page no longer has must not be used by it: a node the patch keeps would show it without asking.
  for (const name of shown.keys()) if (name !== entry && !next.has(name) && markup.includes(name)) return undefined;
  // The very same fonts: with others, Chromium's print can come out otherwise than a fresh page's (the fonts' order and subsets in the PDF).
  const fonts = (files: SandboxFiles): string => [...files.keys()].filter((name) => name.startsWith('fonts/')).sort().join('\n');
  if (fonts(shown) !== fonts(next)) return undefined;
  return markup;
}

/**
 * Replaces the page's document with `markup` (an `<html>` element) through
 * the DevTools DOM domain, which patches only the nodes that differ (no
 * script of the page runs: JavaScript stays off), then, with `wait`, waits
 * until every picture and font the new nodes ask for has loaded, as a
 * navigation's `load` would. Two round trips to the page when not waiting:
 * the document's own children name its `<html>` element.
 */
async function patchDocument(page: Page, session: CDPSession, markup: string, timeout: number, wait: boolean): Promise<void> {
  const { root } = await session.send('DOM.getDocument', { depth: 1 });
  const html = root.children?.find((child) => child.nodeType === 1 && child.nodeName === 'HTML');
  const nodeId = html?.nodeId ?? (await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'html' })).nodeId;
  await session.send('DOM.setOuterHTML', { nodeId, outerHTML: markup });
  if (!wait) return;
  const deadline = performance.now() + timeout;
  while (!(await page.evaluate(() => [...document.images].every((image) => image.complete) && document.fonts.status === 'loaded'))) {
    await whileLoading(page, deadline, `The print page's pictures and fonts did not load within ${Math.round(timeout / 1000)} s.`);
  }
}

/**
 * Waits until what the page is loading (its faces, its pictures) has
 * loaded, or failed, or the deadline: awaited in the page, in one round
 * trip, rather than asked again every few milliseconds. The page's own
 * scripts are off, but what the sandbox evaluates there runs, and awaits
 * (its continuation is run by the inspector, not by the page). The caller
 * checks again afterwards.
 */
export async function whileLoading(page: Page, deadline: number, failure: string): Promise<void> {
  const left = deadline - performance.now();
  if (left <= 0) throw new Error(failure);
  let timer: NodeJS.Timeout | undefined;
  const loaded = page.evaluate(async () => {
    await Promise.all([document.fonts.ready, ...[...document.images].map((image) => (image.complete ? undefined : image.decode().catch(() => undefined)))]);
  });
  loaded.catch(() => {}); // a page closed meanwhile is told by the next check
  await Promise.race([loaded, new Promise<void>((resolve) => (timer = setTimeout(resolve, left)))]);
  clearTimeout(timer);
}

/**
 * Opens `files` in a fresh sandboxed page of `browser` and prints it to PDF.
 * Returns the PDF bytes and the URLs that were refused.
 */
export async function renderSandboxed(browser: Browser, files: SandboxFiles, options: SandboxRenderOptions = {}): Promise<SandboxResult> {
  const sandbox = await openSandbox(browser, options.timeoutMs);
  try {
    return await sandbox.render(files, options);
  } finally {
    await sandbox.close();
  }
}

/**
 * Sandboxed pages kept open across the documents of a batch: making a
 * context and a page costs about as much as printing one. A page serves one
 * document at a time; with JavaScript off and the cache disabled nothing of
 * one document outlives its render.
 */
export class SandboxPool {
  private readonly idle: Sandbox[] = [];
  private readonly all: Sandbox[] = [];
  private readonly uses = new Map<Sandbox, number>();
  /** The garbage collections of the pages given back (collectGarbage()). */
  private readonly collecting = new Map<Sandbox, Promise<void>>();
  /** A page's renderer grows as it serves documents: replace it after this many. */
  static readonly MAX_USES = 25;

  constructor(
    private readonly browser: Browser,
    private readonly timeoutMs = 60_000,
  ) {}

  async acquire(): Promise<Sandbox> {
    const sandbox = this.idle.pop();
    if (sandbox) {
      await this.collecting.get(sandbox);
      this.collecting.delete(sandbox);
      return sandbox;
    }
    const opened = await openSandbox(this.browser, this.timeoutMs);
    this.all.push(opened);
    return opened;
  }

  /** Returns a page for reuse; after a failed render pass `broken` and it is closed instead. */
  async release(sandbox: Sandbox, broken = false): Promise<void> {
    const uses = (this.uses.get(sandbox) ?? 0) + 1;
    this.uses.set(sandbox, uses);
    if (!broken && uses < SandboxPool.MAX_USES) {
      // The document's garbage is collected while no layout waits for it; the next layout to take this page waits for the collection to end (it has, mostly).
      // A page that has shown nothing yet (opened ahead, while the browser started) has nothing to collect.
      if (sandbox.loads > 0) this.collecting.set(sandbox, sandbox.collectGarbage().catch(() => {}));
      this.idle.push(sandbox);
      return;
    }
    this.all.splice(this.all.indexOf(sandbox), 1);
    this.uses.delete(sandbox);
    await sandbox.close();
  }

  async close(): Promise<void> {
    await Promise.all(this.all.splice(0).map((sandbox) => sandbox.close()));
    this.idle.length = 0;
  }
}

/** Evaluated in the page: each figure's height (its top margin included) and its picture's. */
function readFigureBoxes(captionShares: number[]): ScreenFigure[] {
  return [...document.querySelectorAll('figure[id]')].map((figure) => {
    const picture = figure.querySelector('img');
    const box = picture?.getBoundingClientRect();
    // A strip cut into pieces (html.ts) is one picture, as tall as its pieces together.
    const pieces = [...figure.querySelectorAll('img.strip')].map((piece) => piece.getBoundingClientRect());
    const height = pieces.length > 1 ? pieces.reduce((sum, piece) => sum + piece.height, 0) : box ? box.height : 0;
    const width = figure.getBoundingClientRect().width;
    // The caption at each width asked for: a copy of it, out of the flow (so that nothing else moves) and unseen, in the figure (so that its styles are the caption's).
    const caption = figure.querySelector(':scope > figcaption');
    let captions: { caption: number; captions: number[] } | undefined;
    if (caption instanceof HTMLElement) {
      const above = Number.parseFloat(getComputedStyle(caption).marginTop);
      const copy = caption.cloneNode(true) as HTMLElement;
      copy.removeAttribute('id');
      for (const named of copy.querySelectorAll('[id]')) named.removeAttribute('id');
      copy.style.cssText = 'position: absolute; visibility: hidden; left: 0; top: 0; margin: 0;';
      figure.append(copy);
      const heights = captionShares.map((share) => {
        copy.style.width = `${share * width}px`;
        return copy.getBoundingClientRect().height + above;
      });
      copy.remove();
      captions = { caption: caption.getBoundingClientRect().height + above, captions: heights };
    }
    return {
      id: figure.id,
      height: figure.getBoundingClientRect().height + Number.parseFloat(getComputedStyle(figure).marginTop),
      picture: height,
      ...(box && height > 0 ? { shape: box.width / height } : {}),
      width,
      ...(captions && captionShares.length > 0 ? captions : {}),
    };
  });
}

/**
 * Evaluated in the page (with its own scripts off): the lines of every
 * paragraph and list item, read character by character from a Range's client
 * rects. A character just after a line break also has a rect at the end of
 * the line before (the hyphen Chromium draws there): its lowest rect places it.
 * Null while a face or a picture is still loading.
 *
 * A run of letters, digits, punctuation and symbols (no space, soft hyphen,
 * mark or other format character, nor half of a surrogate pair) that gives
 * one rect as a whole lies on one line, in one box: each of its characters
 * has that box's top and bottom, so the run is placed with one Range instead
 * of one per character (a Range a character was most of a measure's cost in
 * the renderer). A run that gives more than one rect (broken across lines,
 * split by direction, or just after a break, where the hyphen drawn at the
 * line before adds one) is halved until its parts give one, or are single
 * characters, read as before; spaces are read alone, for their widths.
 *
 * With `generation`, the lines of each block are kept in the page, under
 * what decides how the block breaks: its markup, its width and indent, its
 * ancestors and neighbours (their names, classes, language, direction and
 * style), and the styles in the page's head. A later call with the same generation reads only the blocks that
 * changed (a patch that tracks a line or sets a word whole changes one or two
 * paragraphs of an article) and gives the others' lines as they were read: a
 * block whose markup and surroundings are the same breaks the same on the
 * screen, where no page break cuts it. Another generation starts afresh.
 */
export function readScreenLines(generation?: string): ScreenLine[] | null {
  // Not before every face and picture has loaded.
  if (document.fonts.status !== 'loaded' || ![...document.images].every((image) => image.complete)) return null;
  // No named inner functions: a build of this file that keeps function names would wrap them in a helper the page does not have.
  const lines: ScreenLine[] = [];
  const range = document.createRange();
  const plain = /[\p{L}\p{N}\p{P}\p{S}]/u;
  // The page's scripts are off: only what the sandbox evaluates sees this.
  const kept = window as unknown as { galleyScreenLines?: { generation: string; head: string; blocks: Map<string, ScreenLine[]> } };
  // The styles in the page's head (its faces, its page's sizes) hold for every block: when they changed, every block is read again.
  const head = document.head.innerHTML;
  const earlier =
    generation === undefined ? undefined : kept.galleyScreenLines?.generation === generation && kept.galleyScreenLines.head === head ? kept.galleyScreenLines.blocks : new Map<string, ScreenLine[]>();
  const now = new Map<string, ScreenLine[]>();
  for (const block of document.body.querySelectorAll('p, li')) {
    let key: string | undefined;
    if (earlier) {
      const style = getComputedStyle(block);
      const around = [block.previousElementSibling, block.nextElementSibling].map((element) => (element ? `${element.tagName}.${element.className}` : '-'));
      for (let up = block.parentElement; up; up = up.parentElement) {
        around.push(`${up.tagName}.${up.className}[${up.getAttribute('lang') ?? ''}|${up.getAttribute('dir') ?? ''}|${up.getAttribute('style') ?? ''}]`);
      }
      key = [block.getBoundingClientRect().width, style.textIndent, style.width, ...around, block.outerHTML].join('\n');
      const read = earlier.get(key) ?? now.get(key);
      if (read) {
        now.set(key, read);
        lines.push(...read);
        continue;
      }
    }
    const blockLines: ScreenLine[] = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    // The block's characters, line by line.
    const byLine: Array<Array<{ char: string; size: number; width: number; code: boolean }>> = [];
    let bottom = -Infinity;
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      let nested = false;
      let note = false;
      let code = false;
      for (let up = node.parentElement; up && up !== block; up = up.parentElement) {
        if (up.tagName === 'P' || up.tagName === 'LI') nested = true;
        if (up.tagName === 'SUP') note = true;
        if (up.tagName === 'CODE' || up.tagName === 'KBD' || up.tagName === 'SAMP') code = true;
      }
      if (nested || note || !node.parentElement) continue;
      const size = Number.parseFloat(getComputedStyle(node.parentElement).fontSize);
      const data = node.data;
      // Runs of plain characters, each read whole while it gives more than one rect (a run broken across lines is halved until each part lies on one line); every other character alone.
      const parts: Array<[number, number]> = [];
      for (let i = data.length; i > 0; ) {
        let start = i - 1;
        if (plain.test(data[start]!)) while (start > 0 && plain.test(data[start - 1]!)) start--;
        parts.push([start, i]);
        i = start;
      }
      for (let part = parts.pop(); part; part = parts.pop()) {
        const [from, to] = part;
        range.setStart(node, from);
        range.setEnd(node, to);
        const rects = range.getClientRects();
        let rect: DOMRect | undefined;
        if (to - from > 1) {
          if (rects.length !== 1 || !(rects[0]!.height > 0)) {
            const middle = (from + to) >> 1;
            parts.push([middle, to], [from, middle]);
            continue;
          }
          rect = rects[0]!;
        } else {
          for (const candidate of rects) if (candidate.height > 0 && (!rect || candidate.top > rect.top)) rect = candidate;
          if (!rect) continue;
        }
        if ((rect.top + rect.bottom) / 2 > bottom) {
          byLine.push([]);
          bottom = rect.bottom;
        }
        bottom = Math.max(bottom, rect.bottom);
        const current = byLine[byLine.length - 1]!;
        // (A width is kept for spaces only, which are read alone.)
        for (let i = from; i < to; i++) current.push({ char: data[i]!, size, width: rect.width, code });
      }
    }
    for (const all of byLine) {
      if (all.length === 0) continue;
      const counts = new Map<number, number>();
      for (const { size } of all) counts.set(size, (counts.get(size) ?? 0) + 1);
      const size = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
      const own = all.filter((char) => char.size === size);
      const text = all.map(({ char }) => char).join('');
      blockLines.push({
        text: text.endsWith('\u00AD') ? `${text.slice(0, -1)}-` : text,
        size,
        spaces: own.filter(({ char }) => char === ' ' || char === '\u00A0').map(({ width }) => width),
        sized: own.map(({ char }) => char).join(''),
        gaps: all.filter(({ char, code }) => !code && (char === ' ' || char === '\u00A0')).map(({ width }) => width),
        ...(blockLines.length === 0 ? { first: true as const } : {}),
      });
    }
    lines.push(...blockLines);
    if (key !== undefined) now.set(key, blockLines);
  }
  // Only this call's blocks are kept: those of a page patched since are not asked for again.
  if (generation !== undefined) kept.galleyScreenLines = { generation, head, blocks: now };
  return lines;
}
