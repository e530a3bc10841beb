using MathNet.Numerics.LinearAlgebra;

namespace LearningMechanics.Harness.Theory;

/// <summary>
/// The interpolant that gradient flow on a diagonal linear net β = u⊙u − v⊙v from u(0) = v(0) = α·1 reaches
/// (Woodworth et al. 2020, Theorem 1): argmin Q_α(β) subject to Xβ = y, with Q_α(β) = α² Σ_i q(β_i/α²) and
/// q(z) = 2 − √(4 + z²) + z·asinh(z/2).
/// <para>
/// Derivation used here (checked in the unit tests): ∂Q_α/∂β_i = asinh(β_i/(2α²)), so the KKT conditions read
/// β = 2α² sinh(Xᵀν), Xβ = y. The flow gives the same form: du/dt = −2u⊙g, dv/dt = 2v⊙g with g = Xᵀr/m, so
/// β(t) = −2α² sinh(2∫g) and ∫g lies in the row space of X. ν minimises the strictly convex dual
/// F(ν) = 2α² Σ_i cosh((Xᵀν)_i) − yᵀν, solved by damped Newton with a backtracking line search in float64.
/// </para>
/// </summary>
public static class HyperbolicEntropyInterpolant
{
    /// <summary>q(z) = 2 − √(4 + z²) + z·asinh(z/2), the per-coordinate potential of Q_α.</summary>
    public static double Potential(double z) => 2 - Math.Sqrt(4 + z * z) + z * Math.Asinh(z / 2);

    /// <summary>Q_α(β) = α² Σ q(β_i/α²).</summary>
    public static double Q(Vector<double> beta, double alpha)
    {
        double a2 = alpha * alpha;
        return a2 * beta.Sum(b => Potential(b / a2));
    }

    /// <summary>argmin Q_α(β) subject to Xβ = y (X is n × d with full row rank n ≤ d).</summary>
    public static Vector<double> Solve(Matrix<double> x, Vector<double> y, double alpha, double tolerance = 1e-11, int maxIterations = 500)
    {
        if (x.RowCount != y.Count) throw new ArgumentException($"X has {x.RowCount} rows and y has {y.Count} entries.");
        if (x.RowCount > x.ColumnCount) throw new ArgumentException("Interpolation needs at least as many coordinates as equations.");
        if (!(alpha > 0) || !double.IsFinite(alpha)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be positive.");
        double c = 2 * alpha * alpha;
        var nu = Vector<double>.Build.Dense(x.RowCount);
        double scale = Math.Max(y.L2Norm(), 1e-300);
        double f = Dual(x, y, nu, c);
        for (int it = 0; it < maxIterations; it++)
        {
            var z = x.TransposeThisAndMultiply(nu);
            var beta = z.Map(t => c * Math.Sinh(t));
            var gradient = x * beta - y;
            if (gradient.L2Norm() <= tolerance * scale) return beta;
            var weights = z.Map(t => c * Math.Cosh(t));
            var hessian = x * Matrix<double>.Build.DiagonalOfDiagonalVector(weights) * x.Transpose();
            var step = hessian.Cholesky().Solve(-gradient);
            double slope = gradient.DotProduct(step);
            double t = 1;
            while (true)
            {
                var trial = nu + t * step;
                double ft = Dual(x, y, trial, c);
                // Near the optimum the dual's decrease drops below its rounding error; a step that halves the
                // residual is then accepted on that ground (the Newton step's own merit), keeping quadratic convergence.
                if (double.IsFinite(ft) && (ft <= f + 1e-4 * t * slope || Residual(x, y, trial, c) <= 0.5 * gradient.L2Norm())) { nu = trial; f = ft; break; }
                t /= 2;
                if (t < 1e-20) throw new InvalidOperationException($"Line search failed at iteration {it}: the dual is not decreasing.");
            }
        }
        throw new InvalidOperationException($"Newton did not reach ‖Xβ − y‖ ≤ {tolerance}·‖y‖ in {maxIterations} iterations (α = {alpha}).");
    }

    private static double Residual(Matrix<double> x, Vector<double> y, Vector<double> nu, double c) =>
        (x * x.TransposeThisAndMultiply(nu).Map(t => c * Math.Sinh(t)) - y).L2Norm();

    private static double Dual(Matrix<double> x, Vector<double> y, Vector<double> nu, double c) =>
        c * x.TransposeThisAndMultiply(nu).Sum(Math.Cosh) - y.DotProduct(nu);
}
