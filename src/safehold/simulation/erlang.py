"""Erlang C: the analytic M/M/c queue the simulation is validated against (pure).

For Poisson arrivals at ``arrivals_per_hour`` (λ), exponential service with mean
``service_minutes`` (1/μ) and ``servers`` (c), with offered load a = λ/μ and
utilisation rho = a/c < 1:

* P(wait) = C(c, a) = (aᶜ/c!)·(1/(1-rho)) / (Σₖ₌₀ᶜ⁻¹ aᵏ/k! + (aᶜ/c!)·(1/(1-rho)))
* mean wait W_q = C(c, a) / (cμ - λ)

computed with the numerically stable Erlang B recursion
B(0) = 1, B(k) = a·B(k-1) / (k + a·B(k-1)), C = B / (1 - rho(1 - B)).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErlangC:
    """The analytic M/M/c figures."""

    utilisation: float
    p_wait: float
    mean_wait_minutes: float


def erlang_c(*, arrivals_per_hour: float, service_minutes: float, servers: int) -> ErlangC:
    """Erlang C for λ = ``arrivals_per_hour``, 1/μ = ``service_minutes``, c = ``servers``.

    Raises
    ------
    ValueError
        When the queue is unstable (utilisation ≥ 1) or an input is not positive.
    """
    if arrivals_per_hour <= 0 or service_minutes <= 0 or servers < 1:
        raise ValueError("arrivals, service time and servers must all be positive")
    load = arrivals_per_hour * service_minutes / 60.0  # a = λ/μ, in erlangs
    rho = load / servers
    if rho >= 1.0:
        raise ValueError(f"utilisation {rho:.3f} ≥ 1: the queue grows without bound")
    b = 1.0
    for k in range(1, servers + 1):
        b = load * b / (k + load * b)
    c = b / (1.0 - rho * (1.0 - b))
    service_rate_per_minute = 1.0 / service_minutes
    arrival_rate_per_minute = arrivals_per_hour / 60.0
    wait = c / (servers * service_rate_per_minute - arrival_rate_per_minute)
    return ErlangC(utilisation=rho, p_wait=c, mean_wait_minutes=wait)
