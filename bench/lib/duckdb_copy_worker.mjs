// The DuckDB side of the COPY benchmark, in a process of its own so that its CPU time and
// peak memory are measured apart from the harness's:
// `node duckdb_copy_worker.mjs JOB.json` prints a JSON report on stdout.
//
// JOB: { database, createSql, table, file }
import fs from 'node:fs';

import { DuckDBInstance } from '@duckdb/node-api';

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
for (const suffix of ['', '.wal']) fs.rmSync(job.database + suffix, { force: true });
const instance = await DuckDBInstance.create(job.database);
const connection = await instance.connect();
await connection.run(job.createSql);
// As a user loads a CSV file into a table, and made durable like Martlet's COPY.
const started = performance.now();
await connection.run(`COPY ${job.table} FROM '${job.file}' (FORMAT csv, HEADER false)`);
await connection.run('CHECKPOINT');
const seconds = (performance.now() - started) / 1000;
const check = await connection.runAndReadAll(`SELECT count(*), sum(lo_revenue) FROM ${job.table}`);
const [rows, revenue] = check.getRows()[0].map(String);
const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];
connection.closeSync();
const sizeBytes = ['', '.wal'].reduce((sum, suffix) => sum + (fs.existsSync(job.database + suffix)
  ? fs.statSync(job.database + suffix).size : 0), 0);
process.stdout.write(JSON.stringify({ seconds, rows, revenue, sizeBytes, version }));
