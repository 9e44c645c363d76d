/**
 * What the search page and the 指标 page share: a form of filters named by the page's query
 * parameters, kept in the URL so a view can be linked. Browser-only, like dom.ts.
 */

export type FilterField = HTMLInputElement | HTMLSelectElement;

/** A form's filters, read by name. */
export interface FilterForm<P extends string> {
  /** The field of a parameter, when the form has one. */
  field(name: P): FilterField | null;
  /** The trimmed value of a parameter's field ('' when there is none). */
  value(name: P): string;
}

/**
 * Fills the form from the page's URL, re-runs `apply` on every input, change and submit,
 * and clears every field on reset (then applies). The page runs `apply` itself once it holds
 * the returned form.
 */
export function bindFilterForm<P extends string>(form: HTMLFormElement, params: readonly P[], location: Location, apply: () => void): FilterForm<P> {
  const field = (name: P): FilterField | null => {
    const f = form.elements.namedItem(name);
    return f instanceof HTMLInputElement || f instanceof HTMLSelectElement ? f : null;
  };
  const initial = new URLSearchParams(location.search);
  for (const name of params) {
    const f = field(name);
    const value = initial.get(name);
    if (f && value) f.value = value;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  form.addEventListener('reset', (e) => {
    e.preventDefault();
    for (const name of params) {
      const f = field(name);
      if (f) f.value = '';
    }
    apply();
  });
  return { field, value: (name) => field(name)?.value.trim() ?? '' };
}

/** The query of the filters set (empty ones left out), in the order of `params`. */
export function queryOf<P extends string>(params: readonly P[], values: Readonly<Record<P, string>>): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of params) if (values[name]) out.set(name, values[name]);
  return out;
}

/** Shows the filters in the address bar without adding a history entry. */
export function showQuery(history: History, location: Location, query: URLSearchParams): void {
  const search = query.toString();
  try {
    history.replaceState(null, '', search ? `?${search}` : location.pathname);
  } catch {
    // file:// pages may refuse history changes; the filter still works.
  }
}
