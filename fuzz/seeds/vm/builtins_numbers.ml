// abs(), round() (ties to even; int without digits), chr()/ord(), hex()/bin()/oct()
print(abs(-5), abs(3), abs(-2.5), abs(0));
print(round(2.5), round(3.5), round(-2.5), round(1.5), round(2.4), round(7));
print(round(2.675, 2), round(0.125, 2), round(1.23456, 3));
print(typeof(round(2.5)), round(2.6) + 1);
print(chr(65), chr(233), ord("A"), ord("é"), ord(chr(8364)));
try { ord("ab"); } except (e) { print(e.type); }
try { ord(""); } except (e) { print(e.type); }
try { chr(-1); } except (e) { print(e.type); }
print(hex(255), hex(-255), hex(0));
print(bin(5), bin(-5), bin(0));
print(oct(8), oct(-8), oct(64));
