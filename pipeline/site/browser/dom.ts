/**
 * The browser side of view-tree.ts: a view as DOM nodes. Strings become text nodes (never
 * parsed as markup), elements are created by their tag with their attributes set one by
 * one. Browser-only: the page scripts import it, no module of the pipeline does.
 */
import { attributesOf, isViewElement, type ViewNode } from '../view-tree.ts';

function appendView(node: ViewNode, doc: Document, out: Node[]): void {
  if (node === null || node === undefined || node === false || node === '') return;
  if (typeof node === 'string' || typeof node === 'number') out.push(doc.createTextNode(String(node)));
  else if (isViewElement(node)) {
    const element = doc.createElement(node.tag);
    for (const [name, value] of attributesOf(node)) element.setAttribute(name, value);
    const children: Node[] = [];
    for (const child of node.children) appendView(child, doc, children);
    element.append(...children);
    out.push(element);
  } else for (const child of node) appendView(child, doc, out);
}

/** The nodes of a view, in order, for `replaceChildren` or `append`. */
export function renderViewDom(node: ViewNode, doc: Document): Node[] {
  const out: Node[] = [];
  appendView(node, doc, out);
  return out;
}

/** An element of the page by id, when it is there and of the expected kind. */
export function elementById<T extends HTMLElement>(doc: Document, id: string, kind: new () => T): T | null {
  const element = doc.getElementById(id);
  return element instanceof kind ? element : null;
}
