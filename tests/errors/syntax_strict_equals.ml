// there is no === operator
print(1 === 1);
