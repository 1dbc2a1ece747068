// log: bad levels, formats and data are errors; add_file needs the file.write grant
import log;
function attempt(label, f) {
    try {
        print(label, f());
    } except (e) {
        print(label, e.type, e.message);
    }
}
attempt("level", fn() => log.set_level("LOUD"));
attempt("level type", fn() => log.set_level(3));
attempt("format", fn() => log.set_format("xml"));
attempt("data", fn() => log.info("m", [1, 2]));
attempt("no message", fn() => log.info());
attempt("file", fn() => log.add_file("mlpy_log_must_not_exist.log"));
attempt("logger file", fn() => log.create_logger("x").add_file("mlpy_log_must_not_exist.log"));
attempt("logger name", fn() => log.create_logger(5));
attempt("no method", fn() => log.create_logger("x").trace("m"));
print(requiredCapabilities(log.add_file), requiredCapabilities(log.info), requiredCapabilities(log.create_logger));
