// random: setSeed makes the stream reproducible; ranges, aliases and sampling properties hold
import random;
print(random.setSeed(42), random.getSeed(), random.get_seed(), random.set_seed(7));
function draw() {
    return [random.random(), random.randomInt(1, 7), random.nextInt(), random.randomFloat(2, 3),
            random.randomBool(), random.randomNormal(), random.triangular(0, 10), random.shuffle([1, 2, 3, 4, 5])];
}
random.setSeed(123);
a = draw();
random.setSeed(123);
b = draw();
print(a == b, random.getSeed());
random.setSeed(124);
print(draw() == a);
ok = true;
for (i in range(500)) {
    r = random.random();
    n = random.randomInt(1, 7);
    d = random.random_int();
    f = random.uniform(-1, 1);
    t = random.triangular(0, 10, 2);
    u = random.nextInt();
    if (r < 0 || r >= 1 || n < 1 || n > 6 || int(n) != n || d < 0 || d >= 100 || f < -1 || f > 1 || t < 0 || t > 10 || u < 0 || u > 4294967295) {
        ok = false;
    }
}
print("ranges ok:", ok);
seen = {};
for (i in range(300)) { seen[random.randomInt(0, 3)] = true; }
print(sorted(keys(seen)));
print(random.randomBoolWeighted(1), random.randomBoolWeighted(0), typeof(random.randomBool()), typeof(random.random_float()));
function set_of(arr) { out = {}; for (x in arr) { out[x] = 1; } return keys(out); }
xs = [1, 2, 3, 4, 5, 6];
print(sorted(random.shuffle(xs)), xs, len(random.sample(xs, 3)), sorted(random.sample(xs, 10)));
s = random.sample(xs, 4);
c = random.choice(xs);
print(len(s) == len(set_of(s)), random.choice([]), c >= 1 && c <= 6, len(random.choice("abc")));
print(len(set_of(random.randomIndices(5, 3))), random.randomIndices(3, 5), random.random_indices(4, 4));
total = 0;
for (i in range(2000)) { total = total + random.gaussian(10, 2); }
print(abs(total / 2000 - 10) < 0.5, random.randomNormal(5, 0), random.triangular(3, 3));
try { random.randomInt(5, 5); } except (e) { print(e.type); }
try { random.sample(xs, -1); } except (e) { print(e.type); }
try { random.setSeed("x"); } except (e) { print(e.type); }
print(requiredCapabilities(random.choice), requiredCapabilities(random.random));
