"""The peer for `npm run bench`: a plain scipy BG/NBD fit on the same rows (CSV x,tx,T).

Vectorised numpy log-likelihood in log space (gammaln, logaddexp), every row as it is (no
merging of identical histories), time scaled so max T = 1, BFGS on log-parameters with
scipy's finite-difference gradient. Prints one JSON object: seconds (fit only), params, logLik.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln

data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, ndmin=2)
x, tx, T = data[:, 0], data[:, 1], data[:, 2]
scale = T.max()
txs, Ts = tx / scale, T / scale


def neg_log_lik(logp):
    r, alpha, a, b = np.exp(logp)
    A1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    A3 = -(r + x) * np.log(alpha + Ts)
    with np.errstate(divide="ignore"):
        A4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + txs), -np.inf)
    return -np.sum(A1 + A2 + np.logaddexp(A3, A4))


start = time.perf_counter()
result = minimize(neg_log_lik, np.zeros(4), method="L-BFGS-B")
seconds = time.perf_counter() - start
r, alpha, a, b = np.exp(result.x)
print(
    json.dumps(
        {
            "seconds": round(seconds, 4),
            "params": {"r": r, "alpha": alpha * scale, "a": a, "b": b},
            "logLik": -result.fun - x.sum() * np.log(scale),
            "iterations": int(result.nit),
            "scipy": __import__("scipy").__version__,
        }
    )
)
