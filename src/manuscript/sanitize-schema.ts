/**
 * What survives rehype-sanitize: GitHub's safe subset (hast-util-sanitize's
 * default schema) plus the elements galley itself makes: figures with their
 * captions and credit lines, a table's own `<caption>` (dropped, its text was
 * left loose in the table, which no XHTML allows: EPUBCheck refused the
 * e-book), and a few harmless inline elements the subset
 * lacks (`<u>`, which it removed without a word, keeping its text plain).
 */
import { defaultSchema, type Schema } from 'hast-util-sanitize';

const attributes = defaultSchema.attributes ?? {};

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'caption', 'abbr', 'cite', 'mark', 'small', 'u'],
  attributes: {
    ...attributes,
    figure: [['className', 'figure'], 'dataCredit', 'dataLicense', 'dataKind'],
    figcaption: [],
    abbr: ['title'],
    p: [...(attributes.p ?? []), ['className', 'credit', 'credit-long']],
  },
  // Editions run no scripts, so DOM clobbering (what the default `user-content-`
  // prefix guards against) cannot happen; prefixing again would also break the
  // footnote links remark-rehype already prefixed.
  clobber: [],
  // Images may only come from the manuscript folder (rehype-figures checks);
  // keep relative URLs so it can report them instead of losing them here.
  protocols: { ...defaultSchema.protocols, src: ['http', 'https'] },
};
