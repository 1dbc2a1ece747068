// an uncaught thrown string has type Error and the string as message
throw "boom";
