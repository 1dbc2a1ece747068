// a file that does not parse: exit 2, the error as `run` prints it
x = (1 + ;
