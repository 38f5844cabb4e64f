// What the benchmark harnesses share: their command-line options, where the repository and
// the benchmarks' files are, and which commit is measured.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repository = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

// The shared/ folder holding the benchmarks' schemas and queries.
export function sharedDirectory() {
  return path.resolve(process.env.MARTLET_SHARED_DIR ?? path.join(repository, '..', 'shared'));
}

export function usageError(message, usageText) {
  console.error(`bench: ${message}\n${usageText}`);
  process.exit(2);
}

// Parses --sf, --runs, --skip-postgres, --check-only, --martlet, --pg-port and (when
// `defaults` has a timeout) --timeout, starting from `defaults`; exits with the usage text
// on anything else. The martlet binary must exist.
export function parseOptions(args, defaults, usageText) {
  const usage = (message) => usageError(message, usageText);
  const options = { skipPostgres: false, checkOnly: false, martlet: process.env.MARTLET_BIN, pgPort: 54329,
    ...defaults };
  const rest = [...args];
  while (rest.length > 0) {
    const flag = rest.shift();
    const value = () => rest.shift() ?? usage(`${flag} needs a value`);
    switch (flag) {
      case '--sf': options.sf = Number(value()); break;
      case '--runs': options.runs = Number(value()); break;
      case '--skip-postgres': options.skipPostgres = true; break;
      case '--check-only': options.checkOnly = true; break;
      case '--martlet': options.martlet = value(); break;
      case '--pg-port': options.pgPort = Number(value()); break;
      case '--timeout':
        if (defaults.timeout === undefined) usage(`unknown option '${flag}'`);
        options.timeout = Number(value());
        break;
      case '-h': case '--help': console.log(usageText); process.exit(0); break;
      default: usage(`unknown option '${flag}'`);
    }
  }
  if (!(options.sf > 0) || !(options.runs >= 1)) usage('--sf must be positive and --runs at least 1');
  options.martlet = path.resolve(options.martlet ?? path.join(repository, 'build/release/martlet'));
  if (!fs.existsSync(options.martlet)) {
    usage(`no martlet binary at ${options.martlet}; build it (scripts/build) or pass --martlet PATH`);
  }
  return options;
}

// The measured commit, marked '+changes' when tracked files differ from it.
export function gitDescription() {
  try {
    const commit = execFileSync('git', ['-C', repository, 'rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['-C', repository, 'status', '--porcelain', '--untracked-files=no'])
      .toString().trim() !== '';
    return dirty ? `${commit}+changes` : commit;
  } catch {
    return 'unknown';
  }
}
