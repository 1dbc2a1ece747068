// capability declarations parse at top level and are recorded, but grant nothing
capability DataAccess {
    resource "data/*.json";
    allow read "data/*";
    allow write;
    allow network "https://example.com/*";
}
print("declared");
print(hasCapability("file.read"), hasCapability("file:read"));
capability Empty { }
print("second declaration");
