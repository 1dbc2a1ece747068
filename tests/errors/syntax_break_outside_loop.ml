// break outside a loop is a compile-time error
break;
