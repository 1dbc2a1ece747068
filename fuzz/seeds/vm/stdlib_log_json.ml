// log: json lines (message, level, logger, data) and named loggers with their own settings
import log;
log.set_format("json");
log.set_timestamp(false);
log.info("started");
log.warn("slow", {ms: 1500, path: "/api", tags: ["a", "b"], ok: false, none: null, ratio: 2.0});
log.error("quote \" and é");
app = log.create_logger("app");
print(typeof(app), app.name, app);
app.set_timestamp(false);
app.info("app logger is text by default", {n: 1});
app.set_format("json");
app.set_level("DEBUG");
app.debug("debug from app");
print(app.is_debug(), log.is_debug());
log.set_format("text");
log.info("module logger back to text");
print(methods(app));
