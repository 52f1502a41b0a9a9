"""Command line: python -m actcore {bench,info}."""

import argparse
import sys


def _parser():
    p = argparse.ArgumentParser(prog="python -m actcore",
                                description="actcore: fast, accurate activation functions")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench", help="the exp() cost report: actcore against NumPy")
    speed = b.add_mutually_exclusive_group()
    speed.add_argument("--quick", action="store_true", help="L1 and L2 sizes only (~15 s)")
    speed.add_argument("--full", action="store_true", help="every size, DRAM included")
    b.add_argument("--functions", help="comma-separated names (default: all)")
    b.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    sub.add_parser("info", help="version, compiler, OpenMP, ISA targets, threads")
    return p


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command == "info":
        import actcore
        actcore.show_config()
        return 0
    from actcore import bench
    return bench.main(args)


if __name__ == "__main__":
    sys.exit(main())
