// an error raised inside an except block propagates
try {
    throw "first";
} except (e) {
    throw {type: "SecondError", message: "raised in handler"};
}
