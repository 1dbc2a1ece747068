// a module the other cases import
function greet(name) { return "hi " + name; }
function pair(a, b) { return [a, b]; }
version = "1.0";
