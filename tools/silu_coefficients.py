"""Float32 constants of src/actcore/_kernels/math_silu_f32.h (prints C).

Taylor expansions of silu' and gelu_tanh' around their one zero x0 (mpmath,
40 digits), for the float32 kernels: x0 as a float pair hi + lo, c1 as a float
pair, c2.. rounded to float; truncation error checked on |x - x0| < RADIUS.
Run: python tools/silu_coefficients.py
"""

import mpmath as mp
import numpy as np

import smooth_coefficients  # noqa: E402  (tools/ is on sys.path when run as a script)

mp.mp.dps = 40
RADIUS = 1 / 16
DEG = 7


# the derivatives and their root guesses: one definition, smooth_coefficients.py's
GRADS = {name.upper(): smooth_coefficients.GRADS[name] for name in ("silu", "gelu_tanh")}


def f32(v):
    return float(np.float32(float(v)))


def hexf(v):
    m, e = v.hex().split("p")
    return f"{m.rstrip('0').rstrip('.')}p{e}f"


def main():
    for name, (f, guess) in GRADS.items():
        x0 = mp.findroot(f, guess)
        hi = f32(x0)
        lo = f32(x0 - hi)
        c = mp.taylor(f, x0, DEG)[1:]
        c1h = f32(c[0])
        c1l = f32(c[0] - c1h)
        cf = [f32(v) for v in c[1:]]
        worst = 0
        for d in np.linspace(-RADIUS, RADIUS, 2001):
            if d == 0:
                continue
            d = mp.mpf(float(d))
            p = (mp.mpf(c1h) + c1l) * d + sum(mp.mpf(v) * d ** (k + 2) for k, v in enumerate(cf))
            ex = f(x0 + d)
            worst = max(worst, abs(p / ex - 1))
        print(f"/* {name.lower()}'(x) near x0 = {mp.nstr(x0, 20)}: |x - x0| < {RADIUS},"
              f" degree {DEG}, rel. error {float(worst):.2g} */")
        print(f"#define ACT__{name}_R0HI {hexf(hi)}")
        print(f"#define ACT__{name}_R0LO {hexf(lo)}")
        print(f"#define ACT__{name}_C1HI {hexf(c1h)}")
        print(f"#define ACT__{name}_C1LO {hexf(c1l)}")
        print(f"static const float ACT__{name}_RC[{len(cf)}] = {{")
        print("    " + ", ".join(hexf(v) for v in cf))
        print("};")


if __name__ == "__main__":
    main()
