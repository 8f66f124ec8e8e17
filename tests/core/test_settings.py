"""Every setting is declared once in core/settings.py, and the code reads and writes only those."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import stoke_governor
from stoke_governor.core import settings
from stoke_governor.core.settings import DATABASE, QSETTINGS, SETTINGS, Setting

PACKAGE = Path(stoke_governor.__file__).parent
SETTINGS_TABLE_SQL = re.compile(r"\b(INTO|FROM|UPDATE)\s+settings\b", re.IGNORECASE)
QSETTINGS_CALLS = {"value", "setValue", "remove", "contains", "beginReadArray", "beginWriteArray"}


def _pattern(setting: Setting) -> re.Pattern:
    """The stored keys a declaration covers: its `{part}`s filled, an array's entries."""
    parts = re.split(r"\{\w+\}", setting.key)
    body = "[^/]+".join(re.escape(p) for p in parts)
    return re.compile(body + (r"(/size|/\d+/\w+)" if setting.type is list else ""))


def _declared(key: str, store: str) -> bool:
    return any(s.store == store and _pattern(s).fullmatch(key) for s in SETTINGS)


def test_every_setting_is_declared_once():
    at_top = [v for v in vars(settings).values() if isinstance(v, Setting)]
    assert len(SETTINGS) == len(set(SETTINGS)) == len(at_top) and set(at_top) == set(SETTINGS)
    keys = [s.key for s in SETTINGS]
    assert len(keys) == len(set(keys)), "two declarations share a key"
    for s in SETTINGS:
        assert s.store in (DATABASE, QSETTINGS) and s.meaning
        assert s.default is None or isinstance(s.default, s.type | tuple), s.key
        filled = s.name(**{part: "x" for part in re.findall(r"\{(\w+)\}", s.key)})
        others = [o.key for o in SETTINGS if o is not s and _pattern(o).fullmatch(filled)]
        assert others == [], f"{s.key} is also covered by {others}"


def test_the_stored_key_strings_never_change():
    """Existing databases and INI files hold these: a changed string loses the setting."""
    assert {s.key for s in SETTINGS if s.store == DATABASE} == {
        "mode",
        "school_urn",
        "seeded_with",
        "reference_data",
        "seeded_from",
        "demo_board",
        "la_return_key",
        "la_return_key_id",
        "la_pack_signing_key",
        "la_pack_trusted_key",
        "la_pack_trusted_at",
        "challenge_import.mapping.{headings}",
        "challenge_import.file.{urn}.{digest}",
    }
    assert {s.key for s in SETTINGS if s.store == QSETTINGS} == {
        "windows/{window}/geometry",
        "windows/{window}/state",
        "recent",
        "export_folder",
        "returns_folder",
    }
    assert settings.CHALLENGE_MAPPING.name(headings="ab12") == "challenge_import.mapping.ab12"
    assert settings.CHALLENGE_FILE.name(urn=1, digest="ff") == "challenge_import.file.1.ff"
    assert settings.WINDOW_GEOMETRY.name(window="main") == "windows/main/geometry"
    assert settings.WINDOW_STATE.name(window="la") == "windows/la/state"
    assert settings.RECENT_FILES.key == "recent" and settings.MODE.name() == "mode"


# -- the code uses the declarations ----------------------------------------------------------
def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path != PACKAGE / "core" / "settings.py":
            yield path.relative_to(PACKAGE), ast.parse(path.read_text(encoding="utf-8"))


def _imported_settings(tree: ast.Module) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "stoke_governor.core.settings"
        for alias in node.names
    }


PASSED_IN = Setting("(passed in)", str, None, DATABASE, "a Setting parameter: callers name it")


def _declaration(node: ast.AST, names: set[str], scope: ast.AST) -> Setting | None:
    """The Setting an expression takes its key from (`X.key`, `X.name(...)`, or a local
    variable assigned one of those), PASSED_IN for a parameter typed `Setting` (its callers
    name the declaration; mypy checks they do), else None."""
    if isinstance(node, ast.Call):
        node = node.func
        if not (isinstance(node, ast.Attribute) and node.attr == "name"):
            return None
    elif isinstance(node, ast.Attribute):
        if node.attr != "key":
            return None
    elif isinstance(node, ast.Name):
        for n in ast.walk(scope):
            if isinstance(n, ast.Assign) and [ast.unparse(t) for t in n.targets] == [node.id]:
                return _declaration(n.value, names, scope)
        return None
    else:
        return None
    value = node.value
    if isinstance(value, ast.Name) and _typed_setting(value.id, scope):
        return PASSED_IN
    return (
        getattr(settings, value.id) if isinstance(value, ast.Name) and value.id in names else None
    )


def _typed_setting(name: str, scope: ast.AST) -> bool:
    args = getattr(scope, "args", None)
    return args is not None and any(
        a.arg == name and a.annotation is not None and ast.unparse(a.annotation) == "Setting"
        for a in args.args + args.kwonlyargs
    )


def _calls(tree: ast.Module):
    """(call, the innermost function it is in, else the module) for every call."""

    def visit(node: ast.AST, scope: ast.AST):
        for child in ast.iter_child_nodes(node):
            inner = child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope
            if isinstance(child, ast.Call):
                yield child, inner
            yield from visit(child, inner)

    yield from visit(tree, tree)


def _sql_keys(params: ast.AST, method: str) -> list[ast.AST]:
    """The key (first value) of each row written or looked up, where the call spells them out."""
    if not isinstance(params, ast.Tuple | ast.List) or not params.elts:
        return []
    rows = params.elts if method == "executemany" else [params]
    return [r.elts[0] for r in rows if isinstance(r, ast.Tuple | ast.List) and r.elts]


def _parameter(node: ast.AST, scope: ast.AST) -> bool:
    """A key passed in (the store's own methods, a module's one writing helper)."""
    args = getattr(scope, "args", None)
    return (
        isinstance(node, ast.Name)
        and args is not None
        and node.id in {a.arg for a in args.args + args.kwonlyargs}
    )


def _problems_in_database_use(where, tree) -> list[str]:
    names, found = _imported_settings(tree), []
    for call, scope in _calls(tree):
        method = call.func.attr if isinstance(call.func, ast.Attribute) else None
        line = f"{where}:{call.lineno}"
        if method == "setting" and call.args:
            s = _declaration(call.args[0], names, scope)
            if s is None or (s.store != DATABASE and s is not PASSED_IN):
                found.append(f"{line} reads an undeclared setting {ast.unparse(call.args[0])}")
        elif method == "set_settings":
            for kw in call.keywords:
                if kw.arg is not None:
                    found.append(f"{line} writes the setting {kw.arg} by name, not declaration")
                elif not isinstance(kw.value, ast.Dict):
                    found.append(f"{line} writes settings from {ast.unparse(kw.value)}")
                else:
                    for key in kw.value.keys:
                        s = key and _declaration(key, names, scope)
                        if not s or s.store != DATABASE:
                            found.append(f"{line} writes an undeclared setting {ast.unparse(key)}")
        elif method in ("execute", "executemany") and len(call.args) > 1:
            sql = call.args[0]
            if isinstance(sql, ast.Constant) and SETTINGS_TABLE_SQL.search(str(sql.value)):
                for key in _sql_keys(call.args[1], method):
                    s = _declaration(key, names, scope)
                    if not (s and s.store == DATABASE) and not _parameter(key, scope):
                        found.append(f"{line} names an undeclared settings key {ast.unparse(key)}")
    return found


def test_the_database_settings_are_read_and_written_by_declaration():
    problems = [p for where, tree in _modules() for p in _problems_in_database_use(where, tree)]
    assert problems == []


def _problems_in_qsettings_use(where, tree) -> list[str]:
    names, found = _imported_settings(tree), []
    for call, scope in _calls(tree):
        if not (isinstance(call.func, ast.Attribute) and call.func.attr in QSETTINGS_CALLS):
            continue
        if not call.args:
            continue
        key, line = call.args[0], f"{where}:{call.lineno}"
        s = _declaration(key, names, scope)
        if s is not None:
            if s.store != QSETTINGS and s is not PASSED_IN:
                found.append(f"{line} keeps the database setting {s.key} in the INI file")
            continue
        arrays = [
            _declaration(c.args[0], names, scope)
            for c in ast.walk(scope)
            if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Attribute)
            and c.func.attr in ("beginReadArray", "beginWriteArray")
        ]
        field = key.value if isinstance(key, ast.Constant) else None
        if not any(a and field and f"'{field}'" in a.meaning for a in arrays):
            found.append(f"{line} uses an undeclared INI key {ast.unparse(key)}")
    return found


def test_the_ini_settings_are_read_and_written_by_declaration():
    scanned, problems = [], []
    for where, tree in _modules():
        if "QSettings" in ast.unparse(tree) or "app_settings" in ast.unparse(tree):
            scanned.append(where.as_posix())
            problems += _problems_in_qsettings_use(where, tree)
    assert {
        "ui/shell/window_state.py",
        "ui/shell/recent_files.py",
        "ui/common/user_settings.py",
    } <= set(scanned)
    assert problems == []


# -- and what is stored is declared ---------------------------------------------------------
def test_every_key_a_database_holds_is_declared(store):
    from stoke_governor.challenges.importer import remember_mapping
    from stoke_governor.schools.register import select_school

    select_school(store, 136102)
    remember_mapping(store, ["Question", "Date"], {"question": 0, "asked_on": 1})
    keys = [k for (k,) in store.query("SELECT key FROM settings")]
    assert len(keys) >= 6  # seeded, reference data, demo board, mode, school, a mapping
    assert [k for k in keys if not _declared(k, DATABASE)] == []
