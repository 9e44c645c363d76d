/**
 * HTML built only through the `html` tag: every interpolated value is escaped unless it
 * is already SafeHtml. Seed text is untrusted (a commitment may read `<script>…`), so
 * no renderer concatenates strings into markup by hand.
 */

/** Markup that is already safe: produced by `html` (or `raw` on a trusted constant). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), markup, numbers, nothing, or lists of these. */
export type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/** Tagged template: `html\`<td>${text}</td>\`` escapes `text`; nested `html` results pass through. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks a trusted constant as markup (never data from a release). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Joins markup with a separator (itself escaped when it is text). */
export function join(items: readonly Interpolation[], separator: Interpolation = ''): SafeHtml {
  const sep = render(separator);
  return new SafeHtml(items.map(render).join(sep));
}

/**
 * An http(s) URL from untrusted data, or null: `javascript:`, `data:` and relative
 * URLs never become links.
 */
export function safeExternalUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Serializes JSON for a file the page fetches: `<` is escaped so the text can never close a tag. */
export function jsonForPage(value: unknown): string {
  return `${JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}
