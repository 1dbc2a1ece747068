// nan is unequal to itself and compares false; inf behaves as IEEE infinity
nan = float("nan");
inf = float("inf");
print(nan == nan, nan != nan);
print(nan < 1, nan > 1, nan <= nan, nan >= 1);
print(bool(nan));
print(inf > 1e308, -inf < 0, inf == inf);
print(inf + 1, inf - inf, -inf * 2);
print(inf * 0);
print(typeof(nan), typeof(inf));
