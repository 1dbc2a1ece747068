// Uses the Python bridge examples in examples/extensions/ (found there by
// default when mlpy runs in this folder): `cd examples && mlpy run contacts.ml`.
import validation;
import crypto;

function check_contact(email, phone) {
    email_valid = validation.validate_email(email);
    phone_valid = validation.validate_phone(phone, "US");
    return {
        email_valid: email_valid,
        phone_valid: phone_valid,
        both_valid: email_valid && phone_valid
    };
}

contacts = [
    ["ada@example.org", "5551234567"],
    ["bob at example.org", "+15551234567"],
    ["eve@example.org", "12345"]
];
for (c in contacts) {
    result = check_contact(c[0], c[1]);
    print(c[0] + ": " + str(result));
}
print("sha256(\"abc\") = " + crypto.hash_sha256("abc"));
print("a fresh id has " + str(len(crypto.generate_uuid())) + " characters");
