"""`vtour render` (being built)."""


def add_parser(subparsers):
    parser = subparsers.add_parser("render", help="(not yet available)")
    parser.set_defaults(func=lambda args: 1)
