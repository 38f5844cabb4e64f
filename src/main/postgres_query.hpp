// Extracting from PostgreSQL: the table function postgres_query(conninfo, query) and
// COPY table FROM 'postgresql://...?table=schema.table'. Both read through
// io/postgres_client, which streams the rows a chunk at a time.
#pragma once

#include "exec/operator.hpp"
#include "main/connection_impl.hpp"
#include "planner/binder.hpp"

namespace martlet {

// Binds postgres_query(conninfo, query): connects and describes the query, so that its
// columns and their Martlet types are known before the query runs.
class PostgresQueryFunction : public ExternalRelationProvider {
 public:
  Result<std::shared_ptr<ExternalRelation>> Bind(const std::string& function,
                                                 const std::vector<Value>& arguments,
                                                 std::vector<LogicalType>& types,
                                                 std::vector<std::string>& names) const override;
};

// The operator that streams the rows of a kExternal plan node.
Result<OperatorPtr> MakeExternalOperator(const std::shared_ptr<ExternalRelation>& relation);

// Whether a COPY's source names a PostgreSQL table ('postgresql://...' or 'postgres://...').
bool IsPostgresSource(const std::string& source);

// COPY table [(columns)] FROM 'postgresql://[user@host:port]/db?table=schema.table': the
// source table's columns of the same names, streamed into the table, all or nothing.
Result<StatementOutcome> CopyFromPostgres(ConnectionImpl& connection,
                                          const sql::CopyStatement& statement);

}  // namespace martlet
