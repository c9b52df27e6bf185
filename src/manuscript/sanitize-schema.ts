/**
 * What survives rehype-sanitize: GitHub's safe subset (hast-util-sanitize's
 * default schema) plus the elements galley itself makes: figures with their
 * captions and credit lines.
 */
import { defaultSchema, type Schema } from 'hast-util-sanitize';

const attributes = defaultSchema.attributes ?? {};

export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption'],
  attributes: {
    ...attributes,
    figure: [['className', 'figure'], 'dataCredit', 'dataLicense'],
    figcaption: [],
    p: [...(attributes.p ?? []), ['className', 'credit']],
  },
  // Images may only come from the manuscript folder (rehype-figures checks);
  // keep relative URLs so it can report them instead of losing them here.
  protocols: { ...defaultSchema.protocols, src: ['http', 'https'] },
};
