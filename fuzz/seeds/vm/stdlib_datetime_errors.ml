// datetime: invalid components are RuntimeErrors; wrong argument types are TypeErrors; overflow is a ValueError
import datetime;
function attempt(label, f) {
    try {
        print(label, f());
    } except (e) {
        print(label, e.type, e.message);
    }
}
attempt("feb30", fn() => datetime.create(2024, 2, 30));
attempt("month13", fn() => datetime.create(2024, 13, 1));
attempt("hour24", fn() => datetime.create(2024, 1, 1, 24));
attempt("year0", fn() => datetime.create(0, 1, 1));
attempt("year10000", fn() => datetime.createDate(10000, 1, 1));
attempt("leap", fn() => datetime.createDate(2023, 2, 29));
attempt("time", fn() => datetime.createTime(12, 60));
attempt("micro", fn() => datetime.createTime(0, 0, 0, 1000000));
attempt("ok time", fn() => datetime.createTime(23, 59, 59, 999999).second());
attempt("few args", fn() => datetime.create(2024, 1));
attempt("string arg", fn() => datetime.create("2024", 1, 1));
attempt("fraction", fn() => datetime.create(2024, 1.5, 1));
attempt("days 13", fn() => datetime.daysInMonth(2024, 13));
attempt("past 9999", fn() => datetime.create(9999, 12, 31).addDays(1));
attempt("before 1", fn() => datetime.createDate(1, 1, 1).subtractDays(1));
attempt("huge", fn() => datetime.create(2024, 1, 1).addDays(1e300));
attempt("not delta", fn() => datetime.create(2024, 1, 1).add(5));
attempt("not datetime", fn() => datetime.create(2024, 1, 1).isBefore(datetime.createDate(2024, 1, 2)));
attempt("diff date", fn() => datetime.createDate(2024, 1, 1).diff(datetime.create(2024, 1, 1)));
attempt("weekend str", fn() => datetime.isWeekend("2024-01-01"));
attempt("no method", fn() => datetime.create(2024, 1, 1).month2());
attempt("format type", fn() => datetime.create(2024, 1, 1).format(5));
attempt("method args", fn() => datetime.create(2024, 1, 1).year(1));
attempt("bad stamp", fn() => datetime.fromTimestamp(1e20));
attempt("nan stamp", fn() => datetime.fromTimestamp(0.0 * (1e308 * 10)));
attempt("multiply", fn() => datetime.createDelta(1).multiply("x"));
