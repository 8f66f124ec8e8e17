"""Training modules: Markdown files, each with a short header and a knowledge check.

A module file (`NN-<id>.md`; the number orders the list) looks like this::

    ---
    id: induction
    title: Induction for new governors
    short: Induction
    version: 2026.1
    core: true
    renewal_months: none
    pass_mark: 4
    summary: One sentence shown in the list of modules.
    source: Maintained schools governance guide (DfE, 2024) | https://www.gov.uk/...
    ---
    # Heading
    The body, in Markdown. Pictures come from the module's own `images/` folder:
    ![The six features](images/six-features.svg)

    ## Knowledge check
    1. A question?
       - [ ] a wrong answer
       - [x] the right answer
       > One line that explains the right answer.

Every file is checked on its own (size, UTF-8, the header's keys, the knowledge check,
pictures inside the folder); a broken file is reported by name with its reason and the
others still load. `load_modules` takes several folders (the shipped modules, then LA
packs): a later folder's module replaces an earlier one with the same id.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from stoke_governor.core.errors import BadInputFileError
from stoke_governor.core.versions import version_key
from stoke_governor.files.reading import FileTooLargeError, not_regular_reason, read_limited

MAX_MODULE_BYTES = 256 * 1024
MAX_IMAGE_BYTES = 512 * 1024
IMAGE_SUFFIXES = (".png", ".svg")
CHECK_HEADING = "## knowledge check"
REQUIRED = ("id", "title", "version", "core", "renewal_months", "pass_mark", "summary")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,31}$")
_QUESTION = re.compile(r"^\s*(\d+)[.)]\s+(\S.*)$")
_OPTION = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(\S.*)$")
_EXPLANATION = re.compile(r"^\s*>\s?(.*)$")
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)")


class Source(NamedTuple):
    title: str
    url: str


class Question(NamedTuple):
    text: str
    options: tuple[str, ...]
    correct: int  # index into options
    explanation: str


class Module(NamedTuple):
    id: str
    title: str
    version: str
    core: bool
    renewal_months: int | None  # None: never needs renewing
    pass_mark: int  # questions right needed to pass
    summary: str
    sources: tuple[Source, ...]
    body: str  # Markdown, without the knowledge check
    questions: tuple[Question, ...]
    folder: Path  # where its pictures are resolved from
    file: str
    short: str  # a short title for table headings (`short:` in the header, else the title)

    @property
    def renewal_text(self) -> str:
        if self.renewal_months is None:
            return "does not need renewing"
        years, months = divmod(self.renewal_months, 12)
        if not months:
            return f"renew every {years} year{'s' if years > 1 else ''}"
        return f"renew every {self.renewal_months} months"


class LoadResult(NamedTuple):
    modules: tuple[Module, ...]  # core modules first, then by file name (01-…, 02-…)
    problems: tuple[str, ...]  # one sentence per rejected file

    def get(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)


class ModuleFileError(BadInputFileError):
    """A module file that cannot be used; the message names the file and why."""


def load_modules(*folders: Path) -> LoadResult:
    """Every `*.md` module in these folders; broken files are reported, not loaded."""
    by_id: dict[str, Module] = {}
    problems: list[str] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(f"{folder.name}: the folder of training modules is missing.")
            continue
        seen_here: dict[str, str] = {}
        for path in sorted(folder.glob("*.md")):
            if path.name.upper() == "README.MD":
                continue
            try:
                module = read_module(path)
            except ModuleFileError as exc:
                problems.append(str(exc))
                continue
            if module.id in seen_here:
                problems.append(
                    f"{path.name}: the module id '{module.id}' is already used by "
                    f"{seen_here[module.id]}; this file was not loaded."
                )
                continue
            seen_here[module.id] = path.name
            by_id[module.id] = module  # a later folder (an LA pack) replaces the shipped one
    modules = sorted(by_id.values(), key=lambda m: (not m.core, m.file, m.id))
    return LoadResult(tuple(modules), tuple(problems))


def shipped_modules(store=None) -> LoadResult:
    """The modules shipped with the app; given a store, a module an LA pack brought (table
    `pack_resources`) replaces the shipped one when its version is newer."""
    from stoke_governor.core.paths import resources_dir

    folder = resources_dir() / "modules"
    result = load_modules(folder)
    return result if store is None else with_pack_modules(result, store, folder)


def with_pack_modules(result: LoadResult, store, folder: Path) -> LoadResult:
    by_id = {m.id: m for m in result.modules}
    problems = list(result.problems)
    rows = store.query("SELECT name, version, body FROM pack_resources WHERE kind = 'module'")
    for name, _version, body in rows:
        try:  # pictures resolve against the shipped modules' folder
            module = parse_module(f"{name}.md", body, folder)
        except ModuleFileError as exc:
            problems.append(f"{exc} (The module came in an LA pack.)")
            continue
        held = by_id.get(module.id)
        if held is None or version_key(module.version) > version_key(held.version):
            by_id[module.id] = module._replace(file=held.file) if held else module
    modules = sorted(by_id.values(), key=lambda m: (not m.core, m.file, m.id))
    return LoadResult(tuple(modules), tuple(problems))


def read_module(path: Path) -> Module:
    name = path.name
    try:  # a regular file (after links), never more than the limit: the one reader
        data = read_limited(path, MAX_MODULE_BYTES, "training module")
    except FileTooLargeError:
        raise ModuleFileError(
            f"{name}: the file is too large for a training module (the limit is "
            f"{MAX_MODULE_BYTES // 1024} KB)."
        ) from None
    except BadInputFileError as exc:
        raise ModuleFileError(str(exc)) from None
    except OSError as exc:
        raise ModuleFileError(f"{name}: the file cannot be read ({exc.strerror or exc}).") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModuleFileError(
            f"{name}: the file is not UTF-8 text (a byte it cannot read at position "
            f"{exc.start}); save it as UTF-8."
        ) from None
    if "\x00" in text:
        raise ModuleFileError(f"{name}: the file is not text (it holds NUL characters).")
    return parse_module(name, text.replace("\r\n", "\n"), path.parent)


def parse_module(name: str, text: str, folder: Path) -> Module:
    header, rest = _split_header(name, text)
    for key in REQUIRED:
        if not header.get(key):
            raise ModuleFileError(f"{name}: the header has no '{key}'.")
    module_id, version = header["id"][0], header["version"][0]
    if not _ID.match(module_id):
        raise ModuleFileError(
            f"{name}: the id '{module_id[:40]}' must be lower-case letters, digits and hyphens."
        )
    if not _VERSION.match(version):
        raise ModuleFileError(f"{name}: the version '{version[:40]}' is not a version number.")
    core = _yes_no(name, "core", header["core"][0])
    renewal = header["renewal_months"][0].lower()
    if renewal in ("none", "never", "null", ""):
        renewal_months = None
    elif renewal.isdigit() and 1 <= int(renewal) <= 120:
        renewal_months = int(renewal)
    else:
        raise ModuleFileError(
            f"{name}: renewal_months must be a number of months (1 to 120) or 'none'."
        )
    sources = []
    for value in header.get("source", []):
        title, _, url = (part.strip() for part in value.partition("|"))
        sources.append(Source(title, url))
    body, questions = _split_check(name, rest)
    pass_text = header["pass_mark"][0]
    if not pass_text.isdigit() or not 1 <= int(pass_text) <= len(questions):
        raise ModuleFileError(
            f"{name}: the pass mark must be a number from 1 to {len(questions)} "
            f"(the number of questions)."
        )
    _check_images(name, body, folder)
    return Module(
        module_id,
        header["title"][0],
        version,
        core,
        renewal_months,
        int(pass_text),
        header["summary"][0],
        tuple(sources),
        body.strip() + "\n",
        questions,
        folder,
        name,
        header.get("short", header["title"])[0][:40],
    )


def _split_header(name: str, text: str) -> tuple[dict[str, list[str]], str]:
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise ModuleFileError(f"{name}: the file does not start with a '---' header block.")
    header: dict[str, list[str]] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return header, "\n".join(lines[number:])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ModuleFileError(f"{name}: header line {number} is not 'key: value'.")
        header.setdefault(key.strip().lower(), []).append(value.strip())
    raise ModuleFileError(f"{name}: the header block is not closed with '---'.")


def _yes_no(name: str, key: str, value: str) -> bool:
    if value.lower() in ("true", "yes"):
        return True
    if value.lower() in ("false", "no"):
        return False
    raise ModuleFileError(f"{name}: '{key}' must be true or false, not '{value[:20]}'.")


def _split_check(name: str, text: str) -> tuple[str, tuple[Question, ...]]:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip().lower() == CHECK_HEADING]
    if not starts:
        raise ModuleFileError(f"{name}: the module has no '## Knowledge check' section.")
    body, check = lines[: starts[0]], lines[starts[0] + 1 :]
    drafts: list[dict] = []
    for line in check:
        if not line.strip():
            continue
        if m := _OPTION.match(line):
            if not drafts:
                raise ModuleFileError(
                    f"{name}: the knowledge check has an answer before question 1."
                )
            drafts[-1]["options"].append((m.group(2).strip(), m.group(1) != " "))
        elif m := _EXPLANATION.match(line):
            if not drafts:
                raise ModuleFileError(f"{name}: the knowledge check starts with an explanation.")
            drafts[-1]["explanation"].append(m.group(1).strip())
        elif m := _QUESTION.match(line):
            drafts.append({"text": m.group(2).strip(), "options": [], "explanation": []})
        elif line.startswith("#"):
            break  # a later heading ends the check
        elif drafts:
            drafts[-1]["text"] += " " + line.strip()
    if not drafts:
        raise ModuleFileError(f"{name}: the knowledge check has no questions.")
    questions = []
    for n, d in enumerate(drafts, start=1):
        options = [text for text, _ in d["options"]]
        right = [i for i, (_, ok) in enumerate(d["options"]) if ok]
        if len(options) < 2:
            raise ModuleFileError(
                f"{name}: the knowledge check question {n} has fewer than two answers."
            )
        if not right:
            raise ModuleFileError(
                f"{name}: the knowledge check question {n} has no correct answer."
            )
        if len(right) > 1:
            raise ModuleFileError(
                f"{name}: the knowledge check question {n} has more than one correct answer."
            )
        if not d["explanation"]:
            raise ModuleFileError(
                f"{name}: the knowledge check question {n} has no explanation (a '>' line)."
            )
        questions.append(Question(d["text"], tuple(options), right[0], " ".join(d["explanation"])))
    return "\n".join(body), tuple(questions)


def _check_images(name: str, body: str, folder: Path) -> None:
    for target in _IMAGE.findall(body):
        pure = PurePosixPath(target)
        if (
            "://" in target
            or target.startswith(("/", "\\"))
            or ".." in pure.parts
            or re.match(r"^[A-Za-z]:", target)
            or pure.suffix.lower() not in IMAGE_SUFFIXES
        ):
            raise ModuleFileError(
                f"{name}: the picture '{target[:60]}' must be a PNG or SVG file in the "
                "module's images folder."
            )
        path = folder / pure
        reason = not_regular_reason(path)
        if reason is not None:
            raise ModuleFileError(
                f"{name}: the picture '{target[:60]}' {reason}, not a picture the app can show."
            )
        if not path.is_file():
            raise ModuleFileError(f"{name}: the picture '{target[:60]}' is missing.")
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise ModuleFileError(
                f"{name}: the picture '{target[:60]}' is too large "
                f"(the limit is {MAX_IMAGE_BYTES // 1024} KB)."
            )
