// The run's report: a table on standard output, a JSON record and an SVG bar chart.
import fs from 'node:fs';

const kSystems = [
  ['martlet', 'Martlet', '#2b6cb0'],
  ['duckdb', 'DuckDB', '#d69e2e'],
  ['postgres', 'PostgreSQL', '#718096'],
];

function ms(value) {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function mb(bytes) {
  return bytes === null || bytes === undefined ? '-' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function kib(value) {
  return value === null || value === undefined ? '-' : `${(value / 1024).toFixed(0)} MB`;
}

function pad(cells, widths) {
  return cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
    .join('  ');
}

// A query's cell: its median, or why there is none.
function cell(system) {
  if (!system) return '-';
  if (system.error) return /timeout|timed out/i.test(system.error) ? 'timeout' : 'error';
  return system.median;
}

export function printReport(report) {
  const header = ['query', 'Martlet ms', 'DuckDB ms', 'PostgreSQL ms', 'Martlet/DuckDB', 'rows', 'check'];
  const rows = report.queries.map((query) => {
    const martlet = cell(query.martlet);
    const duckdb = cell(query.duckdb);
    const ratio = typeof martlet === 'number' && typeof duckdb === 'number' && duckdb > 0
      ? (martlet / duckdb).toFixed(2) : '-';
    return [query.name, ms(martlet), ms(duckdb), ms(cell(query.postgres)), ratio, query.rows ?? '-', query.check];
  });
  const totals = report.totals;
  rows.push(['total', ms(totals.martlet), ms(totals.duckdb), ms(totals.postgres),
    totals.martlet && totals.duckdb ? (totals.martlet / totals.duckdb).toFixed(2) : '-', '', '']);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const runs = report.warmUp ? `median of ${report.runs} hot run(s) after a warm-up` : `${report.runs} run(s), no warm-up`;
  console.log(`\n${report.benchmark.toUpperCase()} SF ${report.scaleFactor}: ${runs}, ms`);
  console.log(pad(header, widths));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(pad(row, widths));

  console.log(`\ninput: ${mb(report.inputBytes)} of '|'-separated text`);
  const loadHeader = ['system', 'load s', 'MB/s', 'size on disk', 'peak memory'];
  const loadRows = kSystems.filter(([key]) => report.load[key]).map(([key, title]) => {
    const load = report.load[key];
    return [title, load.seconds.toFixed(2), (report.inputBytes / 1e6 / load.seconds).toFixed(0),
      mb(load.sizeBytes), kib(load.peakKiB)];
  });
  const loadWidths = loadHeader.map((title, i) => Math.max(title.length, ...loadRows.map((row) => String(row[i]).length)));
  console.log(pad(loadHeader, loadWidths));
  for (const row of loadRows) console.log(pad(row, loadWidths));
  console.log('peak memory: the largest resident set of the load and query processes ' +
    '(DuckDB: its worker process, node included; PostgreSQL: the session backend)');
}

function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Grouped horizontal bars per query on a logarithmic time axis, since query times span
// several orders of magnitude.
export function writeChart(report, file) {
  const systems = kSystems.filter(([key]) => report.queries.some((query) => typeof cell(query[key]) === 'number'));
  const barHeight = 9;
  const groupHeight = systems.length * barHeight + 8;
  const left = 60;
  const width = 720;
  const plotWidth = width - left - 80;
  const top = 50;
  const height = top + report.queries.length * groupHeight + 40;
  const values = report.queries.flatMap((query) => systems.map(([key]) => cell(query[key])))
    .filter((value) => typeof value === 'number' && value > 0);
  const low = Math.floor(Math.log10(Math.min(...values, 1)));
  const high = Math.ceil(Math.log10(Math.max(...values, 10)));
  const x = (value) => left + ((Math.log10(Math.max(value, 10 ** low)) - low) / (high - low)) * plotWidth;

  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  parts.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${escapeXml(
    `${report.benchmark.toUpperCase()} SF ${report.scaleFactor}: median query time (ms, log scale, shorter is better)`)}</text>`);
  systems.forEach(([, title, color], i) => {
    parts.push(`<rect x="${left + i * 110}" y="30" width="10" height="10" fill="${color}"/>`);
    parts.push(`<text x="${left + i * 110 + 14}" y="39">${title}</text>`);
  });
  for (let power = low; power <= high; power++) {
    const at = x(10 ** power);
    parts.push(`<line x1="${at}" y1="${top - 4}" x2="${at}" y2="${height - 30}" stroke="#ddd"/>`);
    parts.push(`<text x="${at}" y="${height - 16}" text-anchor="middle">${10 ** power}</text>`);
  }
  report.queries.forEach((query, q) => {
    const y0 = top + q * groupHeight;
    parts.push(`<text x="${left - 6}" y="${y0 + groupHeight / 2}" text-anchor="end">${escapeXml(query.name)}</text>`);
    systems.forEach(([key, , color], s) => {
      const value = cell(query[key]);
      const y = y0 + s * barHeight;
      if (typeof value !== 'number') {
        parts.push(`<text x="${left + 4}" y="${y + barHeight - 1}" font-size="9">${escapeXml(value)}</text>`);
        return;
      }
      parts.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(value) - left).toFixed(1)}" ` +
        `height="${barHeight - 1}" fill="${color}"/>`);
      parts.push(`<text x="${(x(value) + 3).toFixed(1)}" y="${y + barHeight - 1}" font-size="9">${ms(value)}</text>`);
    });
  });
  parts.push('</svg>');
  fs.writeFileSync(file, `${parts.join('\n')}\n`);
}
