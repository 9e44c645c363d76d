/**
 * Views as data: a small element tree that the site builder writes as HTML text
 * (renderViewHtml) and the browser scripts turn into DOM nodes (browser/dom.ts). A view
 * built once, from the same function, reads the same pre-rendered and in the page.
 *
 * Safe by construction: text is always text (escaped here, a text node in the page), only
 * the tags and attributes named below exist, so no event handler, script or style can be
 * built from data. Plain code with no Node imports: the browser bundles it.
 */
import { escapeHtml, SafeHtml } from './escape.ts';

/** The elements views may build. */
export type ViewTag =
  | 'a'
  | 'article'
  | 'caption'
  | 'code'
  | 'dd'
  | 'del'
  | 'details'
  | 'div'
  | 'dl'
  | 'dt'
  | 'h2'
  | 'h3'
  | 'h4'
  | 'ins'
  | 'li'
  | 'mark'
  | 'ol'
  | 'p'
  | 's'
  | 'section'
  | 'span'
  | 'strong'
  | 'summary'
  | 'table'
  | 'tbody'
  | 'td'
  | 'th'
  | 'thead'
  | 'time'
  | 'tr'
  | 'ul';

/**
 * The attributes views may set. Links are built from the site's own paths, or from the
 * repository address the site was configured with (commits, pull requests), never from a
 * URL in the data.
 */
export type ViewAttrName = 'aria-hidden' | 'class' | 'datetime' | 'hidden' | 'href' | 'id' | 'scope' | 'title' | `data-${string}`;
export type ViewAttrs = Readonly<Partial<Record<ViewAttrName, string | number>>>;

export interface ViewElement {
  readonly tag: ViewTag;
  readonly attrs: ViewAttrs;
  readonly children: readonly ViewNode[];
}

/** Text (a string or number), an element, nothing (null, undefined, false, ''), or a list of these. */
export type ViewNode = string | number | null | undefined | false | ViewElement | readonly ViewNode[];

/** An element: `el('td', { class: 'seq' }, record.seq)`. */
export function el(tag: ViewTag, attrs: ViewAttrs = {}, ...children: ViewNode[]): ViewElement {
  return { tag, attrs, children };
}

/** Whether a node is an element (not text, nothing or a list). */
export function isViewElement(node: ViewNode): node is ViewElement {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** The attributes that are set, in the order they were written (which fixes the HTML's bytes). */
export function attributesOf(element: ViewElement): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(element.attrs)) if (value !== undefined) out.push([name, String(value)]);
  return out;
}

function writeHtml(node: ViewNode, out: string[]): void {
  if (node === null || node === undefined || node === false) return;
  if (typeof node === 'string') out.push(escapeHtml(node));
  else if (typeof node === 'number') out.push(String(node));
  else if (isViewElement(node)) {
    out.push(`<${node.tag}`);
    for (const [name, value] of attributesOf(node)) out.push(` ${name}="${escapeHtml(value)}"`);
    out.push('>');
    for (const child of node.children) writeHtml(child, out);
    out.push(`</${node.tag}>`);
  } else for (const child of node) writeHtml(child, out);
}

/** A view as HTML text, every string escaped. */
export function renderViewHtml(node: ViewNode): SafeHtml {
  const out: string[] = [];
  writeHtml(node, out);
  return new SafeHtml(out.join(''));
}
