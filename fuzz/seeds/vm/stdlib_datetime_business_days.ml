// datetime: business days skip Saturday and Sunday; counts are inclusive and order-free
import datetime;
fri = datetime.create(2024, 1, 12, 9, 30);
print(fri.weekday(), datetime.isWeekend(fri), datetime.is_weekday(fri));
print(datetime.addBusinessDays(fri, 1), datetime.addBusinessDays(fri, 5), datetime.add_business_days(fri, -5));
print(datetime.addBusinessDays(fri, 0), datetime.addBusinessDays(datetime.create(2024, 1, 13), 1), datetime.addBusinessDays(datetime.create(2024, 1, 14), -1));
print(datetime.addBusinessDays(datetime.create(2024, 1, 1), 260), datetime.addBusinessDays(fri, 10000));
print(datetime.addBusinessDays(datetime.createDate(2024, 1, 12), 1).toISOString());
a = datetime.create(2024, 1, 1);
b = datetime.create(2024, 1, 31);
print(datetime.businessDaysBetween(a, b), datetime.business_days_between(b, a), datetime.businessDaysBetween(a, a));
print(datetime.businessDaysBetween(datetime.create(2024, 1, 6), datetime.create(2024, 1, 7)), datetime.businessDaysBetween(datetime.create(2024, 1, 1), datetime.create(2024, 12, 31)));
print(datetime.isWeekend(datetime.createDate(2024, 1, 7)), datetime.is_weekend(datetime.create(2024, 1, 8)));
