// datetime: strftime directives in format(), ISO text with microseconds only when set
import datetime;
d = datetime.create(2024, 3, 5, 14, 7, 9);
print(d.format());
print(d.format("%d/%m/%Y %I:%M %p"));
print(d.format("%A, %B %d, %Y (%a %b) day %j, week %U/%W, weekday %w/%u"));
print(d.format("%y %H%M%S %f %%"));
print(d.format("%c | %x | %X"));
print(d.format("%-d.%-m. %e %T %D %F %R"));
print(d.format("unknown %Q kept, zone [%z%Z] empty"));
print(d.format(""), d.format("no directives"));
e = d.endOfDay();
print(e, e.toISOString(), e.format("%H:%M:%S.%f"), e.to_string());
print(datetime.create(5, 1, 1), datetime.create(9999, 12, 31, 23, 59, 59));
