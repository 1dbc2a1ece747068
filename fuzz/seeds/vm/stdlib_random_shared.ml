// random: every import in one VM gets the same module and so one generator; setSeed anywhere fixes the whole stream
import random;
import random as rnd;
random.setSeed(5);
a = [random.random(), rnd.random(), random.randomInt(0, 1000)];
rnd.set_seed(5);
b = [rnd.random(), random.random(), rnd.random_int(0, 1000)];
print(a == b, len(a), random.getSeed(), rnd.get_seed(), rnd == random);
