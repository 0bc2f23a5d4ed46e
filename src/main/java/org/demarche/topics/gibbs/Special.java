package org.demarche.topics.gibbs;

/** Digamma and log-gamma for the hyperparameter optimisers and the log-likelihood (no extra dependency). */
public final class Special {
  private Special() {}

  /** ψ(x) for x &gt; 0: recurrence up to x ≥ 10, then the asymptotic series (error below 1e-13). */
  public static double digamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("digamma: x must be > 0, was " + x);
    }
    double r = 0;
    while (x < 10) {
      r -= 1 / x;
      x += 1;
    }
    double f = 1 / (x * x);
    double t = f * (-1 / 12.0 + f * (1 / 120.0 + f * (-1 / 252.0 + f * (1 / 240.0 + f * (-1 / 132.0)))));
    return r + Math.log(x) - 0.5 / x + t;
  }

  /** ln Γ(x) for x &gt; 0: recurrence up to x ≥ 15, then Stirling's series. */
  public static double logGamma(double x) {
    if (!(x > 0)) {
      throw new IllegalArgumentException("logGamma: x must be > 0, was " + x);
    }
    double shift = 0;
    if (x < 15) {
      double p = 1;
      while (x < 15) {
        p *= x;
        x += 1;
      }
      shift = -Math.log(p);
    }
    double f = 1 / (x * x);
    double series = (1 / 12.0 + f * (-1 / 360.0 + f * (1 / 1260.0 + f * (-1 / 1680.0)))) / x;
    return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
  }
}
