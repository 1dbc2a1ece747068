// import is allowed only at the top level, never inside a block
if (true) {
    import math;
}
