// Compares a query's result on Martlet with DuckDB's, the reference.
//
// Results arrive as arrays of rows of strings (null for SQL NULL). A query with ORDER BY is
// compared as an ordered list; any other as a multiset (both sides sorted the same way).
// Numbers match when equal within 1e-6 relative; text matches after trailing blanks are
// dropped, because CHAR(n) values may come back padded or not.

const kRelativeTolerance = 1e-6;
const kNumber = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

// Only the outermost query's ORDER BY counts: parenthesized parts are removed first.
export function hasOrderBy(sql) {
  let text = stripComments(sql);
  for (let previous = ''; previous !== text;) {
    previous = text;
    text = text.replace(/\([^()]*\)/g, ' ');
  }
  return /\border\s+by\b/i.test(text);
}

function stripComments(sql) {
  return sql.replace(/--[^\n]*/g, '');
}

function cellsEqual(a, b) {
  if (a === null || b === null) return a === b;
  if (kNumber.test(a) && kNumber.test(b)) {
    const x = Number(a);
    const y = Number(b);
    if (x === y) return true;
    return Math.abs(x - y) <= kRelativeTolerance * Math.max(Math.abs(x), Math.abs(y));
  }
  return a.replace(/ +$/, '') === b.replace(/ +$/, '');
}

// A sort key that puts rows which compare equal next to each other: numbers rounded to
// 6 significant digits, text without trailing blanks.
function sortKey(row) {
  return row
    .map((cell) => {
      if (cell === null) return '\u0000NULL';
      if (kNumber.test(cell)) return Number(Number(cell).toPrecision(6)).toString();
      return cell.replace(/ +$/, '');
    })
    .join('\u0001');
}

function sortedRows(rows) {
  return rows
    .map((row) => [sortKey(row), row])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, row]) => row);
}

function show(row) {
  return row === undefined ? '(no row)' : row.map((cell) => (cell === null ? 'NULL' : cell)).join(' | ');
}

// Returns null when the results match, otherwise a readable diff.
export function compareResults(sql, actual, expected) {
  const ordered = hasOrderBy(sql);
  const lines = [];
  if (actual.columns.length !== expected.columns.length) {
    return `column count differs: Martlet ${actual.columns.length} (${actual.columns.join(', ')}), ` +
      `DuckDB ${expected.columns.length} (${expected.columns.join(', ')})`;
  }
  const left = ordered ? actual.rows : sortedRows(actual.rows);
  const right = ordered ? expected.rows : sortedRows(expected.rows);
  if (left.length !== right.length) {
    lines.push(`row count differs: Martlet ${left.length}, DuckDB ${right.length}`);
  }
  let shown = 0;
  for (let i = 0; i < Math.max(left.length, right.length) && shown < 10; i++) {
    const a = left[i];
    const b = right[i];
    const same = a !== undefined && b !== undefined && a.length === b.length &&
      a.every((cell, c) => cellsEqual(cell, b[c]));
    if (same) continue;
    lines.push(`  row ${i + 1}${ordered ? '' : ' (after sorting)'}:`);
    lines.push(`    Martlet: ${show(a)}`);
    lines.push(`    DuckDB:  ${show(b)}`);
    shown++;
  }
  if (lines.length === 0) return null;
  lines.unshift(`compared as ${ordered ? 'an ordered list (the query has ORDER BY)' : 'a multiset'}; ` +
    `columns: ${expected.columns.join(', ')}`);
  return lines.join('\n');
}

// Parses psql-style CSV (RFC 4180; an empty unquoted field is NULL, "" is the empty string).
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let cell;
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = text.indexOf('"', i);
        if (close < 0) throw new Error('unterminated quoted CSV field');
        value += text.slice(i, close);
        i = close + 1;
        if (text[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
      cell = value;
    } else {
      let end = i;
      while (end < n && text[end] !== ',' && text[end] !== '\n') end++;
      const raw = text.slice(i, end).replace(/\r$/, '');
      cell = raw === '' ? null : raw;
      i = end;
    }
    row.push(cell);
    if (i >= n || text[i] === '\n') {
      rows.push(row);
      row = [];
    }
    i++;
  }
  return rows;
}
