"""Speed of the sigmoid family and the exp-based smooth functions against their NumPy/SciPy idiom, PyTorch and ONNX Runtime.

One thread (actcore and the peers), float32 uniform(-8, 8) input (--data: the
others of actcore.bench.DATA), all three writing into the same output buffer
(actcore's and torch's out=, ORT's IO binding: one buffer's page placement
moved a 4M run by 8% for every library); the peers are called as
in actcore/_peers.py (swish against torch's silu); ns/element, medians of
repeated batches, the four candidates' batches interleaved
(actcore.bench.time_calls).
Ratios: idiom / actcore (target >= 4) and best peer / actcore (targets: >= 1
at 4M, >= 1/1.3 at 256K); `ok` marks a row meeting all of its targets.

    python tools/smooth_speed.py                 # 256K and 4M
    python tools/smooth_speed.py --functions gelu,silu --repeats 11
    python tools/smooth_speed.py --functions sigmoid --data uniform20
"""

import argparse

import numpy as np

import actcore
from actcore import _peers, _registry
from actcore.bench import DATA, ns_per_element, ns_per_element_each, sample

SMOOTH = ["sigmoid", "log_sigmoid", "tanh", "exp", "expm1", "log1p", "erf", "erfc", "elu",
          "selu", "celu", "softplus", "silu", "swish", "mish", "gelu", "gelu_tanh"]
SIZES = {"256K": 256 * 1024, "4M": 4 * 1024 * 1024}
PEER_NAME = {"swish": "silu"}          # swish(beta=1) is silu for the peers
PEER_TARGET = {"256K": 1 / 1.3, "4M": 1.0}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--functions", default=",".join(SMOOTH))
    p.add_argument("--repeats", type=int, default=9)
    p.add_argument("--data", choices=list(DATA), default="uniform8")
    args = p.parse_args()
    actcore.set_num_threads(1)
    rng = np.random.default_rng(0)
    print(f"ISA {actcore.config()['isa_selected']}, 1 thread, float32 {args.data}, "
          "ns/element (medians)")
    print(f"{'function':<11}{'size':>5} {'actcore':>8} {'idiom':>8} {'torch':>8} {'ORT':>8}"
          f" {'idiom/ac':>9} {'peer/ac':>8}")
    for label, n in SIZES.items():
        x = sample(rng, n, args.data)
        out = np.empty_like(x)
        copy = ns_per_element(lambda: np.copyto(out, x), n, args.repeats)
        print(f"{'copy':<11}{label:>5} {copy:8.3f}")
        for name in args.functions.split(","):
            a = _registry.BY_NAME[name]
            uf = getattr(actcore.ufuncs, name)
            params = [np.float32(q.default) for q in a.params]
            peer = PEER_NAME.get(name, name)
            with np.errstate(all="ignore"):
                t_ac, t_id, *t_peer = ns_per_element_each(
                    [lambda: uf(x, *params, out=out), lambda: a.idiom(x, *params),
                     _peers.torch_callable(peer, x, out, 1),
                     _peers.onnx_callable(peer, x, 1, out)], n, args.repeats)
            best = np.nanmin(t_peer) if not np.isnan(t_peer).all() else float("nan")
            ok = t_id / t_ac >= 4 and not best / t_ac < PEER_TARGET[label]
            print(f"{name:<11}{label:>5} {t_ac:8.3f} {t_id:8.3f} {t_peer[0]:8.3f} {t_peer[1]:8.3f}"
                  f" {t_id / t_ac:8.1f}x {best / t_ac:7.2f}x{'  ok' if ok else ''}", flush=True)


if __name__ == "__main__":
    main()
