// args: program arguments, and an ArgParser with flags, short clusters, options, positionals and errors
import args;
print(args.all(), args.script(), args.rest(), requiredCapabilities(args.all));
p = args.create_parser("tool", "Copies things");
p.add_flag("verbose", "v", "Talk more");
p.add_flag("force", "f", "Overwrite");
p.add_option("output", "o", "Where to write", "out.txt");
p.add_option("level", null, "How hard");
p.add_positional("input", "What to read", true);
p.add_positional("extra", "Anything else");
print(typeof(p), p, methods(p));
r = p.parse(["-vf", "--level", "3", "in.txt"]);
print(typeof(r), r.flags(), r.options(), r.positionals());
print(r.get("input"), r.get("output"), r.get("level"), r.get("verbose"), r.get("nope"), r.get("nope", 0));
print(r.has("force"), r.has("extra"), r.has("output"), r.get_bool("verbose"), r.get_bool("input"));
r = p.parse(["a", "-o", "x.txt", "b", "c"]);
print(r.options(), r.positionals(), r.flags());
r = p.parse(["--", "-v"]);
print(r.get("input"), r.get_bool("verbose"));
print(p.parse(["-h"]).get_bool("help"), p.parse(["--help"]).flags());
for (bad in [["--nope"], ["-x", "a"], ["a", "--level"], ["a", "-o"], []]) {
    try { p.parse(bad); } except (e) { print(e.type + ": " + e.message); }
}
try { p.add_flag("quiet", "qq", "no"); } except (e) { print(e.type); }
try { p.parse([1]); } except (e) { print(e.type); }
try { r.nope(); } except (e) { print(e.type); }
print(p.help());
print(args.create_parser().parse().positionals());
