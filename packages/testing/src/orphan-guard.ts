// Preloaded (`node --import`) into every service a test starts: should the test process that
// started it die without its teardown (killed by a timeout, a crash), the service ends too,
// instead of living on with a port and a database connection.
const startedBy = Number(process.env.SOKONI_TEST_PARENT_PID);

if (startedBy > 0) {
  setInterval(() => {
    if (process.ppid !== startedBy) {
      process.kill(process.pid, 'SIGKILL');
    }
  }, 500).unref();
}
