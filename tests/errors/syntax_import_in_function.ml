// import is allowed only at the top level, never inside a function
function f() {
    import math;
    return math.pi;
}
