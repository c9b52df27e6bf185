/** Types of browser-places.mjs (plain JavaScript, so that the postinstall can read it unbundled). */
export type BrowserPlaceSpec = { readonly kind: 'shell' | 'full' } & ({ readonly puppeteer: 'chrome-headless-shell' | 'chrome' } | { readonly file: string } | { readonly name: string });

export declare const browserPlaces: readonly BrowserPlaceSpec[];
export declare function isExecutableFile(file: string): boolean;
export declare function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined;
export declare function isHeadlessShell(file: string): boolean;
