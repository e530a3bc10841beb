namespace LearningMechanics.Harness.Statistics;

/// <summary>y = c·x^e fitted as a line in log-log coordinates; the exponent is the slope.</summary>
public static class PowerLawFit
{
    public static LineFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Concat(y).Any(v => !(v > 0)))
            throw new ArgumentException("A power-law fit needs positive x and y.");
        return LineFit.Fit(x.Select(v => Math.Log(v)).ToList(), y.Select(v => Math.Log(v)).ToList());
    }
}
