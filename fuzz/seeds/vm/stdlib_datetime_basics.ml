// datetime: deterministic construction, fields, arithmetic and formatting
import datetime;
d = datetime.create(2024, 1, 15, 10, 30, 0);
print(d.toString(), d);
print(d.year(), d.month(), d.day(), d.hour(), d.minute(), d.second(), d.weekday());
print(d.format("%Y/%m/%d %H:%M"), typeof(d));
print(d.addDays(20).toISOString());
print(datetime.isLeapYear(2024), datetime.isLeapYear(2023), datetime.isLeapYear(1900));
print(datetime.daysInMonth(2023, 2), datetime.daysInMonth(2024, 2), datetime.daysInMonth(2024, 13));
day = datetime.createDate(2024, 2, 28);
print(day.addDays(1).toISOString(), datetime.createDate(2024, 3, 1).diff(datetime.createDate(2024, 1, 1)));
print(datetime.createDelta(1, 2, 0, 0).totalHours());
print(datetime.addBusinessDays(datetime.create(2024, 1, 12), 1).toString());
print(datetime.isWeekend(datetime.create(2024, 1, 13)), datetime.isWeekday(d));
try { datetime.create(2024, 2, 30); } except (e) { print(e.type); }
