// Reads sqllogictest files, the format SQLite and DuckDB write their SQL tests in.
//
// Records are separated by blank lines; '#' starts a comment line between records.
//
//   statement ok               the SQL must succeed
//   statement error [TEXT]     the SQL must fail, with TEXT in the message when given; TEXT
//                              may also follow the SQL after a '----' line (DuckDB's form)
//   query TYPES [SORT]         the SQL must return these rows: one letter per column (I
//                              integer, T text, R real), SORT one of nosort, rowsort,
//                              valuesort; after the SQL a '----' line, then the rows with
//                              values separated by tabs, NULL as NULL, '' as (empty);
//                              `query I` on INSERT, UPDATE, DELETE or MERGE expects the
//                              number of rows affected
//   query error [TEXT]         as statement error
//   restart                    close and reopen the database (tests persistence)
//   halt                       stop reading the file
//
// `mode skip` is refused on purpose: a skipped test hides a defect instead of showing it.
#pragma once

#include <string>
#include <vector>

namespace martlet::sqllogictest {

enum class RecordKind { kStatementOk, kStatementError, kQuery, kQueryError, kRestart, kHalt };
enum class SortMode { kNoSort, kRowSort, kValueSort };

struct Record {
  RecordKind kind = RecordKind::kStatementOk;
  int line = 0;  // 1-based line of the record's first line
  std::string sql;
  std::string expected_error;  // for the error kinds; empty: any error will do
  std::string column_types;    // for kQuery: "ITR"
  SortMode sort_mode = SortMode::kNoSort;
  std::vector<std::string> expected_lines;  // for kQuery: the lines after '----'
};

struct TestFile {
  std::vector<Record> records;
  // Set when the file does not parse; nothing in it should run then.
  std::string error;
  int error_line = 0;
};

TestFile ParseTestFile(const std::string& text);

}  // namespace martlet::sqllogictest
