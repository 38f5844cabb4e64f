// The generated benchmark files, made once per benchmark, scale factor and format by
// `martlet generate` and kept under bench/data/.
import fs from 'node:fs';
import path from 'node:path';

import { run } from './process.mjs';

// Generates into a fresh folder and renames it into place, so a run that was interrupted,
// or one that runs beside another, never sees half-written data. Resolves to the folder and
// its tables ({ name, path, bytes }).
export async function ensureData({ dataRoot, martlet, benchmark, sf, format = 'tbl' }) {
  const directory = path.join(dataRoot, `${benchmark}${format === 'tbl' ? '' : `-${format}`}-sf${sf}`);
  if (!fs.existsSync(path.join(directory, '.complete'))) {
    const partial = `${directory}.partial-${process.pid}`;
    console.error(`bench: generating ${benchmark} SF ${sf} (${format}) into ${directory}`);
    const result = await run(martlet,
      ['generate', benchmark, '--sf', String(sf), '--format', format, '--out', partial]);
    if (result.code !== 0) {
      fs.rmSync(partial, { recursive: true, force: true });
      throw new Error(`martlet generate failed:\n${result.stderr}`);
    }
    fs.writeFileSync(path.join(partial, '.complete'), result.stderr);
    try {
      fs.renameSync(partial, directory);
    } catch {
      fs.rmSync(partial, { recursive: true, force: true });  // another run finished first
    }
  }
  const suffix = `.${format}`;
  const tables = fs.readdirSync(directory).filter((name) => name.endsWith(suffix)).map((name) => ({
    name: name.slice(0, -suffix.length),
    path: path.join(directory, name),
    bytes: fs.statSync(path.join(directory, name)).size,
  }));
  return { directory, tables };
}
