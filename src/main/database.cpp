#include <algorithm>
#include <chrono>
#include <thread>

#include "main/connection_impl.hpp"
#include "main/postgres_query.hpp"
#include "sql/parser.hpp"

namespace martlet {

Database::Database(const std::string& directory, DatabaseOptions options) {
  impl_ = std::make_shared<DatabaseImpl>();
  impl_->options = options;
  impl_->external_relations = std::make_unique<PostgresQueryFunction>();
  Result<std::unique_ptr<StorageManager>> storage = StorageManager::Open(directory);
  if (!storage.ok()) {
    status_ = storage.status();
    return;
  }
  impl_->storage = std::move(storage).value();
  impl_->load_log = std::make_unique<LoadLog>(impl_->storage->directory());
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& directory,
                                                 DatabaseOptions options) {
  auto database = std::make_unique<Database>(directory, options);
  if (!database->status().ok()) return database->status();
  return database;
}

Connection Database::connect() {
  return Connection(std::make_unique<ConnectionImpl>(impl_, status_));
}

Connection::Connection(std::unique_ptr<ConnectionImpl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

QueryResult Connection::query(const std::string& sql) {
  std::vector<QueryResult> results = impl_->Run(sql, false);
  if (results.empty()) return QueryResult(std::make_shared<ResultData>(), "");
  return std::move(results.back());
}

std::vector<QueryResult> Connection::query_all(const std::string& sql) {
  return impl_->Run(sql, true);
}

bool Connection::in_transaction() const { return impl_->in_transaction(); }

void Connection::set_copy_input(CopyInputSource source) { impl_->copy_input() = std::move(source); }

void Connection::set_copy_progress(CopyProgressCallback callback) { impl_->copy_progress() = std::move(callback); }

static int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ConnectionImpl::ConnectionImpl(std::shared_ptr<DatabaseImpl> database, Status open_error)
    : database_(std::move(database)), open_error_(std::move(open_error)) {}

ConnectionImpl::~ConnectionImpl() {
  if (transaction_) transaction_->Rollback();
  transaction_.reset();
  if (!database_->storage || temporary_tables_.empty()) return;
  // Temporary tables end with the session.
  std::string drops;
  for (const auto& [schema, name] : temporary_tables_) {
    drops += "DROP TABLE IF EXISTS \"" + schema + "\".\"" + name + "\";";
  }
  Run(drops, false);
}

ExecContext ConnectionImpl::MakeExecContext() const {
  ExecContext context;
  context.functions.statement_start_micros = statement_start_micros_;
  context.functions.transaction_start_micros = transaction_start_micros_;
  context.memory_limit_bytes = memory_limit_;
  int threads = threads_ > 0 ? threads_ : database_->options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  context.threads = threads;
  return context;
}

Binder ConnectionImpl::MakeBinder(const SystemViewProvider* views) const {
  Binder binder(transaction_->catalog(), database_->functions, views);
  binder.external_relations = database_->external_relations.get();
  Transaction* transaction = transaction_.get();
  binder.table_rows = [transaction](uint64_t table_id) {
    auto data = transaction->TableDataFor(table_id);
    const DataChunk* pending = transaction->PendingRows(table_id);
    double rows = data ? static_cast<double>(data->LiveRows()) : 0;
    return rows + (pending ? static_cast<double>(pending->size()) : 0);
  };
  return binder;
}

std::vector<QueryResult> ConnectionImpl::Run(const std::string& sql, bool keep_all) {
  std::vector<QueryResult> results;
  if (!open_error_.ok()) {
    results.emplace_back(open_error_);
    return results;
  }
  auto parsed = sql::ParseSql(sql);
  if (!parsed.ok()) {
    results.emplace_back(parsed.status());
    return results;
  }
  for (const auto& statement : parsed.value()) {
    Result<StatementOutcome> outcome = Execute(*statement, sql);
    if (!outcome.ok()) {
      results.emplace_back(outcome.status());
      return results;
    }
    if (!keep_all) results.clear();
    std::shared_ptr<ResultData> data = outcome->data ? outcome->data : std::make_shared<ResultData>();
    data->notices = std::move(outcome->notices);
    results.emplace_back(std::move(data), outcome->tag);
  }
  return results;
}

Result<StatementOutcome> ConnectionImpl::Execute(const sql::Statement& statement,
                                                 const std::string& text) {
  statement_start_micros_ = NowMicros();
  if (statement.kind == sql::StatementKind::kTransaction) {
    return ExecuteTransactionControl(static_cast<const sql::TransactionStatement&>(statement));
  }
  if (statement.kind == sql::StatementKind::kSet) {
    return ExecuteSet(static_cast<const sql::SetStatement&>(statement));
  }
  if (statement.kind == sql::StatementKind::kShow) {
    return ExecuteShow(static_cast<const sql::ShowStatement&>(statement));
  }
  if (transaction_failed_) {
    return Status(StatusCode::kInvalidInput,
                  "current transaction is aborted, commands ignored until end of transaction block",
                  statement.position);
  }
  bool autocommit = !explicit_transaction_;
  if (!transaction_) {
    transaction_ = database_->storage->Begin();
    transaction_start_micros_ = statement_start_micros_;
  }
  // Loads and inserts encode and write their row groups on as many threads as queries use.
  transaction_->set_write_threads(MakeExecContext().threads);
  Result<StatementOutcome> outcome = ExecuteInTransaction(statement, text);
  if (!outcome.ok()) {
    if (autocommit) {
      transaction_->Rollback();
      transaction_.reset();
    } else {
      transaction_failed_ = true;
    }
    return outcome;
  }
  if (autocommit) {
    Status committed = transaction_->Commit();
    transaction_.reset();
    if (!committed.ok()) return committed;
  }
  return outcome;
}

Result<StatementOutcome> ConnectionImpl::ExecuteInTransaction(const sql::Statement& statement,
                                                              const std::string& text) {
  using sql::StatementKind;
  switch (statement.kind) {
    case StatementKind::kSelect:
      return ExecuteSelect(*this, static_cast<const sql::SelectStatement&>(statement));
    case StatementKind::kExplain:
      return ExecuteExplain(*this, static_cast<const sql::ExplainStatement&>(statement), text);
    case StatementKind::kInsert:
      return ExecuteInsert(*this, static_cast<const sql::InsertStatement&>(statement));
    case StatementKind::kUpdate:
      return ExecuteUpdate(*this, static_cast<const sql::UpdateStatement&>(statement));
    case StatementKind::kDelete:
      return ExecuteDelete(*this, static_cast<const sql::DeleteStatement&>(statement));
    case StatementKind::kMerge:
      return ExecuteMerge(*this, static_cast<const sql::MergeStatement&>(statement));
    case StatementKind::kCreateTable:
      return ExecuteCreateTable(*this, static_cast<const sql::CreateTableStatement&>(statement),
                                temporary_tables_);
    case StatementKind::kCreateView:
      return ExecuteCreateView(*this, static_cast<const sql::CreateViewStatement&>(statement));
    case StatementKind::kRefreshMaterializedView:
      return ExecuteRefreshMaterializedView(*this,
                                            static_cast<const sql::RefreshMaterializedViewStatement&>(statement));
    case StatementKind::kCreateSchema:
      return ExecuteCreateSchema(*this, static_cast<const sql::CreateSchemaStatement&>(statement));
    case StatementKind::kDrop:
      return ExecuteDrop(*this, static_cast<const sql::DropStatement&>(statement));
    case StatementKind::kAlterTable:
      return ExecuteAlterTable(*this, static_cast<const sql::AlterTableStatement&>(statement));
    case StatementKind::kTruncate:
      return ExecuteTruncate(*this, static_cast<const sql::TruncateStatement&>(statement));
    case StatementKind::kAnalyze:
      return ExecuteAnalyze(*this, static_cast<const sql::AnalyzeStatement&>(statement));
    case StatementKind::kCopy:
      return ExecuteCopy(*this, static_cast<const sql::CopyStatement&>(statement));
    case StatementKind::kUnload:
      return ExecuteUnload(*this, static_cast<const sql::UnloadStatement&>(statement));
    case StatementKind::kVacuum:
      return ExecuteVacuum(*this, static_cast<const sql::VacuumStatement&>(statement));
    default:
      return Status(StatusCode::kInternal, "statement reached the wrong executor", statement.position);
  }
}

Result<StatementOutcome> ConnectionImpl::ExecuteTransactionControl(
    const sql::TransactionStatement& statement) {
  StatementOutcome outcome;
  switch (statement.action) {
    case sql::TransactionStatement::Action::kBegin:
      if (explicit_transaction_) {
        outcome.tag = "BEGIN";  // PostgreSQL warns and carries on
        return outcome;
      }
      explicit_transaction_ = true;
      transaction_failed_ = false;
      transaction_ = database_->storage->Begin();
      transaction_start_micros_ = statement_start_micros_;
      outcome.tag = "BEGIN";
      return outcome;
    case sql::TransactionStatement::Action::kCommit: {
      outcome.tag = "COMMIT";
      bool failed = transaction_failed_;
      explicit_transaction_ = false;
      transaction_failed_ = false;
      if (!transaction_) return outcome;
      auto transaction = std::move(transaction_);
      if (failed) {
        transaction->Rollback();
        outcome.tag = "ROLLBACK";
        return outcome;
      }
      RETURN_IF_ERROR(transaction->Commit());
      return outcome;
    }
    case sql::TransactionStatement::Action::kRollback:
      outcome.tag = "ROLLBACK";
      explicit_transaction_ = false;
      transaction_failed_ = false;
      if (transaction_) transaction_->Rollback();
      transaction_.reset();
      return outcome;
  }
  return outcome;
}

static Result<int64_t> ParseMemorySize(const std::string& text) {
  std::string digits, unit;
  for (char c : text) {
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      if (!unit.empty()) return Status(StatusCode::kInvalidInput, "invalid memory size \"" + text + "\"");
      digits += c;
    } else if (!std::isspace(static_cast<unsigned char>(c))) {
      unit += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  if (digits.empty()) {
    return Status(StatusCode::kInvalidInput,
                  "invalid memory size \"" + text + "\": expected a number with KB, MB, GB or TB");
  }
  double value = std::strtod(digits.c_str(), nullptr);
  double factor = 1;
  if (unit == "KB" || unit == "K") factor = 1024.0;
  else if (unit == "MB" || unit == "M") factor = 1024.0 * 1024;
  else if (unit == "GB" || unit == "G") factor = 1024.0 * 1024 * 1024;
  else if (unit == "TB" || unit == "T") factor = 1024.0 * 1024 * 1024 * 1024;
  else if (!unit.empty() && unit != "B") {
    return Status(StatusCode::kInvalidInput,
                  "invalid memory size \"" + text + "\": unknown unit \"" + unit + "\" (use KB, MB, GB or TB)");
  }
  return static_cast<int64_t>(value * factor);
}

Result<StatementOutcome> ConnectionImpl::ExecuteSet(const sql::SetStatement& statement) {
  StatementOutcome outcome;
  outcome.tag = "SET";
  if (statement.name == "memory_limit") {
    if (statement.value == "default") {
      memory_limit_ = 0;
      return outcome;
    }
    ASSIGN_OR_RETURN(memory_limit_, ParseMemorySize(statement.value));
    return outcome;
  }
  if (statement.name == "threads") {
    if (statement.value == "default") {
      threads_ = 0;
      return outcome;
    }
    char* end = nullptr;
    long threads = std::strtol(statement.value.c_str(), &end, 10);
    if (*end != '\0' || threads < 1 || threads > 256) {
      return Status(StatusCode::kInvalidInput, "threads must be an integer between 1 and 256",
                    statement.position);
    }
    threads_ = static_cast<int>(threads);
    return outcome;
  }
  // Settings clients send on connect (search_path, datestyle, ...) are accepted and ignored.
  static const char* kAccepted[] = {"search_path", "datestyle", "timezone", "client_encoding",
                                    "application_name", "statement_timeout", "extra_float_digits",
                                    "enable_result_cache_for_session", "query_group"};
  for (const char* name : kAccepted) {
    if (statement.name == name) return outcome;
  }
  return Status(StatusCode::kInvalidInput,
                "unrecognized configuration parameter \"" + statement.name + "\"",
                statement.position);
}

Result<StatementOutcome> ConnectionImpl::ExecuteShow(const sql::ShowStatement& statement) {
  auto data = std::make_shared<ResultData>();
  data->has_rows = true;
  data->names.push_back(statement.name);
  data->types.push_back(LogicalType::Varchar());
  data->rows.Initialize(data->types);
  std::string value;
  if (statement.name == "memory_limit") {
    value = memory_limit_ == 0 ? "unlimited" : std::to_string(memory_limit_ / (1024 * 1024)) + "MB";
  } else if (statement.name == "threads") {
    value = std::to_string(MakeExecContext().threads);
  } else if (statement.name == "server_version") {
    value = "15.0 (Martlet)";
  } else if (statement.name == "timezone") {
    value = "UTC";
  } else {
    return Status(StatusCode::kInvalidInput,
                  "unrecognized configuration parameter \"" + statement.name + "\"",
                  statement.position);
  }
  data->rows.columns[0].Resize(1);
  data->rows.columns[0].SetValue(0, Value::Text(value));
  StatementOutcome outcome;
  outcome.data = std::move(data);
  outcome.tag = "SHOW";
  return outcome;
}

}  // namespace martlet
