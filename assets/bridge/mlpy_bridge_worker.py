"""The Python side of mlpy's bridge: one process per mlpy session.

Requests arrive on stdin and answers leave on stdout, one JSON object per
line.  Every request carries an ``id`` that its answer repeats:

    {"id": 1, "op": "load", "module": "crypto", "path": "/x/crypto.py", "allow_eval": false}
    {"id": 2, "op": "call", "module": "crypto", "function": "f", "args": [...]}
    {"id": 3, "op": "reload", "module": "crypto", "path": "/x/crypto.py"}
    {"id": 4, "op": "shutdown"}

and the answer is ``{"id": N, "ok": RESULT}`` or ``{"id": N, "error":
{"type": CLASS, "message": TEXT, "traceback": TEXT}}``.  On start the worker
says ``{"id": 0, "ok": {"python": VERSION, "pid": PID}}``.

The protocol owns the real stdin and stdout: the modules see /dev/null as
their stdin (``input()`` raises EOFError instead of reading a request) and
whatever they print goes to stderr, so a stray print() cannot corrupt an
answer.  A ``load`` request may carry the module's ``source``: mlpy sends
the text of the version that last loaded, so a restarted worker gets that
version even if the file has since been broken.
"""

import builtins
import importlib.util
import json
import os
import re
import signal
import sys
import time
import tracemalloc
import types

# `ast` and `traceback` are imported when first needed and `inspect` not at
# all: together they would add a third to the worker's start.

# mlpy starts this code with `python -I -c`, after installing the decorator
# packages as in-memory modules: nothing here is read from a file.
import mlpy  # noqa: E402

# Kept before any module can replace them: a restarted worker runs the saved
# source of a module with these.
COMPILE_SOURCE, RUN_SOURCE = builtins.compile, builtins.exec

# Modules written without importing the decorators still load.
builtins.ml_module = mlpy.ml_module
builtins.ml_function = mlpy.ml_function
builtins.require_capability = mlpy.require_capability

EVAL_NAMES = ("eval", "exec", "compile")
# A cheap first look before parsing: the names as whole words (a call to
# them needs that); words such as "execute" do not count.
EVAL_CALL_TEXT = re.compile(r"\b(?:eval|exec|compile)\b")


class BridgeError(Exception):
    """An error the worker reports under a chosen type name."""

    def __init__(self, type_name, message):
        super().__init__(message)
        self.type_name = type_name


class LoadedModule:
    """One imported bridge module: its instance and its callable functions."""

    def __init__(self, name, path, cls, instance, functions):
        self.name = name
        self.path = path
        self.cls = cls
        self.instance = instance
        self.functions = functions


modules = {}
load_counter = 0
# Ctrl-C in the mlpy session reaches this process too: it interrupts a
# running call (reported as KeyboardInterrupt) and is ignored between calls.
busy = False


def on_interrupt(signum, frame):
    if busy:
        raise KeyboardInterrupt


# Files and folders whose code may not evaluate code: checked at run time
# by an audit hook on every eval/exec/compile, whatever name the function
# was reached by (an alias, builtins.exec, functools.partial, map, ...).
no_eval_files = set()
no_eval_folders = set()


def eval_guard(event, args):
    if event not in ("exec", "compile") or not (no_eval_files or no_eval_folders):
        return
    # The frame that called the builtin (builtins themselves have none).
    code = sys._getframe(1).f_code
    filename = code.co_filename
    if filename in no_eval_files or os.path.dirname(filename) in no_eval_folders:
        raise BridgeError(
            "SecurityError",
            f"evaluating code is refused for {filename} (line "
            f"{sys._getframe(1).f_lineno}): security.allow_eval is false or the "
            "module is declared allow_eval=False")


def guard_module(path, name, source, session_allows_eval):
    """Hold the module's code (and, with allow_eval off, its folder's) to
    the no-eval rule at run time."""
    if not session_allows_eval:
        no_eval_folders.add(os.path.dirname(path))
        no_eval_folders.add(os.path.dirname(os.path.realpath(path)))
    elif "allow_eval" in source:
        import ast
        if declares_no_eval(ast.parse(source, filename=path), name):
            no_eval_files.add(path)
            no_eval_files.add(os.path.realpath(path))


def refuse_eval(name, path, source, session_allows_eval):
    """Refuse a module whose source calls eval/exec/compile when the module
    is declared allow_eval=False or the session's security.allow_eval is off."""
    if not EVAL_CALL_TEXT.search(source):
        return
    if session_allows_eval and "allow_eval" not in source:
        return
    import ast
    tree = ast.parse(source, filename=path)
    if declares_no_eval(tree, name):
        reason = "is declared allow_eval=False"
    elif session_allows_eval:
        return
    else:
        reason = "may not evaluate code (security.allow_eval is false)"
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in EVAL_NAMES):
            line = source.splitlines()[node.lineno - 1].strip()
            raise BridgeError(
                "SecurityError",
                f"module '{name}' {reason} but calls "
                f"{node.func.id}() at {path}:{node.lineno}: {line}")


def declares_no_eval(tree, name):
    import ast
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for deco in node.decorator_list:
            if not (isinstance(deco, ast.Call) and getattr(deco.func, "id", None) == "ml_module"):
                continue
            named = [a.value for a in deco.args[:1] if isinstance(a, ast.Constant)]
            named += [k.value.value for k in deco.keywords
                      if k.arg == "name" and isinstance(k.value, ast.Constant)]
            if named and named[0] != name:
                continue
            for k in deco.keywords:
                if k.arg == "allow_eval" and isinstance(k.value, ast.Constant):
                    return k.value.value is False
    return False


def read_and_check(name, path, session_allows_eval, source=None):
    """The module's source (the given text, else the file's), held to the
    no-eval rule. This is mlpy's own check, timed apart from the import."""
    if source is None:
        with open(path, encoding="utf-8") as f:
            source = f.read()
    refuse_eval(name, path, source, session_allows_eval)
    guard_module(path, name, source, session_allows_eval)
    return source


def import_module(name, path, source, from_file):
    """Import the file (`from_file`) or its checked `source` afresh and
    instantiate the class registered as `name`."""
    global load_counter
    folder = os.path.dirname(path)
    if folder not in sys.path:
        sys.path.append(folder)
    load_counter += 1
    unique = f"_mlpy_bridge_{load_counter}_{name.replace('.', '_')}"
    spec = importlib.util.spec_from_file_location(unique, path)
    module = importlib.util.module_from_spec(spec)
    del mlpy.registered[:]
    sys.modules[unique] = module
    try:
        if from_file:
            spec.loader.exec_module(module)
        else:
            RUN_SOURCE(COMPILE_SOURCE(source, path, "exec", dont_inherit=True), module.__dict__)
    except BaseException:
        sys.modules.pop(unique, None)
        raise
    found = [cls for (n, cls) in mlpy.registered if n == name]
    del mlpy.registered[:]
    if not found:
        raise BridgeError("ImportError", f"{path} has no class marked @ml_module(\"{name}\")")
    cls = found[-1]
    try:
        instance = cls()
    except Exception as e:
        raise BridgeError(type(e).__name__, f"cannot create {cls.__name__}(): {e}") from e
    return LoadedModule(name, path, cls, instance, public_functions(cls, instance))


def public_functions(cls, instance):
    """Public callables of the class in definition order (bases first)."""
    functions = {}
    for klass in reversed(cls.__mro__):
        if klass is object:
            continue
        for attr, raw in vars(klass).items():
            if attr.startswith("_"):
                continue
            if isinstance(raw, (staticmethod, classmethod, types.FunctionType)):
                functions[attr] = getattr(instance, attr)
            else:
                functions.pop(attr, None)
    return functions


def describe_function(name, func):
    target = getattr(func, "__func__", func)
    return {
        "name": name,
        "params": parameters(func),
        "doc": clean_doc(getattr(target, "__doc__", None)),
        "capabilities": list(getattr(target, "_ml_capabilities", [])),
    }


def parameters(func):
    """Parameter names as a call from ML sees them, with `=default` where given."""
    target = getattr(func, "__func__", func)
    code = getattr(target, "__code__", None)
    if code is None:
        return []
    positional, keyword_only = code.co_argcount, code.co_kwonlyargcount
    names = code.co_varnames
    defaults = target.__defaults__ or ()
    keyword_defaults = target.__kwdefaults__ or {}
    first_default = positional - len(defaults)
    params = []
    for i, n in enumerate(names[:positional]):
        params.append(f"{n}={defaults[i - first_default]!r}" if i >= first_default else n)
    rest = positional + keyword_only
    if code.co_flags & 0x04:  # *args
        params.append("*" + names[rest])
        rest += 1
    for n in names[positional:positional + keyword_only]:
        params.append(f"{n}={keyword_defaults[n]!r}" if n in keyword_defaults else n)
    if code.co_flags & 0x08:  # **kwargs
        params.append("**" + names[rest])
    if getattr(func, "__self__", None) is not None:  # bound: self or cls is given
        params = params[1:]
    return params


def clean_doc(doc):
    """The docstring without its indentation (as help() shows it)."""
    if not isinstance(doc, str) or not doc.strip():
        return None
    lines = doc.expandtabs().split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    margin = min(indents, default=0)
    body = [lines[0].strip()] + [line[margin:].rstrip() for line in lines[1:]]
    return "\n".join(body).strip()


def describe(loaded, seconds, memory, check_seconds):
    meta = getattr(loaded.cls, "_ml_module", {})
    return {
        "module": loaded.name,
        "class": loaded.cls.__name__,
        "version": meta.get("version"),
        "description": meta.get("description"),
        "capabilities": meta.get("capabilities_required", []),
        "allow_eval": meta.get("allow_eval", True),
        "functions": [describe_function(n, f) for n, f in loaded.functions.items()],
        "load_ms": seconds * 1000.0,
        "memory": memory,
        "check_ms": check_seconds * 1000.0,
    }


def op_load(request):
    """Import a module; a failed (re)load keeps the version already loaded.
    The module is charged only its import: the source check before it (whose
    first `import ast` is paid once per worker) is reported apart."""
    name, path = request["module"], request["path"]
    given = request.get("source")
    started = time.perf_counter()
    source = read_and_check(name, path, request.get("allow_eval", False), given)
    checked = time.perf_counter()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        loaded = import_module(name, path, source, given is None)
        memory = max(0, tracemalloc.get_traced_memory()[0] - before)
    finally:
        tracemalloc.stop()
    seconds = time.perf_counter() - checked
    modules[name] = loaded
    return describe(loaded, seconds, memory, checked - started)


def resident_bytes():
    """The worker's resident memory now (None where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def op_call(request):
    loaded = modules.get(request["module"])
    if loaded is None:
        raise BridgeError("ImportError", f"module '{request['module']}' is not loaded in the worker")
    func = loaded.functions.get(request["function"])
    if func is None:
        raise BridgeError("AttributeError",
                          f"module '{loaded.name}' has no function '{request['function']}'")
    return func(*request.get("args", []))


OPS = {"load": op_load, "reload": op_load, "call": op_call}


def refuse_type(value):
    raise BridgeError(
        "TypeError",
        f"a Python {type(value).__name__} cannot be returned to ML (values cross as "
        "None, bool, int, float, str, list, tuple and dict)")


# Python values past these cannot be held by ML or read back by mlpy (its
# JSON reader stops at 128 levels): such a result is an error for that call.
INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
MAX_RESULT_DEPTH = 100


def check_result(value):
    """Raise BridgeError when `value` holds an int beyond 64 bits or nests
    deeper than MAX_RESULT_DEPTH (walked without recursion)."""
    pending = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, int):
            if not INT_MIN <= item <= INT_MAX:
                raise BridgeError(
                    "OverflowError",
                    "a Python int beyond 64 bits cannot be returned to ML "
                    f"({item.bit_length()} bits)")
        elif isinstance(item, (list, tuple, dict)):
            if depth >= MAX_RESULT_DEPTH:
                raise BridgeError(
                    "ValueError",
                    f"the result is nested deeper than {MAX_RESULT_DEPTH} levels, "
                    "which cannot be returned to ML")
            children = item.values() if isinstance(item, dict) else item
            for child in children:
                if not isinstance(child, (str, float, bool)) and child is not None:
                    pending.append((child, depth + 1))


def encode(answer):
    return json.dumps(answer, default=refuse_type, ensure_ascii=False,
                      allow_nan=False, separators=(",", ":")).encode("utf-8")


def user_frames(error):
    """The traceback from the user's code on: without the worker's own frames
    and the import machinery's (`<frozen importlib._bootstrap>`) above it."""
    tb = error.__traceback__
    while tb is not None and tb.tb_next and not is_user_frame(tb.tb_frame):
        tb = tb.tb_next
    return tb


def is_user_frame(frame):
    filename = frame.f_code.co_filename
    return filename != __file__ and not filename.startswith("<frozen ")


def during(request):
    """What a request was doing, for errors that carry no message."""
    if request.get("op") == "call":
        return f"{request.get('module')}.{request.get('function')}()"
    return f"the import of '{request.get('module')}'"


def error_answer(request_id, error, request=None):
    if isinstance(error, BridgeError):
        type_name, tb = error.type_name, ""
    else:
        import traceback
        type_name = type(error).__name__
        tb = "".join(traceback.format_exception(type(error), error, user_frames(error)))
    message = str(error)
    if not message and isinstance(error, KeyboardInterrupt):
        message = f"interrupted during {during(request or {})} in Python"
    return {"id": request_id, "error": {"type": type_name, "message": message, "traceback": tb}}


def answer(request):
    global busy
    request_id = request.get("id")
    busy = True
    try:
        result = OPS[request["op"]](request)
        if request["op"] == "call":
            check_result(result)
        return encode({"id": request_id, "ok": result})
    except KeyError as e:
        if request.get("op") not in OPS:
            return encode({"id": request_id, "error": {
                "type": "ValueError", "message": f"unknown request {e}", "traceback": ""}})
        return encode(error_answer(request_id, e))
    except ValueError as e:
        if "Out of range float values" in str(e):
            e = BridgeError("TypeError", "a float that is not finite (inf or nan) "
                            "cannot be returned to ML")
        return encode(error_answer(request_id, e))
    except BaseException as e:  # SystemExit, KeyboardInterrupt and all
        return encode(error_answer(request_id, e, request))
    finally:
        busy = False


# How long to keep checking for the next request before blocking in read():
# waking a sleeping process costs more than a small call's whole round trip
# on an idle machine, and mlpy spins the same way for the answer.
SPIN_SECONDS = 150e-6


def request_lines(fd):
    """The lines arriving on `fd`, spinning briefly before each blocking read."""
    import select
    pending = bytearray()
    while True:
        end = pending.find(b"\n")
        if end >= 0:
            line = bytes(pending[:end + 1])
            del pending[:end + 1]
            yield line
            continue
        started = time.perf_counter()
        while (not select.select([fd], [], [], 0)[0]
               and time.perf_counter() - started < SPIN_SECONDS):
            pass
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            if pending:
                yield bytes(pending)
            return
        pending += chunk


def take_stdin():
    """The request pipe on a private descriptor; fd 0 and sys.stdin become
    /dev/null for the modules."""
    fd = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    sys.stdin = open(os.devnull, encoding="utf-8")
    return fd


def main():
    sys.addaudithook(eval_guard)
    signal.signal(signal.SIGINT, on_interrupt)
    requests = request_lines(take_stdin())
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    hello = {"python": sys.version.split()[0], "pid": os.getpid(),
             "resident": resident_bytes()}
    replies.write(encode({"id": 0, "ok": hello}) + b"\n")
    replies.flush()
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError as e:
            reply = encode(error_answer(None, BridgeError("ValueError", f"bad request: {e}")))
        else:
            if request.get("op") == "shutdown":
                replies.write(encode({"id": request.get("id"), "ok": None}) + b"\n")
                replies.flush()
                return
            try:
                reply = answer(request)
            except BaseException as e:  # an answer that cannot even be encoded
                reply = encode({"id": request.get("id"), "error": {
                    "type": type(e).__name__, "message": repr(e), "traceback": ""}})
        replies.write(reply + b"\n")
        replies.flush()


if __name__ == "__main__":
    main()
