// Child processes that never outlive the harness: each runs in its own process group, is
// killed as a group when it passes its time limit, and every group still running is killed
// when the harness exits or is interrupted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const running = new Set();
const cleanups = [];

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Registers a synchronous function to run when the harness exits or is interrupted (used to
// stop the PostgreSQL cluster).
export function onExit(cleanup) {
  cleanups.push(cleanup);
}

function runCleanups() {
  for (const pid of running) killGroup(pid);
  running.clear();
  while (cleanups.length > 0) {
    try {
      cleanups.pop()();
    } catch (error) {
      console.error(`bench: cleanup failed: ${error.message}`);
    }
  }
}

process.on('exit', runCleanups);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`bench: ${signal}: stopping`);
    runCleanups();
    process.exit(130);
  });
}

const kTimeBinary = '/usr/bin/time';
const haveTime = fs.existsSync(kTimeBinary);

// Runs `command args`; resolves to { code, signal, stdout, stderr, timedOut, seconds,
// peakKiB, cpuSeconds }. peakKiB (the peak resident set size) and cpuSeconds (user + system
// time of the process and its children) are measured by GNU time when installed.
export function run(command, args, { timeoutSeconds = 3600, env, stdin } = {}) {
  let peakFile = null;
  let argv = [command, ...args];
  if (haveTime) {
    peakFile = `${fs.mkdtempSync('/tmp/martlet-bench-')}/peak`;
    argv = [kTimeBinary, '-q', '-f', '%M %U %S', '-o', peakFile, ...argv];
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), {
      detached: true,
      env: env ?? process.env,
      stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    running.add(child.pid);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    if (stdin !== undefined) child.stdin.end(stdin);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child.pid);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child.pid);
      let peakKiB = null;
      let cpuSeconds = null;
      if (peakFile !== null) {
        try {
          const text = fs.readFileSync(peakFile, 'utf8').trim().split('\n').pop();
          const match = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(text);
          if (match) {
            peakKiB = Number(match[1]);
            cpuSeconds = Number(match[2]) + Number(match[3]);
          }
        } catch {
          // the process was killed before time wrote the file
        }
        fs.rmSync(peakFile.replace(/\/peak$/, ''), { recursive: true, force: true });
      }
      resolve({
        code,
        signal,
        timedOut,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        seconds: (performance.now() - started) / 1000,
        peakKiB,
        cpuSeconds,
      });
    });
  });
}

// Total size in bytes of the files under `path`.
export function diskUsage(path) {
  let total = 0;
  let stat;
  try {
    stat = fs.statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.size;
  for (const entry of fs.readdirSync(path)) total += diskUsage(`${path}/${entry}`);
  return total;
}

export function median(values) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
