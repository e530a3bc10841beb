namespace LearningMechanics.Harness.Theory;

/// <summary>
/// The compute-optimal training horizon of the power-law model (spectrum λ_k = k^−α, target power λ_k·w*_k² = k^−β)
/// when a model of size N fits only the top N modes, trained by gradient flow for time τ (τ = Σ_t η_t for SGD).
/// <para>
/// Derivation: mode k decays as e^{−2λ_kτ}, so L(τ, N) = ½Σ_{k≤N} k^−β e^{−2τk^−α} + ½Σ_{k&gt;N} k^−β. With τ = c·N^α
/// and k = N/s the sums become integrals in the scaling limit: L = ½N^{1−β}·H(c) with
/// H(c) = ∫_1^∞ s^{β−2} e^{−2c s^α} ds + 1/(β−1) (β &gt; 1). The compute is C ∝ N·τ = c·N^{1+α}, so at fixed C,
/// N = (C/c)^{1/(1+α)} and L ∝ c^{(β−1)/(1+α)}·H(c)·C^{−(β−1)/(1+α)}: the compute-optimal c* minimises
/// c^{(β−1)/(1+α)}·H(c), independent of C. Hence the compute-optimal horizon τ*(N) = c*·N^α: the horizon exponent is
/// ν/μ = (β−1)/((β−1)/α) = α, the ratio of the size exponent ν = β−1 to the time exponent μ = (β−1)/α.
/// </para>
/// </summary>
public static class ComputeOptimalHorizon
{
    /// <summary>H(c) = ∫_1^∞ s^{β−2} e^{−2c s^α} ds + 1/(β−1): the scaled loss 2L/N^{1−β} at τ = c·N^α.</summary>
    public static double ScaledLoss(double c, double alpha, double beta)
    {
        Validate(alpha, beta);
        if (!(c > 0)) throw new ArgumentOutOfRangeException(nameof(c), c, "c must be positive.");
        // Simpson's rule in u = ln s, up to where the exponent e^{−2c s^α} is below e^{−60}.
        double upper = Math.Max(1, Math.Log(60 / (2 * c)) / alpha + 1);
        const int Steps = 4000;
        double h = upper / Steps, sum = 0;
        for (int i = 0; i <= Steps; i++)
        {
            double s = Math.Exp(i * h);
            double f = Math.Pow(s, beta - 1) * Math.Exp(-2 * c * Math.Pow(s, alpha));
            sum += f * (i == 0 || i == Steps ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3 + 1 / (beta - 1);
    }

    /// <summary>c* = argmin c^{(β−1)/(1+α)}·H(c), by golden-section search on ln c over [1e−4, 1e3].</summary>
    public static double Scale(double alpha, double beta)
    {
        Validate(alpha, beta);
        double Objective(double logC) => (beta - 1) / (1 + alpha) * logC + Math.Log(ScaledLoss(Math.Exp(logC), alpha, beta));
        double a = Math.Log(1e-4), b = Math.Log(1e3), phi = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 120; i++)
        {
            double c1 = b - phi * (b - a), c2 = a + phi * (b - a);
            if (Objective(c1) < Objective(c2)) b = c2;
            else a = c1;
        }
        return Math.Exp((a + b) / 2);
    }

    private static void Validate(double alpha, double beta)
    {
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be positive and finite.");
        if (!(beta > 1) || !double.IsFinite(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must exceed 1 (a finite target power).");
    }
}
