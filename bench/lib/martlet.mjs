// Martlet through its command line, as a user runs it: `martlet sql --timing` reports each
// statement's own run time on stderr, so process start-up and result printing stay out of
// the figures.
import fs from 'node:fs';
import path from 'node:path';

import { parseCsv } from './compare.mjs';
import { diskUsage, run } from './process.mjs';

function statementTimes(stderr) {
  return [...stderr.matchAll(/^Time: ([\d.]+) ms$/gm)].map((match) => Number(match[1]));
}

function failure(result) {
  if (result.timedOut) return 'timed out';
  const text = result.stderr.replace(/^Time: .*\n/gm, '').trim();
  return text || `exit code ${result.code}${result.signal ? ` (${result.signal})` : ''}`;
}

// Creates the tables and COPYs every file in; the load time is the sum of the COPY times.
export async function loadMartlet({ martlet, database, schemaSql, tables, workDirectory }) {
  fs.rmSync(database, { recursive: true, force: true });
  const script = path.join(workDirectory, 'martlet-load.sql');
  const copies = tables.map((table) => `COPY ${table.name} FROM '${table.path}';`);
  fs.writeFileSync(script, `${schemaSql.trim()}\n${copies.join('\n')}\n`);
  const result = await run(martlet, ['sql', '--db', database, '--timing', '-f', script]);
  if (result.code !== 0) throw new Error(`Martlet load failed: ${failure(result)}`);
  const times = statementTimes(result.stderr).slice(-tables.length);
  return {
    seconds: times.reduce((sum, ms) => sum + ms, 0) / 1000,
    peakKiB: result.peakKiB,
    sizeBytes: diskUsage(database),
  };
}

// Runs one query `runs` times in one process, after a warm-up run that is not timed (unless
// `warmUp` is false). Every run must return the same rows; the result is returned once.
export async function runMartletQuery({ martlet, database, sql, runs, warmUp, workDirectory, timeoutSeconds }) {
  const skipped = warmUp ? 1 : 0;
  const copies = runs + skipped;
  const statement = `${sql.trim().replace(/;\s*$/, '')};\n`;
  const script = path.join(workDirectory, 'martlet-query.sql');
  fs.writeFileSync(script, statement.repeat(copies));
  const result = await run(martlet, ['sql', '--db', database, '--timing', '--format', 'csv', '-f', script],
    { timeoutSeconds });
  if (result.code !== 0 || result.timedOut) return { error: failure(result), peakKiB: result.peakKiB };
  const times = statementTimes(result.stderr);
  const rows = parseCsv(result.stdout);
  if (rows.length % copies !== 0 || times.length !== copies) {
    return { error: `expected ${copies} results, got ${times.length} timings and ${rows.length} CSV lines` };
  }
  const perRun = rows.length / copies;
  const first = rows.slice(0, perRun);
  const firstText = JSON.stringify(first);
  for (let i = 1; i < copies; i++) {
    if (JSON.stringify(rows.slice(i * perRun, (i + 1) * perRun)) !== firstText) {
      return { error: `run ${i + 1} returned a different result than run 1` };
    }
  }
  return { times: times.slice(skipped), columns: first[0] ?? [], rows: first.slice(1), peakKiB: result.peakKiB };
}
