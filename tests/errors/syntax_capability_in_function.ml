// capability declarations are allowed only at the top level
function f() {
    capability Local { allow read; }
}
