/*
 * Compares two versions of the data (data/v<version>.json) the way the pipeline's
 * diffDatasets does: commitments by id (added, withdrawn, modified field by field),
 * cities by year and code, sorted by year, city, then seq. Pure: no page access, so
 * the tests run it in Node against diffDatasets.
 */
(function (root) {
  'use strict';

  /** The fields compared, as diffDatasets lists them. */
  var RECORD_FIELDS = ['year', 'city', 'cityCode', 'citySlug', 'seq', 'text', 'deadline', 'due', 'ongoing', 'responsible'];
  /** Derived (due, ongoing) or identifying (cityCode, citySlug): counted, not shown. */
  var HIDDEN_FIELDS = ['cityCode', 'citySlug', 'due', 'ongoing'];

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function show(value) {
    if (value === null || value === undefined) return '（无）';
    if (typeof value === 'boolean') return value ? '是' : '否';
    if (Array.isArray(value)) return value.join('、');
    if (typeof value === 'object') {
      if ('phone' in value) return value.name + ' ' + value.phone;
      if ('title' in value) return value.title + '（' + value.publisher + '）';
    }
    return String(value);
  }

  /** The changes between two versions, sorted like the pipeline's diffDatasets. */
  function compare(before, after) {
    var keyed = [];
    var summary = { added: 0, removed: 0, modified: 0 };
    // Maps, not objects: an id such as "constructor" must not find Object.prototype.
    var oldById = new Map();
    var newIds = new Set();
    before.records.forEach(function (r) { oldById.set(r.id, r); });
    after.records.forEach(function (r) {
      newIds.add(r.id);
      var old = oldById.get(r.id);
      if (!old) {
        summary.added++;
        keyed.push({ year: r.year, code: r.cityCode, order: 1 + r.seq, type: 'added', record: r });
        return;
      }
      var fields = RECORD_FIELDS.filter(function (f) { return !same(old[f], r[f]); });
      if (fields.length === 0) return;
      summary.modified++;
      keyed.push({ year: r.year, code: r.cityCode, order: 1 + r.seq, type: 'modified', record: r, old: old, fields: fields });
    });
    before.records.forEach(function (r) {
      if (newIds.has(r.id)) return;
      summary.removed++;
      keyed.push({ year: r.year, code: r.cityCode, order: 1 + r.seq, type: 'removed', record: r });
    });
    var oldCities = new Map();
    var newCities = new Set();
    before.cities.forEach(function (c) { oldCities.set(c.year + '|' + c.code, c); });
    after.cities.forEach(function (c) {
      var key = c.year + '|' + c.code;
      newCities.add(key);
      var old = oldCities.get(key);
      if (!old) return keyed.push({ year: c.year, code: c.code, order: 0, type: 'city-added', city: c });
      var fields = ['complete', 'contact', 'source'].filter(function (f) { return !same(old[f], c[f]); });
      if (fields.length > 0) keyed.push({ year: c.year, code: c.code, order: 0, type: 'city-modified', city: c, old: old, fields: fields });
    });
    before.cities.forEach(function (c) {
      if (!newCities.has(c.year + '|' + c.code)) keyed.push({ year: c.year, code: c.code, order: 0, type: 'city-removed', city: c });
    });
    var typeOrder = { 'city-removed': 0, 'city-modified': 1, 'city-added': 2, removed: 0, modified: 1, added: 2 };
    keyed.sort(function (a, b) {
      return a.year - b.year || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0) || a.order - b.order || typeOrder[a.type] - typeOrder[b.type] ||
        (a.record && b.record ? (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0) : 0);
    });
    return { summary: summary, changes: keyed };
  }

  root.SiteCompare = { compare: compare, show: show, HIDDEN_FIELDS: HIDDEN_FIELDS };
})(typeof window !== 'undefined' ? window : globalThis);
