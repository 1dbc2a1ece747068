// datetime: parseISO accepts the ISO 8601 forms of Python's fromisoformat; bad text is a RuntimeError
import datetime;
print(datetime.parseISO("2025-10-05T14:30:00"), datetime.parseISO("2025-10-05"));
print(datetime.parseISO("2025-10-05 14:30"), datetime.parseISO("20251005T1430"));
print(datetime.parseISO("2025-10-05T14:30:15.25"), datetime.parseISO("2025-10-05T14:30:00Z"));
print(datetime.parseISO("2025-10-05T14:30:00+02:00").hour(), datetime.parseISO("2024-02-29T00:00:00").isSame(datetime.create(2024, 2, 29)));
text = datetime.create(2024, 1, 15, 10, 30).endOfDay().toISOString();
print(datetime.parseISO(text).toISOString() == text);
for (bad in ["2025-13-01", "2023-02-29", "2025-10-05T25:00", "yesterday", "2025/10/05", ""]) {
    try {
        datetime.parseISO(bad);
        print("parsed", bad);
    } except (e) {
        print(e.type, e.message);
    }
}
try { datetime.parseISO(20251005); } except (e) { print(e.type); }
