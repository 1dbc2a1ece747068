// datetime: now/today/timestamps by their properties only; time zones; object display and introspection
import datetime;
n = datetime.now();
t = datetime.today();
print(typeof(n), typeof(t), typeof(datetime.now(datetime.utc())), n.year() >= 2024);
print(n.date().toISOString() == t.toISOString() || n.addDays(-1).date().toISOString() == t.toISOString());
print(typeof(n.timestamp()), datetime.fromTimestamp(n.timestamp()).isSame(n));
fixed = datetime.create(2024, 1, 15, 10, 30, 0);
print(datetime.fromTimestamp(fixed.timestamp()), datetime.from_timestamp(fixed.addHours(1).timestamp() - 3600));
print(fixed.addDays(1).timestamp() - fixed.timestamp());
print(datetime.calculateAge(datetime.create(2000, 1, 1)) >= 24);
print(datetime.utc(), datetime.createTimeZone(9), datetime.createTimeZone(-5, 30), datetime.createTimeZone(5, 45, "NPT"));
print(fixed, str(fixed), [fixed], datetime.createDate(2024, 1, 1), datetime.createDelta(1), datetime.createTime(1));
print(methods(datetime.createTime()), methods(datetime.createDate(2024, 1, 1)));
print(methods(datetime.createDelta()));
print(hasattr(fixed, "addDays"), hasattr(fixed, "add_days"), hasattr(fixed, "toJSON"), fixed == fixed, fixed == datetime.create(2024, 1, 15, 10, 30));
f = fixed.addDays;
print(f(2), help(datetime.create));
