// The COPY benchmark: SSB lineorder as a CSV file, loaded with each system's own COPY into a
// new table of a new database, the systems taking turns run after run. Reports wall time,
// MB/s, rows/s, CPU time, peak memory and size on disk, and checks that every system loaded
// the same rows. Started by `bench/run copy`; see docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureData } from './lib/data.mjs';
import { gitDescription, parseOptions, repository, sharedDirectory } from './lib/options.mjs';
import { diskUsage, median, onExit, run } from './lib/process.mjs';
import { postgresPeakKiB, startPostgres } from './lib/postgres.mjs';

const benchDirectory = path.dirname(fileURLToPath(import.meta.url));

const kUsage = `usage: bench/run copy [--sf N] [--runs N] [--skip-postgres] [--check-only]
                 [--martlet PATH] [--pg-port PORT]

  --sf N            scale factor of the SSB data (default 10)
  --runs N          loads per system, taking turns (default 3)
  --skip-postgres   load into Martlet and DuckDB only
  --check-only      check the loaded rows and print the figures; write no results file
  --martlet PATH    the martlet binary (default: $MARTLET_BIN, else build/release/martlet)
  --pg-port PORT    port of the private PostgreSQL cluster (default 54329)`;

function parseArguments(argv) {
  return parseOptions(argv, { sf: 10, runs: 3 }, kUsage);
}

// lineorder's CREATE TABLE, as the benchmark's schema.sql has it.
function lineorderSql() {
  const schema = fs.readFileSync(path.join(sharedDirectory(), 'bench', 'ssb', 'schema.sql'), 'utf8');
  const match = /CREATE TABLE lineorder\b[^;]*;/i.exec(schema);
  if (!match) throw new Error('schema.sql has no CREATE TABLE lineorder');
  return match[0];
}

async function loadMartlet(options, work, createSql, file) {
  const database = path.join(work, 'martlet-db');
  fs.rmSync(database, { recursive: true, force: true });
  const script = path.join(work, 'martlet-copy.sql');
  fs.writeFileSync(script, `${createSql}\nCOPY lineorder FROM '${file}' CSV;\n` +
    'SELECT count(*), sum(lo_revenue) FROM lineorder;\n');
  const result = await run(options.martlet, ['sql', '--db', database, '--timing', '--format', 'csv', '-f', script]);
  if (result.code !== 0) throw new Error(`Martlet COPY failed:\n${result.stderr}`);
  const times = [...result.stderr.matchAll(/^Time: ([\d.]+) ms$/gm)].map((m) => Number(m[1]));
  const [rows, revenue] = result.stdout.trim().split('\n').pop().split(',');
  const load = { seconds: times[1] / 1000, cpuSeconds: result.cpuSeconds, peakKiB: result.peakKiB,
    sizeBytes: diskUsage(database), rows, revenue };
  fs.rmSync(database, { recursive: true, force: true });
  return load;
}

async function loadDuckDb(work, createSql, file) {
  const database = path.join(work, 'duckdb.db');
  const job = path.join(work, 'duckdb-copy-job.json');
  fs.writeFileSync(job, JSON.stringify({ database, createSql, table: 'lineorder', file }));
  const result = await run(process.execPath, [path.join(benchDirectory, 'lib', 'duckdb_copy_worker.mjs'), job]);
  if (result.code !== 0) throw new Error(`DuckDB COPY failed:\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  for (const suffix of ['', '.wal']) fs.rmSync(database + suffix, { force: true });
  return { ...report, cpuSeconds: result.cpuSeconds, peakKiB: result.peakKiB };
}

// CPU seconds the server process `pid` has used (user + system, from /proc).
function processCpuSeconds(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString());
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function loadPostgres(client, createSql, file) {
  await client.query('DROP TABLE IF EXISTS lineorder');
  await client.query(createSql);
  const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const cpuBefore = processCpuSeconds(pid);
  const started = performance.now();
  await client.query(`COPY lineorder FROM '${file}' WITH (FORMAT csv)`);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = processCpuSeconds(pid) - cpuBefore;
  const check = (await client.query('SELECT count(*) AS rows, sum(lo_revenue) AS revenue FROM lineorder')).rows[0];
  const size = await client.query("SELECT pg_total_relation_size('lineorder') AS bytes");
  const version = (await client.query('SHOW server_version')).rows[0].server_version;
  return { seconds, cpuSeconds, peakKiB: await postgresPeakKiB(client), sizeBytes: Number(size.rows[0].bytes),
    rows: String(check.rows), revenue: String(check.revenue), version };
}

function summarize(loads, bytes) {
  const seconds = median(loads.map((load) => load.seconds));
  const last = loads[loads.length - 1];
  return {
    seconds, times: loads.map((load) => load.seconds),
    cpuSeconds: median(loads.map((load) => load.cpuSeconds).filter((value) => value !== null)),
    mbPerSecond: bytes / 1e6 / seconds,
    rowsPerSecond: Number(last.rows) / seconds,
    peakKiB: Math.max(...loads.map((load) => load.peakKiB ?? 0)) || null,
    sizeBytes: last.sizeBytes, rows: last.rows, revenue: last.revenue, version: last.version,
  };
}

function printReport(report) {
  const names = { martlet: 'Martlet', duckdb: 'DuckDB', postgres: 'PostgreSQL' };
  const duckdb = report.systems.duckdb.seconds;
  console.log(`\nCOPY of SSB lineorder at SF ${report.scaleFactor} from CSV: ${(report.inputBytes / 1e6).toFixed(0)} MB, ` +
    `${report.systems.duckdb.rows} rows; medians of ${report.runs} run(s)\n`);
  const header = ['system', 'wall s', 'MB/s', 'M rows/s', 'CPU s', 'peak MB', 'on disk MB', 'wall / DuckDB'];
  const rows = Object.entries(report.systems).map(([key, s]) => [names[key], s.seconds.toFixed(2),
    s.mbPerSecond.toFixed(0), (s.rowsPerSecond / 1e6).toFixed(2), s.cpuSeconds?.toFixed(1) ?? '-',
    s.peakKiB ? (s.peakKiB / 1024).toFixed(0) : '-', (s.sizeBytes / 1e6).toFixed(0), (s.seconds / duckdb).toFixed(2)]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const createSql = lineorderSql();
  const data = await ensureData({ dataRoot: path.join(benchDirectory, 'data'), martlet: options.martlet,
    benchmark: 'ssb', sf: options.sf, format: 'csv' });
  const input = data.tables.find((table) => table.name === 'lineorder');
  const work = fs.mkdtempSync(path.join(options.checkOnly ? os.tmpdir() : path.join(benchDirectory, 'data'), 'run-copy-'));
  onExit(() => fs.rmSync(work, { recursive: true, force: true }));
  const postgres = options.skipPostgres ? null
    : await startPostgres({ dataRoot: path.join(benchDirectory, 'data'), port: options.pgPort });
  const loads = { martlet: [], duckdb: [], ...(postgres ? { postgres: [] } : {}) };
  try {
    for (let i = 1; i <= options.runs; i++) {
      console.error(`bench: run ${i} of ${options.runs}: Martlet`);
      loads.martlet.push(await loadMartlet(options, work, createSql, input.path));
      console.error(`bench: run ${i} of ${options.runs}: DuckDB`);
      loads.duckdb.push(await loadDuckDb(work, createSql, input.path));
      if (postgres) {
        console.error(`bench: run ${i} of ${options.runs}: PostgreSQL`);
        loads.postgres.push(await loadPostgres(postgres.client, createSql, input.path));
      }
    }
  } finally {
    if (postgres) {
      await postgres.client.end();
      postgres.stop();
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  const report = { benchmark: 'copy', table: 'lineorder', format: 'csv', scaleFactor: options.sf, runs: options.runs,
    date: new Date().toISOString(), martletCommit: gitDescription(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryBytes: os.totalmem() },
    inputBytes: input.bytes, systems: {} };
  for (const [system, list] of Object.entries(loads)) report.systems[system] = summarize(list, input.bytes);
  printReport(report);

  const reference = report.systems.duckdb;
  const different = Object.entries(report.systems).filter(([, s]) => s.rows !== reference.rows || s.revenue !== reference.revenue);
  if (different.length > 0) {
    for (const [system, s] of different) {
      console.error(`bench: ${system} loaded ${s.rows} rows, sum(lo_revenue) ${s.revenue}; DuckDB ${reference.rows}, ${reference.revenue}`);
    }
    console.log('\nthe loaded rows DIFFER');
    process.exitCode = 1;
    return;
  }
  console.log(`\nevery system loaded the same ${reference.rows} rows (count and sum(lo_revenue) agree)`);
  if (!options.checkOnly) {
    const file = path.join(benchDirectory, 'results', `copy-ssb-sf${options.sf}-${report.date.slice(0, 10)}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${path.relative(repository, file)}`);
  }
}

main().catch((error) => {
  console.error(`bench: ${error.stack ?? error}`);
  process.exitCode = 1;
});
