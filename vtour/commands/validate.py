"""`vtour validate` (being built)."""


def add_parser(subparsers):
    parser = subparsers.add_parser("validate", help="(not yet available)")
    parser.set_defaults(func=lambda args: 1)
