"""Prove the frozen one-folder build works without the project's virtual environment.

Runs dist/stoke-governor/stoke-governor with a clean environment (no PYTHONPATH, no venv,
an empty home) and checks: --version; `school select` and `data import` on the command
line; the schemas shipped and checked (a receipt with a date that is not one is refused
with its sentence: jsonschema and resources/schemas in the build); the main window shown
on a real X display (under xvfb-run), captured to a PNG;
the Meetings page's print preview (xdotool: PDFium bundled and drawing the minutes);
portable mode (portable.txt beside the program keeps the database beside it).
Usage: python packaging/check_frozen.py [DIST_FOLDER]   (exit 0 = all passed)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIRCHES_HEAD = "124390"
CSV = (
    "URN,LEA,ESTAB,SCHNAME,RECTYPE,TOTPUPS,NUMFSM\n"
    f"{BIRCHES_HEAD},861,4000,Birches Head Academy,1,700,300\n"
)
# A receipt whose received_at is not a date: refused by its schema before anything else.
RECEIPT = (
    '{"digest":"' + "0" * 64 + '","format":"stoke-governor-receipt","format_version":1,'
    '"issued_at":"2026-11-22T10:00:00+00:00","payload_digest":"' + "0" * 64 + '",'
    '"received_at":"not a date","return_id":"28e3e2a5-aea1-49df-98e2-ae3d3136b3f1",'
    f'"revision":1,"signature":null,"urn":{BIRCHES_HEAD}}}'
)


def run(exe: Path, home: Path, *args: str, display: bool = False) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
    }
    cmd = [str(exe), *args]
    if display:
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", *cmd]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=180)


# Meetings (two rows down the navigation), Ctrl+Shift+P, and the preview window appears
# (the demo board's minutes rendered by the bundled PDFium); the screen is saved.
PREVIEW = """{exe} & pid=$!
win() {{ xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1; }}
for i in $(seq 60); do w=$(win "Stoke Governor"); [ -n "$w" ] && break; sleep 0.5; done
sleep 2; xdotool windowactivate --sync "$w"; xdotool windowfocus --sync "$w"
xdotool key Down Down; sleep 1; xdotool key ctrl+shift+p
for i in $(seq 60); do p=$(win "Print preview"); [ -n "$p" ] && break; sleep 0.5; done
sleep 2; xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > {shot}; kill $pid
[ -n "$p" ]"""


def print_preview(exe: Path, home: Path, shot: Path) -> bool:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "LANG": "C.UTF-8",
    }
    script = PREVIEW.format(exe=exe, shot=shot)
    r = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", "sh", "-c", script],
        env=env,
        timeout=120,
        capture_output=True,
    )
    return r.returncode == 0 and shot.is_file() and shot.stat().st_size > 20_000


def city_projections(exe: Path, home: Path) -> bool:
    """The LA's city report, whose projections need statsmodels (and scipy) in the build:
    each measure with a target carried forward to its year, a figure in each column."""
    import openpyxl

    la, report = home / "la.sqlite", home / "city.xlsx"
    if run(exe, home, "--db", str(la), "la", "init").returncode != 0:
        return False
    if run(exe, home, "--db", str(la), "returns", "report", "-o", str(report)).returncode != 0:
        return False
    sheet = openpyxl.load_workbook(report, read_only=True)["Projections"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r and r[0]]
    projected = [r[5] for r in rows if r[9]]  # those with a sentence: a figure beside it
    return bool(projected) and all(isinstance(v, float) for v in projected)


def main() -> int:
    dist = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "stoke-governor"
    exe = dist / "stoke-governor"
    failures: list[str] = []

    def check(what: str, ok: bool, detail: str = "") -> None:
        print(f"{'ok  ' if ok else 'FAIL'} {what}" + (f" — {detail}" if detail and not ok else ""))
        if not ok:
            failures.append(what)

    size = sum(f.stat().st_size for f in dist.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"frozen folder: {dist} — {size / 2**20:.0f} MiB")
    shipped = [p for p in dist.rglob("resources") if p.is_dir()]
    check("resources shipped", any((p / "measures.csv").is_file() for p in shipped))
    check("the guide shipped", any((p / "help" / "glossary.md").is_file() for p in shipped))
    check(
        "the categorisation rule shipped",
        any((p / "categories.toml").is_file() for p in shipped),
    )
    check("published sources not shipped", not any((p / "sources").exists() for p in shipped))
    check(
        "schemas shipped",
        any((p / "schemas" / "return.schema.json").is_file() for p in shipped),
    )
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        r = run(exe, home, "--version")
        check("--version", r.returncode == 0 and "Stoke Governor" in r.stdout, r.stderr)
        r = run(exe, home, "school", "select", BIRCHES_HEAD)
        check("school select", r.returncode == 0, r.stderr)
        check(
            "database made in the user data folder",
            (home / "data" / "stoke-governor" / "stoke-governor.sqlite").is_file(),
        )
        csv = home / "2024-25_census.csv"
        csv.write_text(CSV, encoding="utf-8")
        r = run(exe, home, "data", "import", str(csv), "--json")
        check("data import", r.returncode == 0 and '"imported"' in r.stdout, r.stdout + r.stderr)
        receipt = home / "bad.sgreceipt"
        receipt.write_text(RECEIPT, encoding="utf-8")
        r = run(exe, home, "receipt", "import", str(receipt))
        check(
            "a receipt checked against its schema",
            r.returncode == 1
            and "time the LA received the return is 'not a date'" in r.stdout
            and "Traceback" not in r.stderr,
            r.stdout + r.stderr,
        )
        r = run(exe, home, "--smoke-test")
        check("main window (offscreen)", r.returncode == 0, r.stderr)
        check("the city's projections (statsmodels)", city_projections(exe, home))
        if shutil.which("xvfb-run"):
            shot = ROOT / "dist" / "frozen-window.png"
            shot.parent.mkdir(exist_ok=True)
            grab = f"xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > {shot}"
            script = f"{exe} & pid=$!; sleep 6; {grab}; kill $pid"
            env = {
                "PATH": "/usr/bin:/bin",
                "HOME": str(home),
                "XDG_DATA_HOME": str(home / "data"),
                "LANG": "C.UTF-8",
            }
            subprocess.run(
                ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "sh", "-c", script],
                env=env,
                timeout=120,
                capture_output=True,
            )
            check(
                f"main window on a real X display (picture: {shot})",
                shot.is_file() and shot.stat().st_size > 20_000,
            )
        if shutil.which("xvfb-run") and shutil.which("xdotool"):
            shot = ROOT / "dist" / "frozen-print-preview.png"
            check(
                f"print preview of the minutes, drawn by PDFium (picture: {shot})",
                print_preview(exe, home, shot),
            )
        portable = Path(tmp) / "usb"
        shutil.copytree(dist, portable / "stoke-governor", symlinks=True)
        (portable / "stoke-governor" / "portable.txt").write_text("portable\n")
        r = run(
            portable / "stoke-governor" / "stoke-governor", home, "school", "select", BIRCHES_HEAD
        )
        data = portable / "stoke-governor" / "data" / "stoke-governor.sqlite"
        check("portable mode keeps the data beside the program", data.is_file(), r.stderr)
    print("all passed" if not failures else f"{len(failures)} failed: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    os.chdir(ROOT)
    raise SystemExit(main())
