using MathNet.Numerics.Distributions;

namespace LearningMechanics.Harness.Statistics;

/// <summary>
/// Ordinary least squares y = a + b·x with a Student-t confidence interval on the slope (n − 2 degrees of freedom).
/// MathNet's Fit.Line gives the coefficients but no standard errors, so those are computed here.
/// </summary>
public sealed record LineFit(double Intercept, double Slope, double SlopeStandardError, int Points, double RSquared)
{
    public static LineFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} points and y has {y.Count}.");
        if (x.Count < 2) throw new ArgumentException("A line needs at least two points.");
        if (x.Concat(y).Any(v => !double.IsFinite(v))) throw new ArgumentException("A line fit needs finite values.");
        int n = x.Count;
        double mx = x.Average(), my = y.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) throw new ArgumentException("All x are equal: the slope is undefined.");
        double slope = sxy / sxx, intercept = my - slope * mx;
        double residual = Math.Max(0, syy - slope * sxy);
        double se = n > 2 ? Math.Sqrt(residual / (n - 2) / sxx) : 0;
        double r2 = syy == 0 ? 1 : 1 - residual / syy;
        return new LineFit(intercept, slope, se, n, r2);
    }

    /// <summary>The slope with its two-sided confidence interval.</summary>
    public Estimate SlopeEstimate(double level = SeedStatistics.DefaultLevel)
    {
        // With two points the residual has no degrees of freedom: the uncertainty is unknown, not zero.
        if (Points <= 2) throw new InvalidOperationException("A slope interval needs at least 3 points.");
        double half = StudentT.InvCDF(0, 1, Points - 2, 0.5 + level / 2) * SlopeStandardError;
        return new Estimate(Slope, Slope - half, Slope + half, Points);
    }
}
