using MathNet.Numerics.LinearAlgebra;

namespace LearningMechanics.Harness.Theory;

/// <summary>
/// The homogeneous hard-margin SVM ŵ = argmin ‖w‖² subject to y_i⟨w, x_i⟩ ≥ 1 (no bias), the direction that GD on
/// an exponentially-tailed loss converges to on separable data (Soudry et al. 2018, Eq. 4). Solved in its dual,
/// max Σα − ½αᵀKα over α ≥ 0 with K_ij = y_i y_j⟨x_i, x_j⟩, by exact coordinate ascent, then polished by solving
/// K_SS α_S = 1 on the support set S in float64.
/// </summary>
public static class HardMarginSvm
{
    /// <summary>
    /// ŵ and its dual variables α (ŵ = Σ α_i y_i x_i). False when the data are not linearly separable through the origin
    /// (the dual then grows without bound), or when ascent has not reached a feasible ŵ within <paramref name="maxSweeps"/>.
    /// </summary>
    public static bool TrySolve(Matrix<double> x, Vector<double> y, out Vector<double> w, out Vector<double> alpha, int maxSweeps = 20_000)
    {
        if (x.RowCount != y.Count) throw new ArgumentException($"X has {x.RowCount} rows and y has {y.Count} labels.");
        if (y.Any(v => v is not (1 or -1))) throw new ArgumentException("Labels must be ±1.");
        int n = x.RowCount;
        var z = Matrix<double>.Build.Dense(n, x.ColumnCount, (i, j) => y[i] * x[i, j]);
        var k = z * z.Transpose();
        var a = Vector<double>.Build.Dense(n);
        var ka = new double[n];
        var columns = Enumerable.Range(0, n).Select(i => k.Column(i).ToArray()).ToArray();
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            double violation = 0;
            for (int i = 0; i < n; i++)
            {
                if (k[i, i] <= 0) { w = Vector<double>.Build.Dense(x.ColumnCount, double.NaN); alpha = a; return false; }
                double next = Math.Max(0, a[i] + (1 - ka[i]) / k[i, i]);
                double delta = next - a[i];
                if (delta == 0) continue;
                violation = Math.Max(violation, Math.Abs(delta) * k[i, i]);
                a[i] = next;
                var column = columns[i];
                for (int j = 0; j < n; j++) ka[j] += delta * column[j];
            }
            // An infeasible primal makes the dual unbounded: the multipliers grow without limit.
            if (a.Sum() > 1e12) { w = Vector<double>.Build.Dense(x.ColumnCount, double.NaN); alpha = a; return false; }
            if (violation < 1e-13) break;
        }
        var support = Enumerable.Range(0, n).Where(i => a[i] > 1e-10).ToArray();
        if (support.Length > 0)
        {
            var kss = Matrix<double>.Build.Dense(support.Length, support.Length, (i, j) => k[support[i], support[j]]);
            var polished = kss.Solve(Vector<double>.Build.Dense(support.Length, 1.0));
            if (polished.All(v => v > 0))
            {
                a = Vector<double>.Build.Dense(n);
                for (int s = 0; s < support.Length; s++) a[support[s]] = polished[s];
            }
        }
        alpha = a;
        w = z.TransposeThisAndMultiply(alpha);
        var margins = z * w;
        return margins.Minimum() > 1 - 1e-8;
    }
}
