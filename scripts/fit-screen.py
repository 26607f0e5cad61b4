#!/usr/bin/env python3
"""Screens fit procedures for the published corpus on a local model of the replays (docs/performance-model.md §7,
"Genuine fits screened against the priors"). A developer's tool, not part of the build (numpy and scipy).

Input: the TSV of dev.kiq.calibration.SensitivityDump (every figure's log error at its generation's priors and with
each factor moved by +-0.15 in log space, real replays). Each figure's log error is modeled as
e0 + sum_j (J_j d_j + C_j d_j^2 / 2) over the moved factors (central differences; moves clipped to +-0.45).

    ./mvnw -q -o test-compile && ./mvnw -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt
    java -cp target/classes:target/test-classes:$(cat cp.txt) dev.kiq.calibration.SensitivityDump sens.tsv
    python3 scripts/fit-screen.py sens.tsv [plain|nested|all]
"""
import sys, csv, math, itertools
import numpy as np
from scipy.optimize import minimize

NAMES = ["bandwidthFraction", "computeFraction", "iterationOverheadMs", "v1IterationOverheadMs", "sequenceOverheadUs",
         "v1SequenceOverheadUs", "allReduceLatencyUs", "interconnectFraction", "apiLatencyMs", "apiRequestMs", "apiTokenUs",
         "v1ApiLatencyMs", "v1ApiRequestMs", "v1ApiTokenUs", "syncOutputUs"]
SIGMA_PRIOR = np.array([0.2, 0.4, 0.7, 0.7, 0.7, 0.7, 0.7, 0.3, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7])
H = 0.15  # the step SensitivityDump used

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
N = len(rows)
fam = np.array([r["family"] for r in rows])
src = np.array([r["source"] for r in rows])
grp = np.array([r["group"] for r in rows])
knee = np.array([r["knee"] == "true" for r in rows])
w = np.array([float(r["w"]) for r in rows])
e0 = np.array([float(r["e0"]) for r in rows])
P = np.array([[float(r[n + "+"]) for n in NAMES] for r in rows])
M = np.array([[float(r[n + "-"]) for n in NAMES] for r in rows])
J = (P - M) / (2 * H)
C = (P + M - 2 * e0[:, None]) / H ** 2
SOURCES = list(dict.fromkeys(src))
FAMS = list(dict.fromkeys(fam))
GROUPS = list(dict.fromkeys(grp))
KNEE_LO, KNEE_HI = math.log(0.96), math.log(1.04)


def predict(idx, delta):
    """delta: dict (family, j) -> log move; family None = pooled."""
    e = e0[idx].copy()
    for (f, j), d in delta.items():
        sel = np.ones(len(idx), bool) if f is None else fam[idx] == f
        dd = np.clip(d, -3 * H, 3 * H)
        e[sel] += J[idx[sel], j] * dd + 0.5 * C[idx[sel], j] * dd * dd
    return e


def absmed(e):
    return float(np.median(np.abs(np.expm1(e)))) if len(e) else float("nan")


def huber(r, c):
    a = np.abs(r)
    return np.where(a <= c, 0.5 * r * r, c * (a - 0.5 * c)) * 2  # = r² inside


def fit(train, spec, cfg):
    """spec: list of (family|None, j). cfg: dict(loss, sigma, c, weights)"""
    params = [p for p in spec if p[0] is None or np.any(fam[train] == p[0])]
    if not params or cfg["sigma"] == math.inf:
        return {}
    sig = cfg["sigma"]
    tw = w[train].copy()
    tk = knee[train]
    if cfg.get("weights") == "source":
        # each source weighs 1 in all, shared equally among its metric groups, within a group as FactorFit does
        for s in set(src[train]):
            ss = src[train] == s
            ng = len(set(grp[train][ss]))
            tw[ss] = tw[ss] / ng
    loss = cfg["loss"]

    def obj(x):
        d = dict(zip(params, x))
        e = predict(train, d)
        r = e / sig
        if loss == "l2":
            f = np.sum(tw * r * r)
        elif loss == "huber":
            f = np.sum(tw * huber(r, cfg["c"]))
        elif loss == "l1":
            f = np.sum(tw * 2 * np.sqrt(r * r + 1e-4))  # smoothed
        elif loss == "median":  # per source-group median of log error, squared
            f = 0
            keys = {}
            for i, (s, g) in enumerate(zip(src[train], grp[train])):
                if not tk[i]:
                    keys.setdefault((s, g), []).append(i)
            for k, ii in keys.items():
                m = np.median(e[ii]) / sig
                f += m * m
        # knee constraint
        ek = e[tk]
        ex = np.maximum(0, np.maximum(ek - KNEE_HI, KNEE_LO - ek))
        f += 1e4 * np.sum(ex * ex)
        for (p, xv) in zip(params, x):
            f += (xv / SIGMA_PRIOR[p[1]]) ** 2
        return f

    x0 = np.zeros(len(params))
    res = minimize(obj, x0, method="Nelder-Mead" if loss == "median" else "L-BFGS-B",
                   options={"maxiter": 4000} if loss == "median" else {})
    if loss == "median" and len(params) > 1:
        res = minimize(obj, res.x, method="Powell")
    return dict(zip(params, res.x))


def loso(spec, cfg, sources=None, within=None):
    """returns predicted log errors for every row of `within` (default all) by leave-one-source-out"""
    within = np.arange(N) if within is None else within
    out = np.full(N, np.nan)
    for s in set(src[within]):
        train = within[src[within] != s]
        test = within[src[within] == s]
        d = fit(train, spec, cfg)
        out[test] = predict(test, d)
    return out


def report(e, idx=None, label=""):
    idx = np.arange(N) if idx is None else idx
    parts = [f"{absmed(e[idx]) * 100:5.1f}"]
    for f in FAMS:
        parts.append(f"{f} {absmed(e[idx][fam[idx] == f]) * 100:5.1f}")
    for g in GROUPS:
        parts.append(f"{g} {absmed(e[idx][grp[idx] == g]) * 100:5.1f}")
    return label + " | " + " | ".join(parts)


def nested(spec, grid):
    """grid: list of cfgs. Inner LOSO over other sources chooses cfg by overall median."""
    out = np.full(N, np.nan)
    chosen = {}
    for s in SOURCES:
        others = np.where(src != s)[0]
        test = np.where(src == s)[0]
        best = None
        for i, cfg in enumerate(grid):
            ei = loso(spec, cfg, within=others)
            m = absmed(ei[others])
            if best is None or m < best[0] - 1e-12:
                best = (m, i)
        cfg = grid[best[1]]
        chosen[s] = best[1]
        d = fit(others, spec, cfg)
        out[test] = predict(test, d)
    return out, chosen



I = {n: i for i, n in enumerate(NAMES)}


def per(names):
    return [(f, I[n]) for f in FAMS for n in names]


def pooled(names):
    return [(None, I[n]) for n in names]


SPECS = {
    "fbw": per(["bandwidthFraction"]),
    "fbw+v1ov": per(["bandwidthFraction", "v1IterationOverheadMs"]),
    "pool v1api+v0api": pooled(["v1ApiLatencyMs", "apiLatencyMs"]),
    "pool v1api": pooled(["v1ApiLatencyMs"]),
    "pool fbw": pooled(["bandwidthFraction"]),
    "pool fbw,v1ov,v1api,v0api": pooled(["bandwidthFraction", "v1IterationOverheadMs", "v1ApiLatencyMs", "apiLatencyMs"]),
}
LOSSES = {"l2": dict(loss="l2"), "huber": dict(loss="huber", c=1.0), "l2S": dict(loss="l2", weights="source"),
          "huberS": dict(loss="huber", c=1.0, weights="source"), "l1S": dict(loss="l1", weights="source")}


def cfg(loss, sigma):
    c = dict(LOSSES[loss])
    c["sigma"] = sigma
    return c


# the consensus rule: each source's own f_bw (L1, no prior), a family moves only when >= 2 training sources agree on the
# side of the prior, by the smallest move any of them supports
def own_move(idx):
    from scipy.optimize import minimize_scalar
    tw = w[idx]
    f = fam[idx][0]

    def obj(x):
        e = predict(idx, {(f, 0): x})
        ek = e[knee[idx]]
        ex = np.maximum(0, np.maximum(ek - KNEE_HI, KNEE_LO - ek))
        return np.sum(tw * np.abs(e)) + 1e4 * np.sum(ex * ex)
    return minimize_scalar(obj, bounds=(-0.45, min(0.45, -math.log(0.8))), method="bounded").x


OWN = {(f, s): own_move(np.where((fam == f) & (src == s))[0]) for f in FAMS for s in SOURCES
       if np.any((fam == f) & (src == s))}


def consensus(train, f):
    t = [m for (ff, s), m in OWN.items() if ff == f and s in set(src[train])]
    if len(t) < 2 or not (all(x > 0 for x in t) or all(x < 0 for x in t)):
        return 0.0
    return min(t, key=abs)


def predict_with(proc, train, test):
    """proc: 'rule' or (spec name, cfg)"""
    if proc == "rule":
        e = e0[test].copy()
        for f in set(fam[test]):
            ii = fam[test] == f
            e[ii] = predict(test[ii], {(f, 0): consensus(train, f)})
        return e
    spec, c = proc
    return predict(test, fit(train, SPECS[spec], c))


def loso_of(proc, within):
    out = np.full(N, np.nan)
    for s in set(src[within]):
        out[within[src[within] == s]] = predict_with(proc, within[src[within] != s], within[src[within] == s])
    return out


def nested_of(grid, label):
    out = np.full(N, np.nan)
    for s in SOURCES:
        others, test = np.where(src != s)[0], np.where(src == s)[0]
        inner = [absmed(loso_of(p, others)[others]) for p in grid]
        b = int(np.argmin(inner))  # the grid's order breaks a tie
        out[test] = predict_with(grid[b], others, test)
        print(f"  without {s}: chooses #{b} (inner {[round(100 * x, 2) for x in inner]})", flush=True)
    print(report(out, label=f"NESTED {label}"))
    print(f"  mean of per-source medians {np.mean([absmed(out[src == s]) for s in SOURCES]) * 100:.1f}%")


PRIORS = ("fbw", cfg("l2", math.inf))

if __name__ == "__main__":
    mode = sys.argv[2] if len(sys.argv) > 2 else "all"
    everything = np.arange(N)
    print(report(e0, label="priors (no fit)"))
    print(f"  mean of per-source medians {np.mean([absmed(e0[src == s]) for s in SOURCES]) * 100:.1f}%")
    if mode in ("plain", "all"):
        for spec in SPECS:
            for loss in LOSSES:
                for sigma in (0.3, 1.2):
                    print(report(loso_of((spec, cfg(loss, sigma)), everything), label=f"{spec:26s} {loss:6s} σ{sigma}"),
                          flush=True)
        print(report(loso_of("rule", everything), label="consensus rule (f_bw)"))
    if mode in ("nested", "all"):
        grid13 = [PRIORS] + [(spec, cfg(loss, sigma)) for spec in ("fbw", "pool fbw") for loss in ("l2", "huberS", "l1S")
                             for sigma in (0.3, 1.2)]
        nested_of(grid13, "priors + {fbw, pool fbw} x {l2, huberS, l1S} x σ {0.3, 1.2}")
        nested_of([("fbw", cfg("l1S", s)) for s in (0.3, 0.6, 1.2, math.inf)], "fbw l1S, σ in {0.3, 0.6, 1.2, ∞}")
        nested_of([PRIORS, ("fbw", cfg("l1S", 0.3)), ("fbw", cfg("l1S", 1.2)), "rule"], "{priors, fbw l1S σ0.3, σ1.2, rule}")
        nested_of([PRIORS, "rule"], "{priors, rule}")
        nested_of(["rule", PRIORS], "{rule, priors}")
