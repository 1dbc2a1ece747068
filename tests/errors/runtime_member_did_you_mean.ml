// a misspelt module member: the nearest member and the line
import math;
x = math.sqr(2);
