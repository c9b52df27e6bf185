/**
 * The cover's element tree, as satori takes it: what satori-html makes of the
 * template's HTML, cleaned. satori-html keeps character references as they
 * are written (`&#39;`, `&amp;`) and leaves holes where white space was;
 * satori wants plain text and no holes. References are decoded by
 * parse-entities, as an HTML parser would.
 */
import { parseEntities } from 'parse-entities';

/** An element as satori takes it (what satori-html produces). */
export interface VNode {
  type: string;
  props: {
    style?: Record<string, unknown>;
    children?: Child | Child[];
    [prop: string]: unknown;
  };
}
export type Child = VNode | string | null | undefined;

/** Decodes the character references in text or an attribute value of HTML. */
export function decodeReferences(text: string): string {
  return parseEntities(text);
}

/**
 * Decodes references in text and attribute values, drops empty children,
 * and passes each attribute value (decoded) through `attribute`. Changes
 * `node` in place and returns it.
 */
export function cleanTree(node: VNode, attribute: (value: string) => string = (value) => value): VNode {
  const children = node.props.children;
  if (Array.isArray(children)) {
    const kept: Child[] = [];
    for (const child of children) {
      if (child === null || child === undefined) continue;
      kept.push(typeof child === 'string' ? decodeReferences(child) : cleanTree(child, attribute));
    }
    node.props.children = kept.length === 1 ? kept[0] : kept;
  } else if (typeof children === 'string') {
    node.props.children = decodeReferences(children);
  } else if (children) {
    cleanTree(children, attribute);
  }
  for (const [key, value] of Object.entries(node.props)) {
    if (key !== 'children' && typeof value === 'string') node.props[key] = attribute(decodeReferences(value));
  }
  return node;
}

/** Every element of the tree, depth first, the root first. */
export function elements(root: Child): VNode[] {
  const found: VNode[] = [];
  const walk = (node: Child): void => {
    if (!node || typeof node === 'string') return;
    found.push(node);
    const { children } = node.props;
    if (Array.isArray(children)) children.forEach(walk);
    else walk(children);
  };
  walk(root);
  return found;
}
