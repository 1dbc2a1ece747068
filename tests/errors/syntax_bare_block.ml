// there is no bare block statement: `{ x = 1; }` is not valid
{ x = 1; }
