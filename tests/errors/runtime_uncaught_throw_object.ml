// an uncaught thrown object reports its `type` and `message`
function validate(age) {
    if (age < 0) {
        throw {type: "ValidationError", message: "age must be positive"};
    }
    return age;
}
validate(-1);
