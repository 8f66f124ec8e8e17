"""The command line: one module per command group, each registering its argparse subcommands."""
