// The SSB / TPC-H harness: generates the data once, loads it into Martlet, DuckDB and
// PostgreSQL, runs every query hot on each, checks Martlet's results against DuckDB's, and
// reports. Started by bench/run, which installs the npm packages first; see
// docs/benchmarks.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { compareResults } from './lib/compare.mjs';
import { ensureData } from './lib/data.mjs';
import { loadMartlet, runMartletQuery } from './lib/martlet.mjs';
import { median, onExit, run } from './lib/process.mjs';
import { loadPostgres, postgresPeakKiB, runPostgresQuery, startPostgres } from './lib/postgres.mjs';
import { gitDescription, parseOptions, repository, sharedDirectory, usageError } from './lib/options.mjs';
import { printReport, writeChart } from './lib/report.mjs';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

const kUsage = `usage: bench/run ssb|tpch [--sf N] [--runs N] [--skip-postgres] [--check-only]
                 [--martlet PATH] [--pg-port PORT] [--timeout SECONDS]

  --sf N            scale factor (default 1; 0.01 for a quick check)
  --runs N          timed hot runs per query and system, after one warm-up (default 5)
  --skip-postgres   run Martlet and DuckDB only
  --check-only      compare results, print timings (no warm-up run), write no results files
  --martlet PATH    the martlet binary (default: $MARTLET_BIN, else build/release/martlet)
  --pg-port PORT    port of the private PostgreSQL cluster (default 54329)
  --timeout S       limit per query and system (default 600)`;

function parseArguments(argv) {
  const [benchmark, ...rest] = argv;
  if (!['ssb', 'tpch'].includes(benchmark)) usageError(`unknown benchmark '${benchmark ?? ''}'`, kUsage);
  return { benchmark, ...parseOptions(rest, { sf: 1, runs: 5, timeout: 600 }, kUsage) };
}

function readQueries(benchmark) {
  const directory = path.join(sharedDirectory(), 'bench', benchmark);
  const names = fs.readdirSync(directory).filter((name) => /^q.*\.sql$/.test(name)).sort();
  return {
    schemaSql: fs.readFileSync(path.join(directory, 'schema.sql'), 'utf8'),
    queries: names.map((name) => ({ name: name.replace(/\.sql$/, ''),
      sql: fs.readFileSync(path.join(directory, name), 'utf8') })),
  };
}

// Orders the tables as schema.sql creates them (dimensions before facts).
function orderTables(tables, schemaSql) {
  const position = (name) => schemaSql.search(new RegExp(`create\\s+table\\s+${name}\\b`, 'i'));
  return [...tables].sort((a, b) => position(a.name) - position(b.name));
}

async function runDuckDb(options, work, schemaSql, tables, queries) {
  const job = path.join(work, 'duckdb-job.json');
  fs.writeFileSync(job, JSON.stringify({ database: path.join(work, 'duckdb.db'), schemaSql, runs: options.runs, warmUp: !options.checkOnly,
    tables: tables.map(({ name, path: file }) => ({ name, path: file })), queries }));
  const result = await run(process.execPath, [path.join(benchDirectory, 'lib', 'duckdb_worker.mjs'), job],
    { timeoutSeconds: options.timeout * (queries.length + 2) });
  if (result.code !== 0) throw new Error(`DuckDB worker failed:\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  report.peakKiB = result.peakKiB;
  return report;
}

async function runPostgres(options, schemaSql, tables, queries) {
  const { client } = await startPostgres({ dataRoot: path.join(benchDirectory, 'data'), port: options.pgPort });
  try {
    console.error('bench: loading PostgreSQL');
    const load = await loadPostgres(client, { schemaSql, tables });
    const results = {};
    for (const query of queries) {
      console.error(`bench: PostgreSQL ${query.name}`);
      results[query.name] = await runPostgresQuery(client, { sql: query.sql, runs: options.runs,
        timeoutSeconds: options.timeout });
    }
    load.peakKiB = await postgresPeakKiB(client);
    return { load, results };
  } finally {
    await client.end();
  }
}

function summarize(result) {
  if (!result) return undefined;
  if (result.error) return { error: result.error };
  return { median: median(result.times), times: result.times };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const { schemaSql, queries } = readQueries(options.benchmark);
  const data = await ensureData({ dataRoot: path.join(benchDirectory, 'data'), martlet: options.martlet,
    benchmark: options.benchmark, sf: options.sf });
  const tables = orderTables(data.tables, schemaSql);
  const inputBytes = tables.reduce((sum, table) => sum + table.bytes, 0);
  const work = fs.mkdtempSync(path.join(options.checkOnly ? os.tmpdir() : path.join(benchDirectory, 'data'),
    `run-${options.benchmark}-`));
  onExit(() => fs.rmSync(work, { recursive: true, force: true }));  // also when interrupted
  try {
    console.error('bench: loading Martlet');
    const database = path.join(work, 'martlet-db');
    const martletLoad = await loadMartlet({ martlet: options.martlet, database, schemaSql, tables, workDirectory: work });
    const martlet = {};
    for (const query of queries) {
      console.error(`bench: Martlet ${query.name}`);
      martlet[query.name] = await runMartletQuery({ martlet: options.martlet, database, sql: query.sql,
        runs: options.runs, warmUp: !options.checkOnly, workDirectory: work, timeoutSeconds: options.timeout });
    }
    martletLoad.peakKiB = Math.max(martletLoad.peakKiB ?? 0, ...queries.map((q) => martlet[q.name].peakKiB ?? 0));
    console.error('bench: DuckDB (load and queries)');
    const duckdb = await runDuckDb(options, work, schemaSql, tables, queries);
    const postgres = options.skipPostgres ? null : await runPostgres(options, schemaSql, tables, queries);

    const failures = [];
    const report = {
      benchmark: options.benchmark, scaleFactor: options.sf, runs: options.runs, warmUp: !options.checkOnly, date: new Date().toISOString(),
      martletCommit: gitDescription(), duckdbVersion: duckdb.version, postgresVersion: postgres?.load.version ?? null,
      machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryBytes: os.totalmem() },
      inputBytes, queries: [], totals: {},
      load: {
        martlet: { seconds: martletLoad.seconds, sizeBytes: martletLoad.sizeBytes, peakKiB: martletLoad.peakKiB },
        duckdb: { seconds: duckdb.loadSeconds, sizeBytes: duckdb.sizeBytes, peakKiB: duckdb.peakKiB },
        ...(postgres ? { postgres: postgres.load } : {}),
      },
    };
    for (const query of queries) {
      const ours = martlet[query.name];
      const reference = duckdb.queries.find((entry) => entry.name === query.name);
      let check = 'ok';
      if (ours.error) {
        check = 'MARTLET ERROR';
        failures.push(`${query.name}: Martlet failed: ${ours.error}`);
      } else if (reference.error) {
        check = 'DUCKDB ERROR';
        failures.push(`${query.name}: DuckDB failed: ${reference.error}`);
      } else {
        const diff = compareResults(query.sql, ours, reference);
        if (diff !== null) {
          check = 'MISMATCH';
          failures.push(`${query.name}: Martlet's result differs from DuckDB's\n${diff}`);
        }
      }
      report.queries.push({ name: query.name, rows: reference.rows?.length, check,
        martlet: summarize(ours), duckdb: summarize(reference), postgres: summarize(postgres?.results[query.name]) });
    }
    for (const system of ['martlet', 'duckdb', 'postgres']) {
      const medians = report.queries.map((query) => query[system]?.median);
      report.totals[system] = medians.every((value) => typeof value === 'number')
        ? medians.reduce((sum, value) => sum + value, 0) : null;
    }
    printReport(report);
    if (!options.checkOnly) writeResults(report);

    if (failures.length > 0) {
      console.error(`\nbench: ${failures.length} of ${queries.length} queries FAILED the check against DuckDB:\n`);
      for (const failure of failures) console.error(`${failure}\n`);
      console.log(`${queries.length - failures.length} passed, ${failures.length} failed`);
      process.exitCode = 1;
    } else {
      console.log(`\nall ${queries.length} results match DuckDB's`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function writeResults(report) {
  const directory = path.join(benchDirectory, 'results');
  fs.mkdirSync(directory, { recursive: true });
  const stem = `${report.benchmark}-sf${report.scaleFactor}`;
  const json = path.join(directory, `${stem}-${report.date.slice(0, 10)}.json`);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const chart = path.join(directory, `${stem}.svg`);
  writeChart(report, chart);
  console.log(`\nwrote ${path.relative(repository, json)} and ${path.relative(repository, chart)}`);
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exitCode = 1;
});
