// Kills a process that is writing to a database with SIGKILL at random moments, reopens the
// database after each kill and checks that it holds exactly a committed prefix of the
// writes: every statement whole or not at all, none lost that was acknowledged.
//
// Usage: martlet_crash_test [iterations] [seed]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "martlet/martlet.hpp"

namespace {

constexpr int64_t kBatchRows = 1000;

int failures = 0;
int checks = 0;

void Check(bool ok, const std::string& what) {
  checks++;
  if (!ok) {
    failures++;
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
  }
}

int64_t QueryInt(martlet::Connection& con, const std::string& sql) {
  auto result = con.query(sql);
  if (!result.ok()) {
    std::fprintf(stderr, "query failed: %s: %s\n", sql.c_str(), result.error_message().c_str());
    std::exit(2);
  }
  return result.is_null(0, 0) ? 0 : std::stoll(result.text(0, 0));
}

// The child: inserts single rows and whole batches in a loop, reporting each commit on the
// pipe, until it is killed.
[[noreturn]] void Writer(const std::string& directory, int64_t next_single, int64_t next_batch, int pipe_fd) {
  martlet::Database db(directory);
  auto con = db.connect();
  for (int64_t i = 0;; i++) {
    std::string sql;
    if (i % 4 == 3) {
      sql = "INSERT INTO batches SELECT " + std::to_string(next_batch) +
            ", g FROM generate_series(1, " + std::to_string(kBatchRows) + ") AS s(g)";
      next_batch++;
    } else {
      sql = "INSERT INTO singles VALUES (" + std::to_string(next_single) + ")";
      next_single++;
    }
    auto result = con.query(sql);
    if (!result.ok()) {
      std::fprintf(stderr, "writer: %s\n", result.error_message().c_str());
      _exit(3);
    }
    char ack = 'c';
    if (write(pipe_fd, &ack, 1) != 1) _exit(4);
  }
}

}  // namespace

int main(int argc, char** argv) {
  int iterations = argc > 1 ? std::atoi(argv[1]) : 25;
  unsigned seed = argc > 2 ? static_cast<unsigned>(std::atoi(argv[2])) : std::random_device{}();
  std::printf("crash test: %d kills, seed %u\n", iterations, seed);
  std::mt19937 random(seed);
  std::string directory = std::filesystem::temp_directory_path() / ("martlet-crash-" + std::to_string(getpid()));
  std::filesystem::remove_all(directory);
  {
    martlet::Database db(directory);
    auto con = db.connect();
    auto created = con.query("CREATE TABLE singles (v BIGINT NOT NULL); CREATE TABLE batches (b BIGINT, r BIGINT)");
    if (!created.ok()) {
      std::fprintf(stderr, "setup failed: %s\n", created.error_message().c_str());
      return 2;
    }
  }
  int64_t acknowledged = 0;
  for (int k = 0; k < iterations; k++) {
    int64_t singles, batches;
    {
      martlet::Database db(directory);
      Check(db.status().ok(), "reopen after kill " + std::to_string(k) + ": " + db.status().message());
      auto con = db.connect();
      singles = QueryInt(con, "SELECT count(*) FROM singles");
      int64_t max_single = QueryInt(con, "SELECT max(v) FROM singles");
      int64_t distinct_singles = QueryInt(con, "SELECT count(DISTINCT v) FROM singles");
      int64_t batch_rows = QueryInt(con, "SELECT count(*) FROM batches");
      batches = QueryInt(con, "SELECT count(DISTINCT b) FROM batches");
      int64_t max_batch = QueryInt(con, "SELECT max(b) FROM batches");
      int64_t committed = singles + batches;
      std::string when = " after kill " + std::to_string(k);
      Check(max_single == singles && distinct_singles == singles, "singles are the prefix 1.." + std::to_string(singles) + when);
      Check(max_batch == batches, "batches are the prefix 1.." + std::to_string(batches) + when);
      Check(batch_rows == batches * kBatchRows, "every batch is whole (" + std::to_string(batch_rows) + " rows in " + std::to_string(batches) + " batches)" + when);
      Check(committed >= acknowledged, "no acknowledged commit is lost (" + std::to_string(committed) + " >= " + std::to_string(acknowledged) + ")" + when);
      Check(committed <= acknowledged + 1, "at most the one unacknowledged commit appears" + when);
      acknowledged = committed;
    }
    int fds[2];
    if (pipe(fds) != 0) return 2;
    pid_t child = fork();
    if (child == 0) {
      close(fds[0]);
      Writer(directory, singles + 1, batches + 1, fds[1]);
    }
    close(fds[1]);
    std::uniform_int_distribution<int> delay(2000, 150000);
    usleep(static_cast<useconds_t>(delay(random)));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    char buffer[4096];
    ssize_t n;
    while ((n = read(fds[0], buffer, sizeof buffer)) > 0) acknowledged += n;
    close(fds[0]);
    Check(WIFSIGNALED(status), "the writer was killed, not ended by an error (status " + std::to_string(status) + ")");
  }
  std::filesystem::remove_all(directory);
  std::printf("%lld commits survived %d kills\n", static_cast<long long>(acknowledged), iterations);
  Check(acknowledged > iterations, "the writer committed between kills");
  std::printf("%d passed, %d failed\n", checks - failures, failures);
  return failures == 0 ? 0 : 1;
}
