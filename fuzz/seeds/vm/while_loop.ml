// while loops re-test a truthy condition each iteration
i = 0;
total = 0;
while (i < 5) {
    total = total + i;
    i = i + 1;
}
print(i, total);
queue = [1, 2, 3];
while (queue) {
    print(queue[0]);
    queue = queue[1:];
}
while (false) { print("never"); }
print(queue);
