namespace LearningMechanics.Harness.Theory;

/// <summary>
/// The exact expected population loss of online (one-pass) minibatch SGD on linear regression with Gaussian inputs
/// x ~ N(0, diag λ) and additive label noise of variance σ² (independent of x), for any learning-rate schedule.
/// <para>
/// Derivation (checked against Monte Carlo in the unit tests): with error e = w − w* the minibatch gradient is
/// g = (1/B)Σ_b x_b(x_bᵀe − r_b), E[g] = Λe, and by Isserlis' theorem each sample's covariance is
/// ΛeeᵀΛ + (eᵀΛe + σ²)Λ. So e' = e − ηg has, on the diagonal,
/// E[e'_k²] = (1 − ηλ_k)² m_k + (η²/B)[λ_k² m_k + λ_k(Σ_j λ_j m_j + σ²)] with m_k = E[e_k²]: a closed recursion on the
/// diagonal second moments (the off-diagonal ones never feed back into it). The loss is L = ½(Σ_k λ_k m_k + σ²).
/// </para>
/// </summary>
public static class OnlineSgdRisk
{
    /// <summary>
    /// E[L] after each step in <paramref name="probes"/> (ascending, each in [0, steps]) of SGD from the initial squared
    /// errors <paramref name="initialSquaredError"/> (m_k(0)), with step size <paramref name="learningRate"/>(t) at step t.
    /// </summary>
    public static double[] ExpectedLoss(IReadOnlyList<double> spectrum, IReadOnlyList<double> initialSquaredError, double noiseVariance,
        int batch, Func<int, double> learningRate, IReadOnlyList<int> probes)
    {
        ArgumentNullException.ThrowIfNull(learningRate);
        if (spectrum.Count != initialSquaredError.Count) throw new ArgumentException("The spectrum and the initial errors must have the same length.");
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch must hold at least one sample.");
        if (!(noiseVariance >= 0)) throw new ArgumentOutOfRangeException(nameof(noiseVariance), noiseVariance, "The noise variance must be ≥ 0.");
        for (int i = 1; i < probes.Count; i++)
            if (probes[i] < probes[i - 1]) throw new ArgumentException("The probe steps must be ascending.", nameof(probes));
        int n = spectrum.Count;
        var m = initialSquaredError.ToArray();
        var result = new double[probes.Count];
        int next = 0;
        int last = probes.Count == 0 ? 0 : probes[^1];
        for (int t = 0; ; t++)
        {
            double weighted = 0;
            for (int k = 0; k < n; k++) weighted += spectrum[k] * m[k];
            while (next < probes.Count && probes[next] == t) result[next++] = 0.5 * (weighted + noiseVariance);
            if (t >= last) break;
            double eta = learningRate(t);
            double shared = eta * eta / batch * (weighted + noiseVariance);
            for (int k = 0; k < n; k++)
            {
                double l = spectrum[k];
                double contraction = 1 - eta * l;
                m[k] = contraction * contraction * m[k] + eta * eta / batch * l * l * m[k] + shared * l;
            }
        }
        return result;
    }
}
