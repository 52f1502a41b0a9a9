"""Command line: python -m actcore {bench,plot,info}."""

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
    b.add_argument("--profile", choices=["full", "mobile", "both"], default="full",
                   help="full: widest ISA, 1 and all threads; mobile: baseline ISA, "
                        "1 thread; both: side by side (default: full)")
    b.add_argument("--functions", help="comma-separated names (default: all)")
    b.add_argument("--sizes", help="comma-separated from L1,L2,L3,DRAM")
    b.add_argument("--repeats", type=int, help="timed batches per figure (median)")
    b.add_argument("--peers", action="store_true",
                   help="add PyTorch and ONNX Runtime columns when installed")
    b.add_argument("--json", metavar="PATH", help="also write every figure as JSON")
    b.add_argument("--plot", metavar="PATH",
                   help="also draw ns/element against size as a PNG (needs matplotlib)")
    b.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    b.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    pl = sub.add_parser("plot", help="activations and derivatives, and the vanishing-"
                                     "gradient chart, as PNG files (needs matplotlib)")
    pl.add_argument("--out", default="actcore_activations.png", metavar="PATH")
    pl.add_argument("--vanishing", default="actcore_vanishing_gradient.png", metavar="PATH")
    sub.add_parser("info", help="version, compiler, OpenMP, ISA targets, threads")
    return p


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.command == "info":
        import actcore
        actcore.show_config()
        return 0
    if args.command == "plot":
        from actcore import plot
        return plot.main(args)
    from actcore import bench
    return bench.main(args)


if __name__ == "__main__":
    sys.exit(main())
