/*
 * Filters the pre-rendered table of search.html in place: text (any substring: Chinese has
 * no spaces; space-separated terms must all match), city, responsible official, deadline
 * kind and year. Text is compared after NFKC and lower-casing, as search-index.ts does.
 * The filters live in the URL (?q=…&city=…) so a search can be linked; nothing is sent anywhere.
 */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var table = document.getElementById('results');
  if (!form || !table || !table.tBodies[0]) return;
  var status = document.getElementById('search-status');
  var none = document.getElementById('no-results');
  var FIELDS = ['q', 'city', 'who', 'kind', 'year'];

  function norm(text) {
    return (text || '').normalize('NFKC').toLowerCase();
  }

  var rows = Array.prototype.map.call(table.tBodies[0].rows, function (tr) {
    var cell = tr.querySelector('td.text');
    var text = cell ? cell.textContent : '';
    return {
      tr: tr,
      cell: cell,
      text: text,
      normText: norm(text),
      hay: norm(tr.textContent),
      names: norm(tr.getAttribute('data-names')).split('\n'),
      city: tr.getAttribute('data-city'),
      kind: tr.getAttribute('data-kind'),
      year: tr.getAttribute('data-year'),
      marked: false,
    };
  });

  function value(name) {
    var field = form.elements.namedItem(name);
    return field ? field.value.trim() : '';
  }

  /** Rewrites the text cell with <mark> around every match (text nodes only: no markup from data). */
  function mark(row, terms) {
    if (!row.cell) return;
    if (terms.length === 0 || row.normText.length !== row.text.length) {
      if (row.marked) row.cell.textContent = row.text;
      row.marked = false;
      return;
    }
    var ranges = [];
    terms.forEach(function (term) {
      for (var at = row.normText.indexOf(term); at !== -1; at = row.normText.indexOf(term, at + term.length)) {
        ranges.push([at, at + term.length]);
      }
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0];
    });
    row.cell.textContent = '';
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[1] <= pos) return;
      var start = Math.max(r[0], pos);
      if (start > pos) row.cell.appendChild(document.createTextNode(row.text.slice(pos, start)));
      var m = document.createElement('mark');
      m.textContent = row.text.slice(start, r[1]);
      row.cell.appendChild(m);
      pos = r[1];
    });
    if (pos < row.text.length) row.cell.appendChild(document.createTextNode(row.text.slice(pos)));
    row.marked = true;
  }

  function apply() {
    var terms = norm(value('q')).split(/\s+/).filter(Boolean);
    var city = value('city');
    var who = norm(value('who'));
    var kind = value('kind');
    var year = value('year');
    var shown = 0;
    rows.forEach(function (row) {
      var ok =
        (!city || row.city === city) &&
        (!kind || row.kind === kind) &&
        (!year || row.year === year) &&
        (!who || row.names.some(function (n) { return n.indexOf(who) !== -1; })) &&
        terms.every(function (t) { return row.hay.indexOf(t) !== -1; });
      row.tr.hidden = !ok;
      mark(row, ok ? terms : []);
      if (ok) shown++;
    });
    var filtered = terms.length > 0 || city || who || kind || year;
    status.textContent = filtered ? '找到 ' + shown + ' 项（共 ' + rows.length + ' 项）' : '共 ' + rows.length + ' 项';
    if (none) none.hidden = shown > 0;
    table.hidden = shown === 0;
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) {
      if (value(name)) params.set(name, value(name));
    });
    var query = params.toString();
    try {
      history.replaceState(null, '', query ? '?' + query : location.pathname);
    } catch (e) {
      // file:// pages may refuse history changes; the filter still works.
    }
  }

  var initial = new URLSearchParams(location.search);
  FIELDS.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field && initial.get(name)) field.value = initial.get(name);
  });
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    apply();
  });
  form.addEventListener('reset', function (e) {
    e.preventDefault();
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) field.value = '';
    });
    apply();
  });
  apply();
})();
