#!/usr/bin/env python3
"""Validate the lessons and build what the server and the page serve.

A lesson is a directory lessons/NN-slug/ holding
  lesson.md     the explanation; its first line is `# Title`
  starter.py    what the learner starts from
  solution.py   a model answer
  check.py      the check; its first line is `from checklib import *`
  check.json    {"requires": [modules], "modes": ["free", "gil"],
                 "timeout": seconds, "starter_fails": bool,
                 "crash_hint": optional hint when the run ends without a verdict}

`build` writes one JSON object per lesson, OUT/NN-slug.json (what
threadlab-server loads with `--lessons OUT`), and with --bundle one file with
all of them, {"lessons": [...]} in order (what the page uses when no server
answers).  Each object has: id, number, title, requires, modes, timeout,
starter_fails, crash_hint (or null), markdown, starter, solution, check,
prev, next (ids or null).

`check` is the check as one self-contained program that still lacks the
learner's code.  To check CODE, a host runs

    "LEARNER = " + <CODE as a JSON string> + "\\n" + check

(a JSON string -- JSON.stringify in the page, any JSON encoder in C -- is a
valid Python string literal with the same value) once per entry of modes:
"free" is the default VM, "gil" the VM with its GIL on (`threadlab --gil`),
each run limited to timeout seconds of wall time.  The verdict of a run is
its last stdout line that is `PASS` or starts with `FAIL: ` (lines starting
with two spaces before it are notes worth showing).  A run with no verdict
line -- a crash, a deadlock report, the time limit -- is a FAIL; its hint is
crash_hint when stderr says `Deadlock detected`, else the last line of stderr
(the exception), else "no verdict".  The lesson passes when every
mode's run passes.  tests/lessons/run.py is the reference implementation.

Usage:
  tools/lessons.py validate
  tools/lessons.py build --out build/lessons [--bundle build/web/lessons.json]
  tools/lessons.py program LESSON_DIR LEARNER_FILE   (prints the program)
"""
import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LESSONS = os.path.join(ROOT, "lessons")
FILES = ("lesson.md", "starter.py", "solution.py", "check.py", "check.json")
IMPORT_LINE = "from checklib import *"
DIR_NAME = re.compile(r"^(\d\d)-[a-z0-9]+(-[a-z0-9]+)*$")
MODES = ("free", "gil")


class LessonError(Exception):
    pass


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_program(check_src, lib_src):
    """checklib followed by the check, minus its import of checklib."""
    first, _, rest = check_src.partition("\n")
    if not first.startswith(IMPORT_LINE):
        raise LessonError("check.py must start with `%s`" % IMPORT_LINE)
    return lib_src.rstrip("\n") + "\n\n# ---- the lesson's check ----\n" + rest


def learner_program(check, code):
    return "LEARNER = " + json.dumps(code, ensure_ascii=False) + "\n" + check


def title_of(markdown):
    first = markdown.split("\n", 1)[0]
    if not first.startswith("# "):
        raise LessonError("lesson.md must start with `# Title`")
    return first[2:].replace("`", "").strip()


def settings(path):
    try:
        cfg = json.loads(read(path))
    except ValueError as e:
        raise LessonError("check.json: %s" % e)
    modes = cfg.get("modes")
    if not modes or not set(modes) <= set(MODES) or len(set(modes)) != len(modes):
        raise LessonError("check.json: modes must be a non-empty subset of %s"
                          % (MODES,))
    if not isinstance(cfg.get("requires"), list):
        raise LessonError("check.json: requires must be a list of modules")
    if not isinstance(cfg.get("timeout"), (int, float)) or cfg["timeout"] <= 0:
        raise LessonError("check.json: timeout must be a positive number")
    if not isinstance(cfg.get("starter_fails"), bool):
        raise LessonError("check.json: starter_fails must be true or false")
    hint = cfg.get("crash_hint")
    if hint is not None and not isinstance(hint, str):
        raise LessonError("check.json: crash_hint must be a string")
    unknown = set(cfg) - {"requires", "modes", "timeout", "starter_fails",
                          "crash_hint"}
    if unknown:
        raise LessonError("check.json: unknown keys %s" % sorted(unknown))
    return cfg


def load_lesson(path, lib_src):
    name = os.path.basename(path)
    m = DIR_NAME.match(name)
    if not m:
        raise LessonError("directory name must look like NN-slug")
    for f in FILES:
        if not os.path.isfile(os.path.join(path, f)):
            raise LessonError("missing %s" % f)
    src = {f: read(os.path.join(path, f)) for f in FILES}
    for f in ("starter.py", "solution.py", "check.py"):
        try:
            compile(src[f], f, "exec")
        except SyntaxError as e:
            raise LessonError("%s:%s: %s" % (f, e.lineno, e.msg))
    cfg = settings(os.path.join(path, "check.json"))
    return {
        "id": name,
        "number": int(m.group(1)),
        "title": title_of(src["lesson.md"]),
        "requires": cfg["requires"],
        "modes": cfg["modes"],
        "timeout": cfg["timeout"],
        "starter_fails": cfg["starter_fails"],
        "crash_hint": cfg.get("crash_hint"),
        "markdown": src["lesson.md"],
        "starter": src["starter.py"],
        "solution": src["solution.py"],
        "check": check_program(src["check.py"], lib_src),
    }


def load_all(root=LESSONS):
    """Every lesson in order, linked prev/next; raises on the first problem."""
    lib_src = read(os.path.join(root, "checklib.py"))
    lessons, problems = [], []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if not os.path.isdir(path) or name.startswith((".", "_")):
            continue
        try:
            lessons.append(load_lesson(path, lib_src))
        except LessonError as e:
            problems.append("%s: %s" % (name, e))
    numbers = [l["number"] for l in lessons]
    if numbers != list(range(1, len(lessons) + 1)):
        problems.append("lessons must be numbered 01, 02, ... without gaps "
                        "or repeats (found %s)" % numbers)
    if problems:
        raise LessonError("\n".join(problems))
    for prev, cur in zip([None] + lessons, lessons):
        cur["prev"] = prev and prev["id"]
        if prev:
            prev["next"] = cur["id"]
    if lessons:
        lessons[-1]["next"] = None
    return lessons


def write_json(path, obj):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, path)


def build(out, bundle):
    lessons = load_all()
    os.makedirs(out, exist_ok=True)
    wanted = {l["id"] + ".json" for l in lessons}
    for stale in os.listdir(out):
        if stale.endswith(".json") and stale not in wanted:
            os.remove(os.path.join(out, stale))
    for l in lessons:
        write_json(os.path.join(out, l["id"] + ".json"), l)
    if bundle:
        write_json(bundle, {"lessons": lessons})
    print("%d lessons -> %s%s" % (len(lessons), out,
                                  " and " + bundle if bundle else ""))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("validate")
    b = sub.add_parser("build")
    b.add_argument("--out", required=True)
    b.add_argument("--bundle")
    p = sub.add_parser("program")
    p.add_argument("lesson")
    p.add_argument("learner_file")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "validate":
            print("%d lessons valid" % len(load_all()))
        elif args.cmd == "build":
            build(args.out, args.bundle)
        else:
            lesson = load_lesson(os.path.abspath(args.lesson),
                                 read(os.path.join(LESSONS, "checklib.py")))
            sys.stdout.write(learner_program(lesson["check"],
                                             read(args.learner_file)))
    except LessonError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
