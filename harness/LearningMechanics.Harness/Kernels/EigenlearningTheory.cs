namespace LearningMechanics.Harness.Kernels;

/// <summary>
/// The eigenlearning prediction for kernel (ridge) regression on n samples (Simon, Dickens, Karkada &amp; DeWeese 2023,
/// "The eigenlearning framework", Eq. 3–7; Bordelon, Canatar &amp; Pehlevan 2020; Canatar, Bordelon &amp; Pehlevan 2021).
/// From the population eigenvalues λ_i and target coefficients v_i: κ solves Σ_i λ_i/(λ_i + κ) + δ/κ = n; mode i has
/// learnability L_i = λ_i/(λ_i + κ); the overfitting coefficient is E0 = n/(n − Σ L_i²); the test MSE against labels
/// with noise variance σ² is E0·[Σ_i (1 − L_i)² v_i² + σ²] and the train MSE (δ/(nκ))²·test MSE. Checked against
/// james-simon/eigenlearning, theory.py (functions kappa, learnabilities, e0, test_mse).
/// </summary>
public sealed class EigenlearningTheory
{
    private readonly double[] eigenvalues;

    public EigenlearningTheory(IReadOnlyList<double> eigenvalues, int samples, double ridge = 0)
    {
        if (samples < 1) throw new ArgumentOutOfRangeException(nameof(samples), samples, "n must be positive.");
        if (ridge < 0) throw new ArgumentOutOfRangeException(nameof(ridge), ridge, "The ridge cannot be negative.");
        if (eigenvalues.Any(l => l < 0 || !double.IsFinite(l))) throw new ArgumentException("Eigenvalues must be finite and non-negative.", nameof(eigenvalues));
        if (ridge == 0 && eigenvalues.Count(l => l > 0) <= samples)
            throw new ArgumentException($"Ridgeless regression needs more than n = {samples} positive eigenvalues; got {eigenvalues.Count(l => l > 0)}.", nameof(eigenvalues));
        this.eigenvalues = eigenvalues.ToArray();
        Samples = samples;
        Ridge = ridge;
        Kappa = SolveKappa();
        Learnabilities = this.eigenvalues.Select(l => l / (l + Kappa)).ToArray();
        double sumSquares = Learnabilities.Sum(l => l * l);
        OverfittingCoefficient = samples / (samples - sumSquares);
    }

    public int Samples { get; }

    public double Ridge { get; }

    /// <summary>The effective regularisation κ.</summary>
    public double Kappa { get; }

    /// <summary>L_i = λ_i/(λ_i + κ), in the order of the eigenvalues given.</summary>
    public IReadOnlyList<double> Learnabilities { get; }

    /// <summary>E0 = n/(n − Σ L_i²).</summary>
    public double OverfittingCoefficient { get; }

    /// <summary>E0·[Σ(1 − L_i)² v_i² + σ²]: the expected test MSE against noisy labels.</summary>
    public double TestMse(IReadOnlyList<double> coefficients, double noiseVariance) =>
        OverfittingCoefficient * (Bias(coefficients) + noiseVariance);

    /// <summary>Σ(1 − L_i)² v_i² + σ²: the same without the overfitting coefficient (E0 = 1).</summary>
    public double TestMseWithoutOverfitting(IReadOnlyList<double> coefficients, double noiseVariance) => Bias(coefficients) + noiseVariance;

    private double Bias(IReadOnlyList<double> coefficients)
    {
        if (coefficients.Count != eigenvalues.Length) throw new ArgumentException($"{coefficients.Count} coefficients for {eigenvalues.Length} eigenvalues.", nameof(coefficients));
        double sum = 0;
        for (int i = 0; i < eigenvalues.Length; i++) sum += (1 - Learnabilities[i]) * (1 - Learnabilities[i]) * coefficients[i] * coefficients[i];
        return sum;
    }

    /// <summary>Σ λ/(λ + κ) + δ/κ falls monotonically in κ: bisection on log κ.</summary>
    private double SolveKappa()
    {
        double Excess(double kappa) => eigenvalues.Sum(l => l / (l + kappa)) + Ridge / kappa - Samples;
        double max = eigenvalues.Max();
        double low = 1e-300, high = Math.Max(max, Ridge) * (eigenvalues.Length + 1) + 1e-300;
        while (Excess(high) > 0) high *= 2;
        for (int iteration = 0; iteration < 400; iteration++)
        {
            double mid = Math.Sqrt(low * high);
            if (Excess(mid) > 0) low = mid; else high = mid;
            if (high / low < 1 + 1e-15) break;
        }
        return Math.Sqrt(low * high);
    }
}
