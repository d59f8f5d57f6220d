"""`vtour view` (being built)."""


def add_parser(subparsers):
    parser = subparsers.add_parser("view", help="(not yet available)")
    parser.set_defaults(func=lambda args: 1)
