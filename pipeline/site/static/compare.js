/*
 * The compare page: loads data/v<version>.json (written by the site builder) for the two
 * chosen versions, compares them (compare-data.js) and renders the result like the
 * pre-rendered comparison, text changes highlighted by character (diff.js). Data only
 * ever reaches the page as text nodes, never as markup.
 */
(function () {
  'use strict';
  var form = document.getElementById('compare-form');
  var result = document.getElementById('compare-result');
  var main = document.getElementById('main');
  if (!form || !result || !window.SiteDiff || !window.SiteCompare || !window.fetch) return;
  var compare = window.SiteCompare.compare;
  var show = window.SiteCompare.show;
  var HIDDEN_FIELDS = window.SiteCompare.HIDDEN_FIELDS;
  var root = (main && main.getAttribute('data-root')) || '';
  var fromSel = form.elements.namedItem('from');
  var toSel = form.elements.namedItem('to');
  var shown = { from: result.getAttribute('data-from'), to: result.getAttribute('data-to') };
  var cache = {};
  var FIELD_LABEL = { year: '年份 year', city: '城市 city', seq: '序号 seq', text: '承诺事项 text', deadline: '完成时间 deadline', responsible: '责任人 responsible' };
  var CITY_FIELD_LABEL = { complete: '完整性 complete', contact: '联系人 contact', source: '来源 source' };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c === null || c === undefined || c === '') return;
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return node;
  }

  function diffNodes(ops) {
    return ops.map(function (op) {
      return op[0] === '=' ? document.createTextNode(op[1]) : el(op[0] === '-' ? 'del' : 'ins', {}, [op[1]]);
    });
  }

  function load(version) {
    if (!cache[version]) {
      cache[version] = fetch(root + 'data/v' + encodeURIComponent(version) + '.json').then(function (res) {
        if (!res.ok) throw new Error('v' + version + ': HTTP ' + res.status);
        return res.json();
      });
    }
    return cache[version];
  }

  function idLink(id) {
    return el('a', { href: root + 'commitment/' + encodeURIComponent(id) + '.html' }, [id]);
  }

  function names(list) {
    var nodes = [];
    list.forEach(function (n, i) {
      if (i > 0) nodes.push('、');
      nodes.push(el('span', { class: 'name' }, [n]));
    });
    return nodes;
  }

  function recordTable(records, caption, withdrawn) {
    var rows = records.map(function (r) {
      return el('tr', {}, [
        el('td', { 'data-label': '序号', class: 'seq' }, [r.seq]),
        el('td', { class: 'text' }, [withdrawn ? el('s', {}, [r.text]) : r.text]),
        el('td', { 'data-label': '完成时间', class: 'deadline' }, [r.deadline]),
        el('td', { 'data-label': '责任人', class: 'responsible' }, names(r.responsible)),
        el('td', { 'data-label': '编号', class: 'id' }, [idLink(r.id)]),
      ]);
    });
    var head = ['序号 seq', '承诺事项 text', '完成时间 deadline', '责任人 responsible', '编号 id'].map(function (h) {
      return el('th', { scope: 'col' }, [h]);
    });
    return el('div', { class: 'table-wrap' }, [
      el('table', { class: 'records' }, [el('caption', { class: 'sr-only' }, [caption]), el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]),
    ]);
  }

  function fieldValue(name, old, now) {
    if (name === 'seq') return ['第', el('del', {}, [String(old)]), '项 → 第', el('ins', {}, [String(now)]), '项'];
    if (name === 'responsible') {
      var added = now.filter(function (n) { return old.indexOf(n) === -1; });
      var removed = old.filter(function (n) { return now.indexOf(n) === -1; });
      var parts = [];
      if (added.length) parts.push(el('span', { class: 'who-added' }, ['增加 ', el('ins', {}, [added.join('、')])]), ' ');
      if (removed.length) parts.push(el('span', { class: 'who-removed' }, ['移除 ', el('del', {}, [removed.join('、')])]), ' ');
      if (!added.length && !removed.length) parts.push('顺序调整 ');
      parts.push(el('span', { class: 'was' }, ['（' + show(old) + ' → ' + show(now) + '）']));
      return parts;
    }
    if (name === 'complete') return [(old ? '完整' : '不完整') + ' → ' + (now ? '完整' : '不完整')];
    return [el('span', { class: 'diff' }, diffNodes(window.SiteDiff.diffChars(show(old), show(now))))];
  }

  function modifiedCard(c) {
    var kinds = [
      c.fields.indexOf('text') !== -1 ? '改写 reworded' : '',
      c.fields.indexOf('seq') !== -1 ? '重新编号 renumbered' : '',
      c.fields.indexOf('responsible') !== -1 ? '责任人调整 reassigned' : '',
      c.fields.indexOf('deadline') !== -1 ? '完成时间调整 deadline' : '',
    ].filter(Boolean);
    var head = [idLink(c.record.id), ' 第' + c.record.seq + '项'];
    if (c.fields.indexOf('seq') !== -1) head.push('（原第' + c.old.seq + '项）');
    head.push(' ');
    kinds.forEach(function (k) { head.push(el('span', { class: 'tag' }, [k])); });
    var rows = visible(c.fields).map(function (f) {
      return el('div', {}, [el('dt', {}, [FIELD_LABEL[f]]), el('dd', {}, fieldValue(f, c.old[f], c.record[f]))]);
    });
    return el('article', { class: 'change modified', 'data-id': c.record.id }, [el('p', { class: 'change-head' }, head), el('dl', { class: 'fields' }, rows)]);
  }

  function visible(fields) {
    return fields.filter(function (f) {
      return HIDDEN_FIELDS.indexOf(f) === -1;
    });
  }

  function renumberingOnly(c) {
    var shownFields = visible(c.fields);
    return shownFields.length === 1 && shownFields[0] === 'seq';
  }

  function excerpt(text) {
    var chars = Array.from(text);
    return chars.length <= 40 ? text : chars.slice(0, 40).join('') + '…';
  }

  function renumberedTable(changes, city) {
    var rows = changes.map(function (c) {
      return el('tr', { 'data-id': c.record.id }, [
        el('td', { 'data-label': '编号', class: 'id' }, [idLink(c.record.id)]),
        el('td', { 'data-label': '序号', class: 'renumber' }, fieldValue('seq', c.old.seq, c.record.seq)),
        el('td', { class: 'excerpt' }, [excerpt(c.record.text)]),
      ]);
    });
    var head = ['编号 id', '序号 seq', '承诺事项 text'].map(function (h) {
      return el('th', { scope: 'col' }, [h]);
    });
    return el('div', { class: 'table-wrap' }, [
      el('table', { class: 'renumbered' }, [el('caption', { class: 'sr-only' }, [city + '重新编号的承诺事项']), el('thead', {}, [el('tr', {}, head)]), el('tbody', {}, rows)]),
    ]);
  }

  function cityItems(c) {
    if (c.type === 'city-added') return [el('li', {}, ['新增城市 ' + c.city.name + '：' + c.city.commitments + ' 项' + (c.city.complete ? '' : '（来源不完整）')])];
    if (c.type === 'city-removed') return [el('li', {}, ['移除城市 ' + c.city.name])];
    return c.fields.map(function (f) {
      return el('li', {}, [CITY_FIELD_LABEL[f] + '：'].concat(fieldValue(f, c.old[f], c.city[f])));
    });
  }

  function render(before, after, diff) {
    var names = {};
    before.cities.concat(after.cities).forEach(function (c) { names[c.year + '|' + c.code] = c.name; });
    var groups = [];
    var byKey = {};
    diff.changes.forEach(function (c) {
      var key = c.year + '|' + c.code;
      if (!byKey[key]) groups.push((byKey[key] = { year: c.year, code: c.code, changes: [] }));
      byKey[key].changes.push(c);
    });
    var nodes = [
      el('p', { class: 'compare-summary' }, [
        'v' + before.version + ' → v' + after.version + '：新增 ', el('strong', {}, [diff.summary.added]), ' 项，撤回 ',
        el('strong', {}, [diff.summary.removed]), ' 项，修改 ', el('strong', {}, [diff.summary.modified]), ' 项',
      ]),
    ];
    if (groups.length === 0) nodes.push(el('p', { class: 'empty' }, ['没有变更。No changes.']));
    groups.forEach(function (g) {
      var name = names[g.year + '|' + g.code] || g.code;
      var of = function (type) {
        return g.changes.filter(function (c) { return c.type === type; });
      };
      var page = after.cityPages[g.code] || before.cityPages[g.code];
      var title = page ? el('a', { href: root + page }, [name]) : name;
      var section = el('section', { class: 'city-changes' }, [el('h3', {}, [title, ' · ' + g.year + '年'])]);
      var cityChanges = g.changes.filter(function (c) { return c.type.indexOf('city-') === 0; });
      if (cityChanges.length) {
        section.appendChild(el('h4', {}, ['城市信息 city']));
        section.appendChild(el('ul', { class: 'city-fields' }, [].concat.apply([], cityChanges.map(cityItems))));
      }
      var removed = of('removed').map(function (c) { return c.record; });
      var added = of('added').map(function (c) { return c.record; });
      var modified = of('modified').filter(function (c) { return !renumberingOnly(c); });
      var renumbered = of('modified').filter(renumberingOnly);
      if (removed.length) section.append(el('h4', {}, ['撤回 withdrawn（' + removed.length + '）']), recordTable(removed, name + '撤回的承诺事项', true));
      if (added.length) section.append(el('h4', {}, ['新增 added（' + added.length + '）']), recordTable(added, name + '新增的承诺事项', false));
      if (modified.length) section.append.apply(section, [el('h4', {}, ['修改 modified（' + modified.length + '）'])].concat(modified.map(modifiedCard)));
      if (renumbered.length) section.append(el('h4', {}, ['仅重新编号 renumbered（' + renumbered.length + '）']), renumberedTable(renumbered, name));
      nodes.push(section);
    });
    result.replaceChildren.apply(result, nodes);
  }

  var latestRequest = 0;

  function run(from, to) {
    // Only the newest request may render: an older, slower one must not overwrite it.
    var ticket = ++latestRequest;
    if (from === shown.from && to === shown.to) {
      result.removeAttribute('aria-busy');
      return Promise.resolve();
    }
    result.setAttribute('aria-busy', 'true');
    return Promise.all([load(from), load(to)])
      .then(function (data) {
        if (ticket !== latestRequest) return;
        render(data[0], data[1], compare(data[0], data[1]));
        shown = { from: from, to: to };
        result.setAttribute('data-from', from);
        result.setAttribute('data-to', to);
      })
      .catch(function (err) {
        if (ticket !== latestRequest) return;
        result.replaceChildren(
          el('p', { class: 'notice' }, ['无法读取版本数据（' + err.message + '）。若以 file:// 打开本站，浏览器会禁止读取；请通过网站访问，或查看各版本页面。']),
        );
        shown = { from: null, to: null };
      })
      .then(function () {
        if (ticket === latestRequest) result.removeAttribute('aria-busy');
      });
  }

  function update() {
    var params = new URLSearchParams({ from: fromSel.value, to: toSel.value });
    try {
      history.replaceState(null, '', '?' + params.toString());
    } catch (e) {
      // file:// pages may refuse history changes.
    }
    run(fromSel.value, toSel.value);
  }

  function has(select, v) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === v; });
  }

  var initial = new URLSearchParams(location.search);
  if (has(fromSel, initial.get('from'))) fromSel.value = initial.get('from');
  if (has(toSel, initial.get('to'))) toSel.value = initial.get('to');
  form.hidden = false;
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    update();
  });
  fromSel.addEventListener('change', update);
  toSel.addEventListener('change', update);
  document.getElementById('swap').addEventListener('click', function () {
    var f = fromSel.value;
    fromSel.value = toSel.value;
    toSel.value = f;
    update();
  });
  run(fromSel.value, toSel.value);
})();
