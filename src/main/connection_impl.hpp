// The engine behind a Connection: parses statements, runs them in transactions, and turns
// their outcome into QueryResults.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "functions/function.hpp"
#include "main/load_log.hpp"
#include "main/result_data.hpp"
#include "martlet/martlet.hpp"
#include "exec/operator.hpp"
#include "planner/binder.hpp"
#include "sql/ast.hpp"
#include "storage/transaction.hpp"

namespace martlet {

class DatabaseImpl {
 public:
  std::unique_ptr<StorageManager> storage;
  FunctionRegistry functions;
  std::unique_ptr<ExternalRelationProvider> external_relations;  // postgres_query
  DatabaseOptions options;
  std::unique_ptr<LoadLog> load_log;  // stl_load_errors and sys_load_history
};

// What a statement produced: rows (for SELECT, EXPLAIN, SHOW) and/or a command tag.
struct StatementOutcome {
  std::shared_ptr<ResultData> data;
  std::string tag;
  std::vector<std::string> notices;
};

class ConnectionImpl {
 public:
  ConnectionImpl(std::shared_ptr<DatabaseImpl> database, Status open_error);
  ~ConnectionImpl();

  std::vector<QueryResult> Run(const std::string& sql, bool keep_all);
  bool in_transaction() const { return explicit_transaction_; }

  // Used by the statement implementations.
  Transaction& transaction() { return *transaction_; }
  DatabaseImpl& database() { return *database_; }
  ExecContext MakeExecContext() const;
  Binder MakeBinder(const SystemViewProvider* views) const;
  int64_t memory_limit() const { return memory_limit_; }
  CopyInputSource& copy_input() { return copy_input_; }
  CopyProgressCallback& copy_progress() { return copy_progress_; }

 private:
  Result<StatementOutcome> Execute(const sql::Statement& statement, const std::string& text);
  Result<StatementOutcome> ExecuteInTransaction(const sql::Statement& statement,
                                                const std::string& text);
  Result<StatementOutcome> ExecuteTransactionControl(const sql::TransactionStatement& statement);
  Result<StatementOutcome> ExecuteSet(const sql::SetStatement& statement);
  Result<StatementOutcome> ExecuteShow(const sql::ShowStatement& statement);

  std::shared_ptr<DatabaseImpl> database_;
  Status open_error_;
  std::unique_ptr<Transaction> transaction_;
  bool explicit_transaction_ = false;
  bool transaction_failed_ = false;
  int64_t memory_limit_ = 0;
  int threads_ = 0;  // SET threads; 0: the database's default
  int64_t statement_start_micros_ = 0;
  int64_t transaction_start_micros_ = 0;
  std::vector<std::pair<std::string, std::string>> temporary_tables_;  // dropped at close
  CopyInputSource copy_input_;
  CopyProgressCallback copy_progress_;
};

// Statement implementations (one file each).
Result<StatementOutcome> ExecuteSelect(ConnectionImpl& connection, const sql::SelectStatement& statement);
Result<StatementOutcome> ExecuteExplain(ConnectionImpl& connection, const sql::ExplainStatement& statement,
                                        const std::string& text);
Result<StatementOutcome> ExecuteExplainLineage(ConnectionImpl& connection, const sql::ExplainStatement& statement);
Result<StatementOutcome> ExecuteInsert(ConnectionImpl& connection, const sql::InsertStatement& statement);
Result<StatementOutcome> ExecuteUpdate(ConnectionImpl& connection, const sql::UpdateStatement& statement);
Result<StatementOutcome> ExecuteDelete(ConnectionImpl& connection, const sql::DeleteStatement& statement);
Result<StatementOutcome> ExecuteMerge(ConnectionImpl& connection, const sql::MergeStatement& statement);
Result<StatementOutcome> ExecuteCreateTable(ConnectionImpl& connection,
                                            const sql::CreateTableStatement& statement,
                                            std::vector<std::pair<std::string, std::string>>& temporary);
Result<StatementOutcome> ExecuteCreateView(ConnectionImpl& connection, const sql::CreateViewStatement& statement);
Result<StatementOutcome> ExecuteCreateMaterializedView(ConnectionImpl& connection,
                                                       const sql::CreateViewStatement& statement);
Result<StatementOutcome> ExecuteRefreshMaterializedView(ConnectionImpl& connection,
                                                        const sql::RefreshMaterializedViewStatement& statement);
Result<StatementOutcome> ExecuteSetAutoRefresh(ConnectionImpl& connection,
                                               const sql::AlterTableStatement& statement);
Result<StatementOutcome> ExecuteCreateSchema(ConnectionImpl& connection, const sql::CreateSchemaStatement& statement);
Result<StatementOutcome> ExecuteDrop(ConnectionImpl& connection, const sql::DropStatement& statement);
Result<StatementOutcome> ExecuteAlterTable(ConnectionImpl& connection, const sql::AlterTableStatement& statement);
Result<StatementOutcome> ExecuteTruncate(ConnectionImpl& connection, const sql::TruncateStatement& statement);
Result<StatementOutcome> ExecuteAnalyze(ConnectionImpl& connection, const sql::AnalyzeStatement& statement);
Result<StatementOutcome> ExecuteCopy(ConnectionImpl& connection, const sql::CopyStatement& statement);
Result<StatementOutcome> ExecuteUnload(ConnectionImpl& connection, const sql::UnloadStatement& statement);
Result<StatementOutcome> ExecuteVacuum(ConnectionImpl& connection, const sql::VacuumStatement& statement);

// Runs a bound query plan and collects its rows.
Result<std::shared_ptr<ResultData>> RunPlan(ConnectionImpl& connection, PlanNode& plan);
// Runs a bound query plan and hands each chunk of its rows to `sink` as it comes.
Status StreamPlan(ConnectionImpl& connection, PlanNode& plan, const std::function<Status(DataChunk&)>& sink);

}  // namespace martlet
