/*
 * The scalar math of every elementwise function: the one place where each
 * formula lives.  Everything else (per-ISA contiguous kernels, the ufunc loops,
 * the Python registry's references) is built around these inline functions.
 *
 * Naming: act_<name>_f32 works on float, act_<name>_f64 on double.  The list
 * ACT_FUNCTIONS at the end names every kernel with its number of inputs; the
 * Python registry (actcore/_registry.py) must name the same set (a test checks).
 *
 * Rules for the float32 functions (see shared/NUMERICS.md): branchless selects
 * written on computed values, no libm calls, NaN propagates, no result depends
 * on floating-point traps (the loops clear the flags these raise).  The float64
 * functions use the same stable formulations on libm.
 */
#ifndef ACT_FUNCTIONS_H
#define ACT_FUNCTIONS_H

#include <math.h>
#include "math_f32.h"   /* exp, expm1, log1p, sigmoid, log_sigmoid, tanh in float32 */
#include "math_smooth_f32.h"  /* erf, erfc, mish, gelu; the others on SSE2 (float64 inside) */
#include "math_elu_f32.h"     /* ELU family, softplus, mish on FMA targets */
#include "math_silu_f32.h"    /* silu, swish, gelu_tanh on FMA targets */
#include "math_fast_f32.h"    /* actcore.fast: fast_<name>, float32 approximations */

/* ---------------------------------------------------------------- ReLU family
 * Piecewise-linear functions: the same formula serves both precisions.  Each
 * select is written so that NaN falls through to the NaN-carrying branch.
 * Derivative conventions follow PyTorch: relu'(0) = 0, relu6' = 0 at 0 and 6,
 * leaky_relu'(0) = slope, hard_sigmoid' and hard_tanh' are 0 on the edges,
 * hard_swish'(x) = x/3 + 1/2 on [-3, 3].
 */
#define ACT_DEFINE_PIECEWISE(T, S)                                              \
static inline T act_relu_##S(T x) { return x <= 0 ? (T)0 : x; }                 \
static inline T act_relu_grad_##S(T x)                                          \
{ return x > 0 ? (T)1 : (x <= 0 ? (T)0 : x); }                                  \
static inline T act_relu6_##S(T x)                                              \
{ return x <= 0 ? (T)0 : (x > 6 ? (T)6 : x); }                                  \
static inline T act_relu6_grad_##S(T x)                                         \
{ return (x > 0 && x < 6) ? (T)1 : (x == x ? (T)0 : x); }                       \
static inline T act_leaky_relu_##S(T x, T slope)                                \
{ return x < 0 ? x * slope : x; }                                               \
static inline T act_leaky_relu_grad_##S(T x, T slope)                           \
{ return x > 0 ? (T)1 : (x <= 0 ? slope : x); }                                 \
static inline T act_hard_sigmoid_##S(T x)                                       \
{ /* relu6(x + 3) / 6; x + 3 is exact near the lower knee, so this is      */   \
  /* faithfully rounded everywhere.                                        */   \
    T t = x + 3;                                                                \
    t = t <= 0 ? (T)0 : (t > 6 ? (T)6 : t);                                     \
    return t / 6; }                                                             \
static inline T act_hard_sigmoid_grad_##S(T x)                                  \
{ return (x > -3 && x < 3) ? (T)1 / 6 : (x == x ? (T)0 : x); }                  \
static inline T act_hard_tanh_##S(T x)                                          \
{ return x < -1 ? (T)-1 : (x > 1 ? (T)1 : x); }                                 \
static inline T act_hard_tanh_grad_##S(T x)                                     \
{ return (x > -1 && x < 1) ? (T)1 : (x == x ? (T)0 : x); }

ACT_DEFINE_PIECEWISE(float, f32)
ACT_DEFINE_PIECEWISE(double, f64)

/* hard_swish(x) = x * relu6(x + 3) / 6.  In float32 three roundings would
 * reach 1.5 ULP.  The float path runs in double, times RN(1/6) rather than a
 * division (within 1.5 ulp of double, and no float result but an exact
 * midpoint lies that close to a midpoint), and rounds once.  Below 2^-125,
 * x + 3 rounds to 3 in double while y = x/2 + x^2/6 lies just above x/2, a
 * float midpoint for odd multiples of 2^-149 (rounding to even was 1 ulp off
 * at those 2^23 inputs): there y is x/2 rounded up.  Correctly rounded over
 * all 2^32 (tools/rational_exact.c). */
static inline double act_hard_swish_f64(double x)
{
    double t = x + 3;
    double y = x * (t > 6 ? 6.0 : t) / 6;
    return t <= 0 ? 0.0 : y;      /* selected after the product: -inf * 0 is NaN */
}
static inline float act_hard_swish_f32(float x)
{
    double t = (double)x + 3;
    double y = (double)x * (t > 6 ? 6.0 : t) * (1.0 / 6);
    float h = x * 0.5f;                  /* x/2 rounded up: where the round to */
    h = 2 * h < x ? h + 0x1p-149f : h;   /* even went down, 2h = x - 2^-149 */
    return (x < 0x1p-125f && x > -0x1p-125f) ? h : (t <= 0 ? 0.0f : (float)y);
}

/* hard_swish'(x) = 0 below -3, 1 above 3, (2x + 3)/6 between: 2x + 3 is exact
 * near the zero at -1.5, so one rounding remains. */
static inline double act_hard_swish_grad_f64(double x)
{
    double mid = (2 * x + 3) / 6;
    return x < -3 ? 0.0 : (x > 3 ? 1.0 : mid);
}
static inline float act_hard_swish_grad_f32(float x)
{
    float mid = (2 * x + 3) / 6;
    return x < -3 ? 0.0f : (x > 3 ? 1.0f : mid);
}

/* ----------------------------------------------------------------- softsign
 * softsign(x) = x / (1 + |x|), softsign'(x) = 1 / (1 + |x|)^2.
 * x is clamped first so that inf gives +-1 rather than inf/inf.  The float32
 * versions run in double and round once: correctly rounded but at two
 * inputs each (tools/rational_exact.c; see act_softsign_f32).
 */
static inline double act_softsign_f64(double x)
{
    double c = x > 1e300 ? 1e300 : (x < -1e300 ? -1e300 : x);
    double a = c < 0 ? -c : c;
    return c / (1 + a);
}
static inline double act_softsign_grad_f64(double x)
{
    double a = x < 0 ? -x : x;
    double r = 1 / (1 + a);
    return r * r;
}
/* The double quotient rounds twice: where it is a float midpoint (x =
 * +-0x1.17022cp-7 of all 2^32, tools/rational_exact.c) rounding to even is 1
 * ulp off.  The AVX-512 loop moves such a quotient towards the exact one;
 * here a test for midpoints cost 2.3x (AVX2) to 2.9x (SSE2) the time. */
static inline float act_softsign_f32(float x) { return (float)act_softsign_f64(x); }
static inline float act_softsign_grad_f32(float x) { return (float)act_softsign_grad_f64(x); }

/* ----------------------------------------------------- sigmoid family, double
 * The float32 versions live in math_f32.h; these are the same formulations on
 * libm: sigmoid from e^-|x| reflected, log_sigmoid as min(x,0) - log1p(e^-|x|),
 * sigmoid'(x) = s(x) s(-x), tanh'(x) = 4e / (1 + e)^2 with e = e^(-2|x|).
 */
static inline double act_sigmoid_f64(double x)
{
    double e = exp(-fabs(x));
    double r = 1 / (1 + e);
    return x >= 0 ? r : e * r;
}
static inline double act_sigmoid_grad_f64(double x)
{
    double e = exp(-fabs(x));
    double r = 1 / (1 + e);
    return e * r * r;          /* s(|x|) * s(-|x|) = e / (1 + e)^2 */
}
static inline double act_log_sigmoid_f64(double x)
{
    return (x < 0 ? x : 0.0) - log1p(exp(-fabs(x)));
}
static inline double act_log_sigmoid_grad_f64(double x) { return act_sigmoid_f64(-x); }
static inline double act_tanh_f64(double x) { return tanh(x); }
static inline double act_tanh_grad_f64(double x)
{
    double e = exp(-2 * fabs(x));
    double d = 1 + e;
    return 4 * e / (d * d);
}

/* ------------------------------------------- exp-based smooth functions, double
 * The float32 versions live in math_smooth_f32.h and math_elu_f32.h; these are
 * the same formulations on libm (clamps keep inf*0 out of every result; the zeros of
 * silu', mish', gelu' and gelu_tanh' use the same Taylor polynomials).
 */
static inline double act_exp_f64(double x) { return exp(x); }
static inline double act_expm1_f64(double x) { return expm1(x); }
static inline double act_log1p_f64(double x) { return log1p(x); }
static inline double act_erf_f64(double x) { return erf(x); }
static inline double act_erfc_f64(double x) { return erfc(x); }

static inline double act_elu_f64(double x, double alpha)
{ return x > 0 ? x : alpha * expm1(x); }
static inline double act_elu_grad_f64(double x, double alpha)
{ return x > 0 ? 1.0 : alpha * exp(x); }
static inline double act_selu_f64(double x)
{ return x > 0 ? ACT__SELU_SCALE * x : ACT__SELU_SA * expm1(x); }
static inline double act_selu_grad_f64(double x)
{ return x > 0 ? ACT__SELU_SCALE : ACT__SELU_SA * exp(x); }
static inline double act_celu_f64(double x, double alpha)
{ return x > 0 ? x : alpha * expm1(x / alpha); }
static inline double act_celu_grad_f64(double x, double alpha)
{ return x > 0 ? 1.0 : exp(x / alpha); }

static inline double act_softplus_f64(double x, double beta, double threshold)
{
    double z = x * beta;
    double sp = ((z > 0 ? z : 0.0) + log1p(exp(-fabs(z)))) / beta;
    return z > threshold ? x : sp;
}
static inline double act_softplus_grad_f64(double x, double beta, double threshold)
{
    double z = x * beta;
    return z > threshold ? 1.0 : act_sigmoid_f64(z);
}

static inline double act_silu_f64(double x)
{ return (x < -800.0 ? -800.0 : x) * act_sigmoid_f64(x); }
static inline double act_swish_f64(double x, double beta)
{ return (x < -0x1p1023 ? -0x1p1023 : x) * act_sigmoid_f64(beta * x); }
static inline double act__silu_grad_f64(double z)
{
    double zc = z < -800.0 ? -800.0 : (z > 800.0 ? 800.0 : z);
    double g = act_sigmoid_f64(z) * (1.0 + zc * act_sigmoid_f64(-z));
    return ACT__NEAR(z, ACT__SILU_X0HI)
        ? act__root_poly(ACT__SILU_ROOT, z, ACT__SILU_X0HI, ACT__SILU_X0LO) : g;
}
static inline double act_silu_grad_f64(double x) { return act__silu_grad_f64(x); }
static inline double act_swish_grad_f64(double x, double beta)
{ return act__silu_grad_f64(x * beta); }

static inline double act__mish_t_f64(double x, double *e_out, double *q_out)
{
    double e = exp(-fabs(x));
    int pos = x > 0;
    double num = pos ? 1.0 + 2.0 * e : e * (e + 2.0);
    double q = 1.0 / (num + (pos ? 2.0 * (e * e) : 2.0));
    *e_out = e;
    *q_out = q;
    return num * q;
}
static inline double act_mish_f64(double x)
{
    double e, q;
    return (x < -800.0 ? -800.0 : x) * act__mish_t_f64(x, &e, &q);
}
static inline double act_mish_grad_f64(double x)
{
    double e, q;
    double t = act__mish_t_f64(x, &e, &q);
    double xc = x < -800.0 ? -800.0 : (x > 800.0 ? 800.0 : x);
    double g = t + 4.0 * xc * (e * (1.0 + e)) * (x > 0 ? e : 1.0) * (q * q);
    return ACT__NEAR(x, ACT__MISH_X0HI)
        ? act__root_poly(ACT__MISH_ROOT, x, ACT__MISH_X0HI, ACT__MISH_X0LO) : g;
}

/* erfc(|x|/sqrt2)/2 with the rounding of |x|/sqrt2 corrected to first order:
 * in the tail erfc's relative condition number is 2t^2 (1200 ULP at x = -36). */
static inline double act__half_erfc_f64(double x)
{
    double a = fabs(x) > 40.0 ? 40.0 : fabs(x);      /* erfc(28.3) = 0; NaN passes */
    double t = a * ACT__RSQRT2;
    double d = fma(a, ACT__RSQRT2, -t) + a * -0x1.bdd3413b26456p-55;  /* x/sqrt2 - t */
    return 0.5 * erfc(t) - d * (exp(-t * t) * 0x1.20dd750429b6dp-1); /* 1/sqrt(pi) */
}
static inline double act_gelu_f64(double x)
{
    double h = act__half_erfc_f64(x);
    return x < 0 ? (x < -40.0 ? -40.0 : x) * h : x * (1.0 - h);
}
static inline double act_gelu_grad_f64(double x)
{
    double h = act__half_erfc_f64(x);
    double xc = x < -40.0 ? -40.0 : (x > 40.0 ? 40.0 : x);
    /* xc^2 = x2 + x2l exactly: x2's rounding alone moved e^(-x2/2) by up to
     * x^2 2^-54 relative (50 ulp at x = -21) */
    double x2 = xc * xc, x2l = fma(xc, xc, -x2);
    double phi = exp(-0.5 * x2) * (1.0 - 0.5 * x2l) * ACT__RSQRT2PI;
    double g = (x < 0 ? h : 1.0 - h) + xc * phi;
    return ACT__NEAR(x, ACT__GELU_X0HI)
        ? act__root_poly(ACT__GELU_ROOT, x, ACT__GELU_X0HI, ACT__GELU_X0LO) : g;
}
/* v = 2 sqrt(2/pi) (x + 0.044715 x^3) as vh + vl, every product and sum
 * with its exact error (0.044715 and 2 sqrt(2/pi) as hi + lo): below x ~
 * -3 sigmoid(v) ~ e^v, so v's rounding (|v| 2^-53) became the result's
 * relative error, 154 ulp at x = -15.3 and gelu_tanh' 344 at -21.2 */
#define ACT__K2_HI 0x1.9884533d43651p+0      /* 2 sqrt(2/pi) = hi + lo */
#define ACT__K2_LO -0x1.cbc0d30ebfd15p-54
#define ACT__GT_C_HI 0x1.6e4e26d4801f7p-5    /* 0.044715 = hi + lo: the double */
#define ACT__GT_C_LO 0x1.441355475a31ap-59   /* alone moved v by 3e-14 at x = -21 */
static inline double act__gelu_tanh_v_f64(double x, double *vl)
{
    double x2 = x * x, x2l = fma(x, x, -x2);
    double x3 = x2 * x, x3l = fma(x2, x, -x3) + x2l * x;
    double c3 = ACT__GT_C_HI * x3;
    double c3l = fma(ACT__GT_C_HI, x3, -c3) + (ACT__GT_C_HI * x3l + ACT__GT_C_LO * x3);
    double u = x + c3, b = u - x;                                   /* TwoSum */
    double ul = ((x - (u - b)) + (c3 - b)) + c3l;
    double vh = ACT__K2_HI * u;
    *vl = fma(ACT__K2_HI, u, -vh) + (ACT__K2_HI * ul + ACT__K2_LO * u);
    return vh;
}

/* sigmoid(vh + vl) = S m^2 and s(v) s(-v) = *Q m^2 to first order in vl,
 * with *m = 1 (vh >= 0) or e^(vh/2): the callers multiply by m last, so a
 * subnormal result rounds once (a subnormal sigmoid times gelu_tanh''s
 * factor x v' ~ -2000 at x = -21 was 1100 ulp off) */
static inline double act__sigmoid_hilo_f64(double vh, double vl, double *Q, double *m)
{
    double e1 = exp(-0.5 * fabs(vh));
    double e = e1 * e1;
    double r = 1 / (1 + e);
    int pos = vh >= 0;
    double q = (pos ? e : 1.0) * r * r;        /* s(vh) s(-vh) / m^2 */
    *Q = q + q * (pos ? e * r - r : r - e * r) * vl;
    *m = pos ? 1.0 : e1;
    return r + q * vl;
}

static inline double act_gelu_tanh_f64(double x)
{
    double xc = x < -800.0 ? -800.0 : (x > 800.0 ? 800.0 : x);
    double vl, vh = act__gelu_tanh_v_f64(xc, &vl), Q, m;
    double S = act__sigmoid_hilo_f64(vh, vl, &Q, &m);
    return (((x < -800.0 ? -800.0 : x) * S) * m) * m;
}
static inline double act_gelu_tanh_grad_f64(double x)
{
    double xc = x < -800.0 ? -800.0 : (x > 800.0 ? 800.0 : x);
    double vl, vh = act__gelu_tanh_v_f64(xc, &vl), Q, m;
    double S = act__sigmoid_hilo_f64(vh, vl, &Q, &m);
    double dv = ACT__K2_HI * (1.0 + 3.0 * 0.044715 * (xc * xc));
    double g = ((S + xc * dv * Q) * m) * m;
    return ACT__NEAR(x, ACT__GELU_TANH_X0HI)
        ? act__root_poly(ACT__GELU_TANH_ROOT, x, ACT__GELU_TANH_X0HI, ACT__GELU_TANH_X0LO) : g;
}

/* ------------------------------------------------------------- backward
 * <name>_backward(dy, x[, param]) = dy * f'(x[, param]), one pass.  As in
 * PyTorch, sigmoid and tanh take the forward output y instead of x.
 */
#define ACT_BACKWARD_1(name, T, S)                                              \
ACT__INLINE T act_##name##_backward_##S(T dy, T x)                              \
{ return dy * act_##name##_grad_##S(x); }
#define ACT_BACKWARD_2(name, T, S)                                              \
ACT__INLINE T act_##name##_backward_##S(T dy, T x, T p)                         \
{ return dy * act_##name##_grad_##S(x, p); }
#define ACT_BACKWARD_3(name, T, S)                                              \
ACT__INLINE T act_##name##_backward_##S(T dy, T x, T p, T q)                    \
{ return dy * act_##name##_grad_##S(x, p, q); }

#define ACT_DEFINE_BACKWARDS(T, S)                                              \
ACT_BACKWARD_1(relu, T, S)                                                      \
ACT_BACKWARD_1(relu6, T, S)                                                     \
ACT_BACKWARD_2(leaky_relu, T, S)                                                \
ACT_BACKWARD_1(hard_sigmoid, T, S)                                              \
ACT_BACKWARD_1(hard_tanh, T, S)                                                 \
ACT_BACKWARD_1(hard_swish, T, S)                                                \
ACT_BACKWARD_1(softsign, T, S)                                                  \
ACT_BACKWARD_1(log_sigmoid, T, S)                                               \
ACT_BACKWARD_2(elu, T, S)                                                       \
ACT_BACKWARD_1(selu, T, S)                                                      \
ACT_BACKWARD_2(celu, T, S)                                                      \
ACT_BACKWARD_3(softplus, T, S)                                                  \
ACT_BACKWARD_1(silu, T, S)                                                      \
ACT_BACKWARD_2(swish, T, S)                                                     \
ACT_BACKWARD_1(mish, T, S)                                                      \
ACT_BACKWARD_1(gelu, T, S)                                                      \
ACT_BACKWARD_1(gelu_tanh, T, S)                                                 \
static inline T act_sigmoid_backward_##S(T dy, T y) { return dy * (y * (1 - y)); } \
static inline T act_tanh_backward_##S(T dy, T y) { return dy * ((1 - y) * (1 + y)); }

ACT_DEFINE_BACKWARDS(float, f32)
ACT_DEFINE_BACKWARDS(double, f64)

/* actcore.fast: the float64 loops are the accurate float64 kernels */
ACTF_F64(exp) ACTF_F64(sigmoid) ACTF_F64(tanh) ACTF_F64(silu) ACTF_F64_1(swish)
ACTF_F64(gelu) ACTF_F64(gelu_tanh) ACTF_F64_1(elu) ACTF_F64_2(softplus) ACTF_F64(mish)

/* Every kernel: X(name, arrays, parameters).  Arrays come first (x, or dy and
 * x/y for a backward), then the parameters of a parametric activation. */
#define ACT_FUNCTIONS(X)                                                        \
    X(relu, 1, 0) X(relu_grad, 1, 0) X(relu_backward, 2, 0)                     \
    X(relu6, 1, 0) X(relu6_grad, 1, 0) X(relu6_backward, 2, 0)                  \
    X(leaky_relu, 1, 1) X(leaky_relu_grad, 1, 1) X(leaky_relu_backward, 2, 1)   \
    X(hard_sigmoid, 1, 0) X(hard_sigmoid_grad, 1, 0) X(hard_sigmoid_backward, 2, 0) \
    X(hard_tanh, 1, 0) X(hard_tanh_grad, 1, 0) X(hard_tanh_backward, 2, 0)      \
    X(hard_swish, 1, 0) X(hard_swish_grad, 1, 0) X(hard_swish_backward, 2, 0)   \
    X(softsign, 1, 0) X(softsign_grad, 1, 0) X(softsign_backward, 2, 0)         \
    X(sigmoid, 1, 0) X(sigmoid_grad, 1, 0) X(sigmoid_backward, 2, 0)            \
    X(log_sigmoid, 1, 0) X(log_sigmoid_grad, 1, 0) X(log_sigmoid_backward, 2, 0) \
    X(tanh, 1, 0) X(tanh_grad, 1, 0) X(tanh_backward, 2, 0)                     \
    X(exp, 1, 0) X(expm1, 1, 0) X(log1p, 1, 0) X(erf, 1, 0) X(erfc, 1, 0)       \
    X(elu, 1, 1) X(elu_grad, 1, 1) X(elu_backward, 2, 1)                        \
    X(selu, 1, 0) X(selu_grad, 1, 0) X(selu_backward, 2, 0)                     \
    X(celu, 1, 1) X(celu_grad, 1, 1) X(celu_backward, 2, 1)                     \
    X(softplus, 1, 2) X(softplus_grad, 1, 2) X(softplus_backward, 2, 2)         \
    X(silu, 1, 0) X(silu_grad, 1, 0) X(silu_backward, 2, 0)                     \
    X(swish, 1, 1) X(swish_grad, 1, 1) X(swish_backward, 2, 1)                  \
    X(mish, 1, 0) X(mish_grad, 1, 0) X(mish_backward, 2, 0)                     \
    X(gelu, 1, 0) X(gelu_grad, 1, 0) X(gelu_backward, 2, 0)                     \
    X(gelu_tanh, 1, 0) X(gelu_tanh_grad, 1, 0) X(gelu_tanh_backward, 2, 0)     \
    X(fast_exp, 1, 0) X(fast_sigmoid, 1, 0) X(fast_tanh, 1, 0)                  \
    X(fast_silu, 1, 0) X(fast_swish, 1, 1) X(fast_gelu, 1, 0)                   \
    X(fast_gelu_tanh, 1, 0) X(fast_elu, 1, 1) X(fast_softplus, 1, 2)            \
    X(fast_mish, 1, 0)

#endif
