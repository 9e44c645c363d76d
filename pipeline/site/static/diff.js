/*
 * Character diff for the compare page, without a server. Same units as the pipeline's
 * diffChars (pipeline/diff/char-diff.ts): a number (5.5, 2.75, 1,000) or a Latin word is
 * one unit, every other character is its own. Myers' O(ND) shortest edit script, then a
 * semantic cleanup (as diff-match-patch does) so a reworded phrase reads as one deletion
 * and one insertion instead of scattered single characters.
 * Result: [['=', kept], ['-', deleted], ['+', inserted], ...]; '=' and '-' give the
 * before text, '=' and '+' the after text.
 */
(function (root) {
  'use strict';

  var TOKEN = /\d+(?:[.,]\d+)*|[A-Za-z]+|[\s\S]/gu;
  /** Beyond this many edits the texts have little in common: show old and new whole. */
  var MAX_EDITS = 1500;

  function tokenize(text) {
    return text.match(TOKEN) || [];
  }

  /** Myers' algorithm on token arrays; returns per-token ops, or null past MAX_EDITS. */
  function myers(a, b) {
    var n = a.length;
    var m = b.length;
    var max = n + m;
    var offset = max + 1;
    var v = new Int32Array(2 * max + 3);
    var trace = [];
    for (var d = 0; d <= max; d++) {
      if (d > MAX_EDITS) return null;
      // Keep only the diagonals step d can read: k in [-d-1, d+1].
      trace.push(v.slice(offset - d - 1, offset + d + 2));
      for (var k = -d; k <= d; k += 2) {
        var x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
        var y = x - k;
        while (x < n && y < m && a[x] === b[y]) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) return backtrack(trace, a, b);
      }
    }
    return null;
  }

  function backtrack(trace, a, b) {
    var ops = [];
    var x = a.length;
    var y = b.length;
    for (var d = trace.length - 1; d >= 0; d--) {
      var t = trace[d];
      var at = function (k) {
        return t[k + d + 1];
      };
      var k = x - y;
      var prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
      var prevX = at(prevK);
      var prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        ops.push(['=', a[x - 1]]);
        x--;
        y--;
      }
      if (d > 0) {
        if (x === prevX) ops.push(['+', b[prevY]]);
        else ops.push(['-', a[prevX]]);
      }
      x = prevX;
      y = prevY;
    }
    return ops.reverse();
  }

  /** Merges runs: within each changed region all deletions, then all insertions. */
  function normalize(ops) {
    var out = [];
    var del = '';
    var ins = '';
    function flush() {
      if (del) out.push(['-', del]);
      if (ins) out.push(['+', ins]);
      del = '';
      ins = '';
    }
    for (var i = 0; i < ops.length; i++) {
      var op = ops[i][0];
      var text = ops[i][1];
      if (text === '') continue;
      if (op === '-') del += text;
      else if (op === '+') ins += text;
      else {
        flush();
        var last = out[out.length - 1];
        if (last && last[0] === '=') last[1] += text;
        else out.push(['=', text]);
      }
    }
    flush();
    return out;
  }

  /** Sizes of the changed region next to ops[i], walking in direction step; null when none. */
  function region(ops, i, step) {
    var del = 0;
    var ins = 0;
    for (var j = i; j >= 0 && j < ops.length && ops[j][0] !== '='; j += step) {
      if (ops[j][0] === '-') del += ops[j][1].length;
      else ins += ops[j][1].length;
    }
    return del + ins > 0 ? Math.max(del, ins) : null;
  }

  /** Absorbs short equalities wedged between larger changes into the changes. */
  function cleanupSemantic(ops) {
    var changed = true;
    while (changed) {
      changed = false;
      for (var i = 1; i < ops.length - 1; i++) {
        if (ops[i][0] !== '=') continue;
        var before = region(ops, i - 1, -1);
        var after = region(ops, i + 1, 1);
        var len = ops[i][1].length;
        if (before !== null && after !== null && len <= before && len <= after) {
          var text = ops[i][1];
          ops.splice(i, 1, ['-', text], ['+', text]);
          ops = normalize(ops);
          changed = true;
          break;
        }
      }
    }
    return ops;
  }

  function diffChars(before, after) {
    if (before === after) return before === '' ? [] : [['=', before]];
    var a = tokenize(before);
    var b = tokenize(after);
    var start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    var endA = a.length;
    var endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
      endA--;
      endB--;
    }
    var middle = myers(a.slice(start, endA), b.slice(start, endB)) || [
      ['-', a.slice(start, endA).join('')],
      ['+', b.slice(start, endB).join('')],
    ];
    var ops = [['=', a.slice(0, start).join('')]].concat(middle, [['=', a.slice(endA).join('')]]);
    return cleanupSemantic(normalize(ops));
  }

  root.SiteDiff = { diffChars: diffChars, tokenize: tokenize };
})(typeof window !== 'undefined' ? window : globalThis);
