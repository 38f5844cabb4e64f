// Runs the DuckDB side in a process of its own, so that its peak memory is measured apart
// from the harness's: `node duckdb_worker.mjs JOB.json` prints a JSON report on stdout.
//
// JOB: { database, schemaSql, tables: [{ name, path }], queries: [{ name, sql }], runs, warmUp }
import fs from 'node:fs';

import { DuckDBInstance } from '@duckdb/node-api';

function cellText(value) {
  if (value === null || value === undefined) return null;
  return String(value);
}

async function timed(action) {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

async function load(connection, job) {
  await connection.run(job.schemaSql);
  let milliseconds = 0;
  for (const table of job.tables) {
    const sql = `COPY ${table.name} FROM '${table.path}' (DELIMITER '|', HEADER false)`;
    const [ms] = await timed(() => connection.run(sql));
    milliseconds += ms;
  }
  await connection.run('CHECKPOINT');
  return milliseconds / 1000;
}

// One warm-up run (unless the job says warmUp: false), then `runs` timed ones; the last
// run's rows are the result.
async function runQuery(connection, query, runs, warmUp) {
  try {
    if (warmUp) await connection.runAndReadAll(query.sql);
    const times = [];
    let reader;
    for (let i = 0; i < runs; i++) {
      const [ms, result] = await timed(() => connection.runAndReadAll(query.sql));
      times.push(ms);
      reader = result;
    }
    const rows = reader.getRows().map((row) => row.map(cellText));
    return { name: query.name, times, columns: reader.columnNames(), rows };
  } catch (error) {
    return { name: query.name, error: error.message };
  }
}

function fileSize(path) {
  try {
    return fs.statSync(path).size;
  } catch {
    return 0;
  }
}

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const suffix of ['', '.wal']) fs.rmSync(job.database + suffix, { force: true });
const instance = await DuckDBInstance.create(job.database);
const connection = await instance.connect();
const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];
const loadSeconds = await load(connection, job);
const sizeBytes = fileSize(job.database) + fileSize(`${job.database}.wal`);
const queries = [];
for (const query of job.queries) queries.push(await runQuery(connection, query, job.runs, job.warmUp));
connection.closeSync();
process.stdout.write(JSON.stringify({ version, loadSeconds, sizeBytes, queries }));
