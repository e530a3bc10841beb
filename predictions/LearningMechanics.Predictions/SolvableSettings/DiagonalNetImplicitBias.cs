using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Harness.Theory;
using LearningMechanics.Harness.Training;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;

namespace LearningMechanics.Predictions.SolvableSettings;

/// <summary>
/// Woodworth et al. (2020, §4, Theorem 1): gradient flow on the square loss of the diagonal linear net β = u⊙u − v⊙v
/// from u(0) = v(0) = α·1 converges to argmin Q_α(β) subject to Xβ = y, Q_α = α² Σ q(β_i/α²),
/// q(z) = 2 − √(4 + z²) + z·asinh(z/2); α → 0 gives min-ℓ1 (sparse recovery), α → ∞ gives min-ℓ2.
/// Checked: dq/dz = asinh(z/2) (unit test), so the KKT form is β = 2α² sinh(Xᵀν); the flow gives the same form
/// (du/dt = −2u⊙g, dv/dt = 2v⊙g, g = Xᵀr/n, so β(t) = −2α² sinh(2∫g) with ∫g in the row space of X);
/// <see cref="HyperbolicEntropyInterpolant"/> solves it by dual Newton in float64.
/// GD differs from the flow by O(lr) (Even et al. 2023), so the error must halve when lr halves.
/// Setup (claims.md, reference runs): d = 100, X ~ N(0, 1), β* 5-sparse with entries ±1, y = Xβ*; the 4 seeds
/// train as 4 replicas of one batched model; lr = min(0.01, 0.5/(8α²λ_max(XXᵀ/n))) (a fixed 0.01 diverges at α = 10);
/// a fixed step count instead of a 1e-8 residual.
/// Changed from claims.md: the lr-halving test runs at α = 0.5, where GD converges in 3000 steps (ratio 2.014 ± 0.002).
/// At α ≤ 0.1 the off-support coordinates converge at a rate ∝ their tiny size: measured at α = 0.01, 4000 and 16000
/// steps left errors 0.024 and 0.006 with err(lr)/err(lr/2) = 1.01 and 1.03, i.e. convergence-limited, not lr-limited;
/// so α = 0.001 is asserted only for "within 2e-2 of argmin Q_α" and sparse recovery (20000 steps: at 10000 one of six
/// audited offsets came out Inconclusive, 0.0113 [0.0006, 0.022], a convergence-limited seed).
/// Changed from claims.md: n = 60 instead of 40. Off the support, argmin Q_α has β_i = 2α² sinh(2x_iᵀν) with
/// |2x_iᵀν| ≤ (1 − m)·ln(1/α²) for a dual-certificate margin m, so those coordinates are O(α^{2m}) and GD reaches them
/// at a rate ∝ their size: a draw whose ℓ1 certificate is barely feasible (small m, likelier near the compressed-sensing
/// phase transition at finite d) is neither recovered nor converged at α = 0.001. At n = 40 one draw in four at seed
/// offsets 200, 400 and 500 stayed ≈ 0.08 from β* (error 0.011 [0.0002, 0.022], recovery 0.032 [−0.013, 0.077] at
/// offset 400, 20000 steps: Inconclusive); at n = 60 every seed offset 0–500 gave error ≤ 0.0051 (upper CI ≤ 0.013) and
/// recovery ≤ 0.0054 (upper CI ≤ 0.014). With more equations the α = 0.5 interpolant has more small coordinates, and
/// 3000 steps left the lr-halving ratio convergence-limited (1.95 [1.84, 2.07] at offset 0), so the α = 0.5 runs take
/// 6000 steps (ratio 2.009–2.013, CI half-width ≤ 0.004, over offsets 0–500).
/// Changed at the full tier (d = 1000, n = 600, 20000 steps): α = 0.1 left the ratio list. With it, the full tier came out
/// Falsified on one check, err(lr)/err(lr/2) = 1.053 [1.045, 1.062] at α = 0.1 (10 seeds; α = 0.3, 1, 3 gave 2.003, 2.052,
/// 2.062). Running α = 0.1 alone (3 seeds) with more steps at the same lr showed the budget, not the O(lr) law, was the
/// limit: 20000, 40000, 80000 steps gave err(lr) = 0.0035, 0.00099, 0.00083 and ratio 1.048 [1.011, 1.085],
/// 1.56 [1.19, 1.94], 1.995 [1.990, 2.001]. So α = 0.1 needs 4× the full tier's steps (≈ 4× its cost); the smoke tier
/// already leaves α ≤ 0.1 out of the ratio check for the same reason.
/// Control: sparse_scale = 10, the kernel regime: the interpolant is near min-ℓ2 (distance ≈ 5e-8) and misses β* by
/// 0.59–0.66 at n = 60 (≈ √(1 − n/d) = 0.63, the min-ℓ2 miss; 0.73–0.81 at n = 40).
/// </summary>
public sealed class DiagonalNetImplicitBias : Claim
{
    public override string Id => "diag-net-implicit-bias";

    public override string Title => "A diagonal linear net from init scale α reaches the interpolant that minimises Q_α";

    public override Strand Strand => Strand.SolvableSettings;

    public override string Statement =>
        "Gradient descent on β = u⊙u − v⊙v from u = v = α·1 interpolates at argmin Q_α(β) s.t. Xβ = y, up to an error that halves when lr halves; small α recovers a sparse target.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Woodworth, Gunasekar, Lee, Moroshko, Savarese, Golan, Soudry & Srebro", 2020, "Kernel and rich regimes in overparametrized models", "COLT 2020, §4, Theorem 1 (Q_α with q(z) = 2 − √(4+z²) + z·arcsinh(z/2))"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Reals("init_scale", [0.5], [0.3, 1, 3], "init scales α (u(0) = v(0) = α·1) at which GD runs at lr and lr/2 (α ≤ 0.1 needs far more steps: see the remarks)", min: 0, exclusive: true),
        ParameterSpec.Real("sparse_scale", 0.001, 0.001, "the small init scale at which the sparse target must be recovered", min: 0, exclusive: true),
        ParameterSpec.Real("lr", 0.01, 0.01, "largest GD step; at large α it is capped at 0.5/(8α²λ_max(XXᵀ/n)) for stability", min: 0, exclusive: true),
        ParameterSpec.Integer("inputs", 100, 1000, "dimension d"),
        ParameterSpec.Integer("samples", 60, 600, "training points n < d (n/d = 0.6: well inside the ℓ1 recovery region, see the remarks)"),
        ParameterSpec.Integer("sparsity", 5, 20, "nonzero entries of the target β* (±1)"),
        ParameterSpec.Integer("steps", 6000, 20000, "GD steps at lr (2× as many at lr/2) for each init_scale"),
        ParameterSpec.Integer("sparse_steps", 20000, 40000, "GD steps at sparse_scale (the final convergence of small coordinates is slow: ∝ their size)"),
    ];

    public override NegativeControl Control => NegativeControl.Of(
        "sparse_scale = 10: the kernel regime, whose interpolant is close to min-ℓ2 and does not recover the sparse target",
        ("sparse_scale", "10"));

    public override string RivalDescription => "GD reaches the min-ℓ2 interpolant at every α (the kernel regime)";

    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.2, "tells err(lr)/err(lr/2) = 2 from 2.2 and 1.8");

    private const double RatioTolerance = 0.05;

    public override int SeedCount(Tier tier) => tier == Tier.Full ? 10 : 4;

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p)
    {
        var list = new List<Prediction>();
        foreach (double a in Scales(p))
            list.Add(Prediction.Within(ErrorQuantity(a), "β_GD = argmin Q_α s.t. Xβ = y", 0, 0.02, "GD/flow gap O(lr)"));
        foreach (double a in p.Reals("init_scale"))
            list.Add(Prediction.Around(RatioQuantity(a), "err ∝ lr (GD − flow = O(lr))", 2, RatioTolerance, "±5%: the next Richardson term, err = c1·lr + c2·lr², moves the ratio by O(lr·λ)"));
        list.Add(Prediction.Within(RecoveryQuantity(p.Real("sparse_scale")), "small α → min-ℓ1 → recovers β*", 0, 0.05, "ℓ1 recovery with n ≫ k log(d/k)"));
        return list;
    }

    // The rival judged on the claim's own recovery quantity: the min-ℓ2 interpolant is the projection of β* on the row
    // space of X, which for isotropic Gaussian X misses a fraction √(1 − n/d) of ‖β*‖ (measured 0.59–0.66 at α = 10,
    // n = 60, d = 100, offsets 0–500); ±0.1 covers the scatter of that projection for a k-sparse target.
    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
    [
        Prediction.Within(RecoveryQuantity(p.Real("sparse_scale")), "β_GD = min-ℓ2 interpolant, ‖β_ℓ2 − β*‖/‖β*‖ ≈ √(1 − n/d)",
            Math.Sqrt(1 - (double)p.Integer("samples") / p.Integer("inputs")), 0.1, "±0.1: scatter of the projection of a k-sparse target"),
    ];

    public override FigureSpec Figure(ClaimParameters p) => new("GD step", "‖β − β_Q‖/‖β_Q‖");

    private static List<double> Scales(ClaimParameters p) => [p.Real("sparse_scale"), .. p.Reals("init_scale")];

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        int n = p.Integer("samples"), d = p.Integer("inputs"), k = p.Integer("sparsity"), K = context.Seeds.Count;
        var type = Precision.ToScalarType();
        var problems = context.Seeds.Select(seed => Problem.Draw(n, d, k, context.Device.Seed(seed), Precision)).ToList();
        double lambdaMax = problems.Max(q => q.LambdaMax);
        using var data = Stack(problems, type, context.Device);
        var measurement = new Measurement();
        int done = 0, total = 1 + p.Reals("init_scale").Count;
        foreach (double alpha in Scales(p))
        {
            bool sparse = done == 0;
            context.Report($"α={Format(alpha)}", done++, total);
            double lr = Math.Min(p.Real("lr"), 0.5 / (8 * alpha * alpha * lambdaMax));
            var betaQ = problems.Select(q => HyperbolicEntropyInterpolant.Solve(q.X, q.Yv, alpha)).ToList();
            var (b1, curve) = Train(data, d, alpha, lr, sparse ? p.Integer("sparse_steps") : p.Integer("steps"), betaQ, context.Device);
            var e1 = Enumerable.Range(0, K).Select(i => (b1[i] - betaQ[i]).L2Norm() / betaQ[i].L2Norm()).ToList();
            measurement.Add(ErrorQuantity(alpha), SeedStatistics.Mean(e1));
            measurement.Add(L2Quantity(alpha), SeedStatistics.Mean(Enumerable.Range(0, K).Select(i => (b1[i] - problems[i].MinL2).L2Norm() / problems[i].MinL2.L2Norm()).ToList()));
            measurement.AddCurve(new Curve($"error α={Format(alpha)}", curve.Select(c => (double)c.Step).ToList(), curve.Select(c => c.Error).ToList()));
            if (sparse)
            {
                measurement.Add(RecoveryQuantity(alpha), SeedStatistics.Mean(Enumerable.Range(0, K).Select(i => (b1[i] - problems[i].BetaStar).L2Norm() / problems[i].BetaStar.L2Norm()).ToList()));
                continue;
            }
            var (b2, _) = Train(data, d, alpha, lr / 2, 2 * p.Integer("steps"), betaQ, context.Device);
            var e2 = Enumerable.Range(0, K).Select(i => (b2[i] - betaQ[i]).L2Norm() / betaQ[i].L2Norm()).ToList();
            measurement.Add(RatioQuantity(alpha), SeedStatistics.Mean(e1.Zip(e2, (x, y) => x / y).ToList()));
        }
        context.Report("done", total, total);
        return measurement;
    }

    /// <summary>One seed's sparse regression problem: X ~ N(0, 1)^{n×d}, β* with k entries ±1, y = Xβ*.</summary>
    private sealed record Problem(torch.Tensor Inputs, Matrix<double> X, Vector<double> BetaStar, Vector<double> Yv, double[] Y, Vector<double> MinL2, double LambdaMax)
    {
        public static Problem Draw(int n, int d, int k, torch.Generator generator, Precision precision)
        {
            var type = precision.ToScalarType();
            var xt = torch.randn(n, d, dtype: type, generator: generator);
            using var perm = torch.randperm(d, generator: generator);
            using var signs = torch.randint(0, 2, d, generator: generator);
            var permArr = perm.data<long>().ToArray();
            var signArr = signs.data<long>().ToArray();
            var betaStar = Vector<double>.Build.Dense(d);
            for (int i = 0; i < k; i++) betaStar[(int)permArr[i]] = 2 * signArr[i] - 1;
            using var xd = xt.to(torch.ScalarType.Float64);
            var xs = xd.data<double>().ToArray();
            var x = Matrix<double>.Build.Dense(n, d, (i, j) => xs[i * d + j]);
            var y = x * betaStar;
            double lambdaMax = (x * x.Transpose() / n).Evd().EigenValues.Max(e => e.Real);
            return new Problem(xt, x, betaStar, y, y.ToArray(), x.PseudoInverse() * y, lambdaMax);
        }
    }

    /// <summary>The seeds' problems as one replica batch: inputs [K, n, d], targets [K, n, 1], on the run's device.</summary>
    private static EnsembleDataset Stack(IReadOnlyList<Problem> problems, torch.ScalarType type, ComputeDevice device)
    {
        var sets = problems.Select(q => new Dataset(q.Inputs.to(device.Device), torch.tensor(q.Y, q.Y.Length, 1, dtype: type).to(device.Device))).ToList();
        try { return EnsembleDataset.Stack(sets); }
        finally
        {
            // Stack copied them. On a GPU `to` made copies, so the problems' own CPU inputs are freed separately.
            foreach (var set in sets) set.Dispose();
            foreach (var q in problems) q.Inputs.Dispose();
        }
    }

    private (List<Vector<double>> Beta, List<(int Step, double Error)> Curve) Train(EnsembleDataset data, int d, double alpha, double lr, int steps, List<Vector<double>> betaQ, ComputeDevice device)
    {
        using var net = new DiagonalLinearNetEnsemble(data.Replicas, d, alpha, device, Precision);
        var curve = new List<(int, double)>();
        var gd = new EnsembleGradientDescent(lr, steps, probeEvery: Math.Max(1, steps / 50));
        var runs = gd.Train(net, data, (step, _) =>
        {
            var b = Rows(net);
            curve.Add((step, (b[0] - betaQ[0]).L2Norm() / betaQ[0].L2Norm()));
        });
        // A diverged replica is frozen at zero by the trainer; its β is reported as NaN, never as a measured point.
        var result = Rows(net).Select((b, r) => runs[r].Diverged ? Vector<double>.Build.Dense(d, double.NaN) : b).ToList();
        return (result, curve);
    }

    private static List<Vector<double>> Rows(DiagonalLinearNetEnsemble net)
    {
        using var beta = net.Beta();
        using var cpu = beta.to(torch.ScalarType.Float64).cpu();
        var all = cpu.data<double>().ToArray();
        int d = (int)beta.shape[1];
        return Enumerable.Range(0, net.Replicas).Select(r => Vector<double>.Build.DenseOfArray(all[(r * d)..((r + 1) * d)])).ToList();
    }

    private static string ErrorQuantity(double a) => $"‖β_GD − β_Q‖/‖β_Q‖ at α={Format(a)}";
    private static string RatioQuantity(double a) => $"err(lr)/err(lr/2) at α={Format(a)}";
    private static string L2Quantity(double a) => $"‖β_GD − β_ℓ2‖/‖β_ℓ2‖ at α={Format(a)}";
    private static string RecoveryQuantity(double a) => $"‖β_GD − β*‖/‖β*‖ at α={Format(a)}";

    private static string Format(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
