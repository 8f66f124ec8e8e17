"""Commands for LA packs: `pack export` and `pack key` (the LA), `pack import` (a school's
board; `pack key` there shows the key it trusts for the LA's packs)."""

from __future__ import annotations

import sys

from stoke_governor.cli import options
from stoke_governor.cli.common import EXIT_OK, EXIT_REJECTED, UsageError, quote, say


def add_commands(commands, registry: dict) -> None:
    cmds = options.command_group(
        commands,
        "pack",
        "the LA's packs for schools: targets, measures, training modules, frameworks, "
        "the school's figures and its signing key (the LA makes and signs them, schools "
        "apply them)",
    )
    exp = cmds.add_parser(
        "export",
        help="LA: one signed pack file (.sgpack) per open city school, to send to each school",
    )
    options.output(exp, "DIR", "the folder to write the packs in (made if absent)")
    options.urn(exp, "only this school")
    imp = cmds.add_parser(
        "import", help="school: preview the LA's pack for this board's school, then apply it"
    )
    imp.add_argument("file", metavar="FILE")
    options.dry_run(imp, "show what would change; change nothing")
    imp.add_argument(
        "--trust-key",
        metavar="FINGERPRINT",
        help="trust the key that signed the pack: its fingerprint, checked with the LA's "
        "Governor Services (needed for the first pack, and after the LA changes its key)",
    )
    key = cmds.add_parser(
        "key",
        help="LA: the fingerprint of the key that signs its packs, to publish; "
        "school: the key this app trusts for the LA's packs",
    )
    key.add_argument(
        "--write",
        metavar="FILE",
        help="LA: write the public key to FILE, to ship as resources/la-public-key.txt",
    )
    key.add_argument(
        "--new",
        action="store_true",
        help="LA: replace the key (if it was lost or leaked); every board must then trust "
        "the new one",
    )
    registry[("pack", "export")] = cmd_pack_export
    registry[("pack", "import")] = cmd_pack_import
    registry[("pack", "key")] = cmd_pack_key


def cmd_pack_export(store, args) -> int:
    from pathlib import Path

    from stoke_governor.la.mode import la_pack_key, require_la
    from stoke_governor.la.packs.make import export_packs

    require_la(store)
    folder = Path(args.output).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {args.output} is a file; give a folder for the packs.")
    written = export_packs(store, folder, urns=[args.urn] if args.urn else None)
    for path in written:
        say(path)
    say(
        f"Wrote {len(written)} pack(s) to {folder}, signed with the LA's key "
        f"{la_pack_key(store).fingerprint}. Send each school its own file; the board applies "
        "it with 'stoke-governor pack import FILE' (or File → Apply an LA pack… in the app)."
    )
    return EXIT_OK


def cmd_pack_import(store, args) -> int:
    from stoke_governor.files.key_pairs import read_fingerprint
    from stoke_governor.la.packs.apply import applied_on, apply_pack, pack_changes
    from stoke_governor.la.packs.members import read_pack
    from stoke_governor.la.packs.trust import (
        DifferentPackKeyError,
        UntrustedPackKeyError,
        pack_trust,
    )

    trust_key = args.trust_key
    if trust_key is not None and read_fingerprint(trust_key) is None:
        raise UsageError(
            f"--trust-key {trust_key[:80]!r} is not a key fingerprint: it is 'SHA256:' and 32 "
            "hex digits, as the LA's Governor Services publishes it."
        )
    pack = read_pack(args.file)
    try:  # refused on the LA's database, another school's, or signed by a key not trusted
        changes = pack_changes(store, pack, trust_key)
    except (UntrustedPackKeyError, DifferentPackKeyError) as exc:
        say(exc, file=sys.stderr)
        hint = "If it matches" if isinstance(exc, UntrustedPackKeyError) else "If they confirm it"
        say(
            f'{hint}, run again with --trust-key "{pack_trust(store, pack).fingerprint}".',
            file=sys.stderr,
        )
        return EXIT_REJECTED
    done = applied_on(store, pack)
    say(
        f"LA pack for {pack.school_name} (URN {pack.for_urn}), made {pack.made_at[:10]} by "
        f"{pack.made_by}, signed with key {pack_trust(store, pack).fingerprint}."
    )
    if done:
        say(f"This pack was already applied on {done[:10]}; nothing changed.")
        return EXIT_OK
    if not changes:
        say("Nothing would change: everything in this pack is already held.")
    for change in changes:
        say(f"{change.what}: {change.detail}")
    if args.dry_run:
        say("Dry run: nothing was changed. Run again without --dry-run to apply the pack.")
        return EXIT_OK
    summary = apply_pack(store, pack, trust_key=trust_key)
    say(
        f"Applied: {len(summary.changes)} change(s) made in one step."
        if summary.changes
        else "Applied: nothing needed changing."
    )
    if any(c.what == "Signing key" for c in summary.changes):
        say(
            "Next: the board's return file will be signed with the LA's key; export it "
            "from the Self-evaluation page or 'stoke-governor selfeval export'."
        )
    return EXIT_OK


def cmd_pack_key(store, args) -> int:
    from stoke_governor.la.mode import is_la

    if not is_la(store):
        if args.write or args.new:
            raise UsageError(
                "--write and --new are for the LA's database: a board's app only checks the "
                "LA's key."
            )
        return _trusted_key(store)
    from stoke_governor.la.mode import la_pack_key, replace_la_pack_key

    if args.new:
        old = la_pack_key(store).fingerprint
        key = replace_la_pack_key(store)
        say(
            f"Made a new key for the LA's packs: {key.fingerprint} (it replaces {old}). "
            "Publish the new fingerprint; each board must check it and trust it when it "
            "applies its next pack, which its app refuses until then."
        )
    else:
        key = la_pack_key(store)
        say(f"The LA's packs are signed with key {key.fingerprint}.")
        say(
            "Publish this fingerprint where boards can check it (the LA's page for governors, "
            "and read it out when a board phones), and keep this database safe: whoever has it, "
            "or a backup of it, can sign packs as the LA."
        )
    if args.write:
        from stoke_governor.la.packs.make import write_published_key

        path = write_published_key(store, args.write)
        say(
            f"Wrote {quote(str(path))}: put it in the app's resources folder as "
            "la-public-key.txt for the build the LA hands out; that app trusts this key from "
            "the start."
        )
    return EXIT_OK


def _trusted_key(store) -> int:
    from stoke_governor.la.packs.trust import LA_NAME, trusted_keys

    keys = trusted_keys(store)
    if not keys:
        say(
            f"This app trusts no key for {LA_NAME}'s packs yet: the first pack applied shows "
            "its key's fingerprint, to check with the LA's Governor Services before trusting it."
        )
    for key in keys:
        how = (
            f"trusted since {key.since[:10]}" if key.since else "published by the LA with this app"
        )
        say(f"This app applies {LA_NAME}'s packs signed with key {key.fingerprint} ({how}).")
    return EXIT_OK
