// log: with the file.write grant add_file opens the file and lines still reach stdout
// mlpy-flags: --grant file.write
import log;
print(hasCapability("file.write"));
log.set_timestamp(false);
log.add_file("/dev/null");
log.info("to stdout and the file", {n: 1});
app = log.create_logger("app");
app.set_timestamp(false);
app.add_file("/dev/null");
app.error("from app");
try { log.add_file("/nonexistent-dir-mlpy/x.log"); } except (e) { print(e.type); }
