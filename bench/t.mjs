import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const fs = await import('node:fs');
await con.run(fs.readFileSync('/work/shared/bench/ssb/schema.sql','utf8'));
for (const t of ['customer','supplier','part','dwdate','lineorder']) {
  let t0=performance.now();
  await con.run(`COPY ${t} FROM '/tmp/h9g/ssb1/${t}.tbl' (DELIMITER '|', HEADER false)`);
  console.log(t, performance.now()-t0);
}
for (const q of ['q1.1','q2.1','q3.4','q4.3']) {
 const r = await con.runAndReadAll(fs.readFileSync(`/work/shared/bench/ssb/${q}.sql`,'utf8'));
 console.log(q, r.columnNames(), r.columnTypes().map(String), r.getRows().slice(0,3).map(row=>row.map(String)), r.currentRowCount);
}
const r = await con.runAndReadAll("select 1.5::decimal(15,2) a, date '1992-01-01' d, 2::bigint b, 1.0/3 f, null n");
console.log(r.getRows()[0].map(v=>[typeof v, String(v)]));
