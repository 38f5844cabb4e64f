// PostgreSQL 15 in a private cluster: created under bench/data/pg-<port>, listening on
// 127.0.0.1 only, configured below, and stopped when the harness ends, however it ends.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

import pg from 'pg';

import { onExit } from './process.mjs';

const kBin = process.env.MARTLET_PG_BIN ?? '/usr/lib/postgresql/15/bin';

// Tuned for an analytic benchmark on one machine: generous memory, parallel query on every
// core, and no durability work (the cluster is thrown away after the run). JIT is off
// because compiling each query anew costs more than it saves at these sizes.
function settings(port, directory) {
  const cores = os.cpus().length;
  const memoryMiB = Math.floor(os.totalmem() / 2 ** 20);
  return {
    listen_addresses: "'127.0.0.1'",
    port,
    unix_socket_directories: `'${directory}'`,
    shared_buffers: `'${Math.max(128, Math.floor(memoryMiB / 4))}MB'`,
    effective_cache_size: `'${Math.max(256, Math.floor(memoryMiB / 2))}MB'`,
    work_mem: "'256MB'",
    maintenance_work_mem: "'1GB'",
    max_worker_processes: cores + 4,
    max_parallel_workers: cores,
    max_parallel_workers_per_gather: cores,
    jit: 'off',
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    wal_level: 'minimal',
    max_wal_senders: 0,
    max_wal_size: "'8GB'",
    checkpoint_timeout: "'1h'",
    random_page_cost: 1.1,
  };
}

function asPostgresUser(command, args) {
  // PostgreSQL refuses to run as root; the Debian package's postgres user runs it then.
  if (process.getuid() === 0) return ['runuser', ['-u', 'postgres', '--', command, ...args]];
  return [command, args];
}

function check(command, args) {
  const [file, argv] = asPostgresUser(command, args);
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startPostgres({ dataRoot, port }) {
  if (!fs.existsSync(`${kBin}/initdb`)) {
    throw new Error(`PostgreSQL 15 is not installed (${kBin}/initdb); run scripts/setup or use --skip-postgres`);
  }
  const directory = `${dataRoot}/pg-${port}`;
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  if (process.getuid() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    fs.chownSync(directory, uid, gid);
  }
  check(`${kBin}/initdb`, ['-D', directory, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const lines = Object.entries(settings(port, directory)).map(([key, value]) => `${key} = ${value}`);
  fs.appendFileSync(`${directory}/postgresql.conf`, `\n# martlet bench\n${lines.join('\n')}\n`);

  const stop = () => {
    const [file, argv] = asPostgresUser(`${kBin}/pg_ctl`, ['-D', directory, '-m', 'immediate', '-w', 'stop']);
    spawnSync(file, argv, { stdio: 'ignore' });
    fs.rmSync(directory, { recursive: true, force: true });
  };
  onExit(stop);
  check(`${kBin}/pg_ctl`, ['-D', directory, '-l', `${directory}/server.log`, '-w', '-t', '60', 'start']);
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return { client, directory, stop };
}

// Loads with server-side COPY (the server reads the files itself, as Martlet and DuckDB do).
export async function loadPostgres(client, { schemaSql, tables }) {
  await client.query(schemaSql);
  let seconds = 0;
  for (const table of tables) {
    const started = performance.now();
    await client.query(`COPY ${table.name} FROM '${table.path}' WITH (FORMAT text, DELIMITER '|')`);
    seconds += (performance.now() - started) / 1000;
  }
  const started = performance.now();
  await client.query('VACUUM ANALYZE');
  const analyzeSeconds = (performance.now() - started) / 1000;
  const size = await client.query('SELECT pg_database_size(current_database()) AS bytes');
  const version = (await client.query('SHOW server_version')).rows[0].server_version;
  return { seconds, analyzeSeconds, sizeBytes: Number(size.rows[0].bytes), version };
}

function backendPeakKiB(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmHWM:\s+(\d+) kB/m);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

// One warm-up run, then `runs` timed ones, each cut off after `timeoutSeconds`.
export async function runPostgresQuery(client, { sql, runs, timeoutSeconds }) {
  try {
    await client.query(`SET statement_timeout = '${timeoutSeconds}s'`);
    await client.query(sql);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await client.query(sql);
      times.push(performance.now() - started);
    }
    return { times };
  } catch (error) {
    return { error: error.message };
  }
}

export async function postgresPeakKiB(client) {
  const result = await client.query('SELECT pg_backend_pid() AS pid');
  return backendPeakKiB(result.rows[0].pid);
}
