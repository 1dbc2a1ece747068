// break outside a loop is refused by the compiler: exit 2
if (true) { break; }
