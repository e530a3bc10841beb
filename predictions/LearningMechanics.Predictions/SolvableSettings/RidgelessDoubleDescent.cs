using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Predictions.SolvableSettings;

/// <summary>
/// Double descent of min-norm least squares (Hastie, Montanari, Rosset &amp; Tibshirani 2022; Belkin, Hsu &amp; Xu 2020).
/// For x ~ N(0, I_p), y = ⟨β, x⟩ + σε with ‖β‖ = r and n samples, the min-norm estimator β̂ = X⁺y has exact finite-n
/// excess risk E‖β̂ − β‖² = σ²p/(n − p − 1) for p &lt; n − 1 (E tr (XᵀX)⁻¹ = p/(n − p − 1), inverse-Wishart mean) and
/// r²(1 − n/p) + σ²n/(p − n − 1) for p &gt; n + 1 (the projection of β off the row space keeps 1 − n/p of ‖β‖² in
/// expectation; E tr (XXᵀ)⁻¹ = n/(p − n − 1)). Per claims.md's reference run this is the excess risk (no σ² term).
/// Setup: n = 100, p ∈ {20, 50, 80, 120, 200, 400} (|p − n| ≥ 20: near p = n the draws are heavy-tailed), 100 draws per
/// seed and 5 seeds (500 per p), exact batched solves in float64; the ratio measured/exact gets the t-interval over
/// draws. GD from zero init on one draw at p = 200 (lr = 1/λ_max(XᵀX/n), 1500 steps) must equal X⁺y (GD stays in the
/// row space). A ReLU random-feature model (d = 20, frozen first layer W ~ N(0, 1/d), min-norm readout, linear teacher,
/// σ = 0.5) must have its test-error peak at N ∈ [0.8n, 1.25n] in every seed (the interpolation threshold N = n).
/// Control: the optimal ridge λ* = σ²p/(nr²) (Dobriban &amp; Wager 2018) for the linear model and the oracle-tuned
/// ridge for random features (Nakkiran et al. 2021) lower the risk well below the ridgeless formula near p = n and
/// remove the peak (arg-max moves to the smallest N).
/// </summary>
public sealed class RidgelessDoubleDescent : Claim
{
    public override string Id => "ridgeless-double-descent";

    public override string Title => "Min-norm least squares follows the exact finite-n double-descent risk; random features peak at N = n";

    public override Strand Strand => Strand.SolvableSettings;

    public override string Statement =>
        "For isotropic Gaussian features the min-norm least-squares interpolant (what GD from zero reaches) has excess risk σ²p/(n−p−1) below n and r²(1−n/p) + σ²n/(p−n−1) above it; a ReLU random-feature model's test error peaks at N ≈ n.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Hastie, Montanari, Rosset & Tibshirani", 2022, "Surprises in high-dimensional ridgeless least squares interpolation", "Ann. Statist. 50(2), Theorem 1 and §2 (isotropic features; finite-n forms from inverse-Wishart moments)"),
        new("Belkin, Hsu & Xu", 2020, "Two models of double descent for weak features", "SIAM J. Math. Data Sci. 2(4), Theorem 1 (exact finite-n risk of the min-norm estimator with Gaussian features)"),
        new("Nakkiran, Venkat, Kakade & Ma", 2021, "Optimal regularization can mitigate double descent", "ICLR 2021, Theorem 1 and Fig. 2 (the control)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Integer("samples", 100, 200, "training points n"),
        ParameterSpec.Reals("dims", [20, 50, 80, 120, 200, 400], [20, 50, 80, 170, 180, 220, 400, 800], "feature dimensions p (|p − n| ≥ 20)", min: 1),
        ParameterSpec.Integer("draws", 100, 400, "independent (X, β, ε) draws per seed and p"),
        ParameterSpec.Real("noise", 0.5, 0.5, "label noise σ", min: 0),
        ParameterSpec.Real("signal", 1, 1, "‖β‖ = r", min: 0, exclusive: true),
        ParameterSpec.Integer("gd_dim", 200, 400, "p of the configuration trained by GD from zero init"),
        ParameterSpec.Integer("gd_steps", 1500, 3000, "GD steps at lr = 1/λ_max(XᵀX/n)"),
        ParameterSpec.Integer("rf_inputs", 20, 20, "input dimension d of the random-feature model"),
        ParameterSpec.Reals("rf_widths", [20, 40, 60, 80, 90, 100, 110, 125, 150, 200, 300], [40, 80, 120, 160, 180, 200, 220, 250, 300, 400, 600], "random-feature counts N", min: 1),
        ParameterSpec.Integer("rf_test", 1000, 4000, "test points of the random-feature model"),
        ParameterSpec.Choice("ridge", "none", "none", "none: min-norm interpolation; optimal: the risk-minimising ridge", "none", "optimal"),
    ];

    public override NegativeControl Control => NegativeControl.Of(
        "ridge = optimal: the optimally tuned ridge has lower risk than the ridgeless formula and no peak at N = n (Nakkiran et al. 2021)",
        ("ridge", "optimal"));

    public override string RivalDescription => "classical parameter counting: the excess risk is σ²p/n (no blow-up at p = n, no benign descent)";

    public override ResolvingPower ResolvingPower => ResolvingPower.RelativeShift(0.2, "tells the exact risk from 1.2× and 0.8× it");

    public override int SeedCount(Tier tier) => tier == Tier.Full ? 10 : 5;

    public static double ExactRisk(int n, int p, double r, double sigma) =>
        p < n - 1 ? sigma * sigma * p / (n - p - 1)
        : p > n + 1 ? r * r * (1 - (double)n / p) + sigma * sigma * n / (p - n - 1)
        : double.PositiveInfinity;

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
    [
        .. p.Reals("dims").Select(d => Prediction.Around(RiskQuantity((int)d), "E‖β̂ − β‖² = σ²p/(n−p−1) (p < n), r²(1−n/p) + σ²n/(p−n−1) (p > n)", 1, 0.10,
            "±10%: the heavy-tailed draws' CI (Hastie et al. 2022)")),
        Prediction.Within(GdQuantity, "GD from zero = X⁺y", 0, 1e-6, "float64 convergence at 1500 steps"),
        Prediction.Within(PeakQuantity, "test error peaks at the interpolation threshold N = n", 1.025, 0.225, "N ∈ [0.8n, 1.25n]: the grid spacing near n"),
    ];

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p)
    {
        int n = p.Integer("samples");
        double r = p.Real("signal"), s = p.Real("noise");
        return p.Reals("dims").Select(d => Prediction.Around(RiskQuantity((int)d), "E‖β̂ − β‖² = σ²p/n", s * s * d / n / ExactRisk(n, (int)d, r, s), 0.10, "same band as the claim")).ToList();
    }

    public override FigureSpec Figure(ClaimParameters p) => new("p/n (linear) or N/n (random features)", "excess risk / test error");

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        int n = p.Integer("samples");
        double r = p.Real("signal"), sigma = p.Real("noise");
        bool ridge = p.Choice("ridge") == "optimal";
        var dims = p.Reals("dims").Select(d => (int)d).ToList();
        var risks = dims.Select(_ => new List<double>()).ToList();
        var peaks = new List<double>();
        var rfWidths = p.Reals("rf_widths").Select(w => (int)w).ToList();
        var rfCurves = new List<double[]>();
        var measurement = new Measurement();
        int done = 0;
        foreach (long seed in context.Seeds)
        {
            context.Report($"seed={seed}", done++, context.Seeds.Count);
            var generator = context.Device.Seed(seed);
            for (int i = 0; i < dims.Count; i++) risks[i].AddRange(LinearRisks(n, dims[i], p.Integer("draws"), r, sigma, ridge, generator));
            var curve = RandomFeatureCurve(p, rfWidths, ridge, generator);
            rfCurves.Add(curve);
            peaks.Add(rfWidths[Array.IndexOf(curve, curve.Max())] / (double)n);
        }
        for (int i = 0; i < dims.Count; i++)
        {
            var mean = SeedStatistics.Mean(risks[i]);
            double exact = ExactRisk(n, dims[i], r, sigma);
            measurement.Add(RiskQuantity(dims[i]), new Estimate(mean.Value / exact, mean.Low / exact, mean.High / exact, mean.Count));
        }
        measurement.AddCurve(new Curve("linear risk measured", dims.Select(d => d / (double)n).ToList(), risks.Select(x => x.Average()).ToList()));
        measurement.AddCurve(new Curve("linear risk exact", dims.Select(d => d / (double)n).ToList(), dims.Select(d => ExactRisk(n, d, r, sigma)).ToList()));
        measurement.AddCurve(new Curve("random features test error", rfWidths.Select(w => w / (double)n).ToList(),
            Enumerable.Range(0, rfWidths.Count).Select(j => rfCurves.Average(c => c[j])).ToList()));
        measurement.Add(PeakQuantity, SeedStatistics.Mean(peaks));
        measurement.Add(GdQuantity, Estimate.Exact(GdVersusMinNorm(p, context)));
        context.Report("done", done, context.Seeds.Count);
        return measurement;
    }

    /// <summary>‖β̂ − β‖² for <paramref name="draws"/> independent problems (X ~ N(0,1)^{n×p}, β uniform on the r-sphere, y = Xβ + σε), batched.</summary>
    private List<double> LinearRisks(int n, int p, int draws, double r, double sigma, bool ridge, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var type = Precision.ToScalarType();
        var x = torch.randn(draws, n, p, dtype: type, generator: generator);
        var beta = torch.randn(draws, p, 1, dtype: type, generator: generator);
        beta = beta / beta.norm(1, true) * r;
        var y = torch.bmm(x, beta) + sigma * torch.randn(draws, n, 1, dtype: type, generator: generator);
        torch.Tensor estimate;
        if (ridge)
        {
            // Dobriban & Wager (2018): for isotropic x and loss (1/n)‖y − Xβ‖² + λ‖β‖², λ* = σ²p/(n r²).
            double lambda = sigma * sigma * p / (n * r * r);
            // (XᵀX + nλI)⁻¹Xᵀy = Xᵀ(XXᵀ + nλI)⁻¹y: solve with the smaller Gram matrix.
            estimate = p <= n
                ? PositiveDefiniteSolve.Solve(torch.bmm(x.transpose(1, 2), x) + n * lambda * torch.eye(p, dtype: type), torch.bmm(x.transpose(1, 2), y))
                : torch.bmm(x.transpose(1, 2), PositiveDefiniteSolve.Solve(torch.bmm(x, x.transpose(1, 2)) + n * lambda * torch.eye(n, dtype: type), y));
        }
        // The Gram matrices are positive definite (|p − n| ≥ 20); batched LU is unsafe with threads (PositiveDefiniteSolve).
        else if (p < n) estimate = PositiveDefiniteSolve.Solve(torch.bmm(x.transpose(1, 2), x), torch.bmm(x.transpose(1, 2), y));
        else estimate = torch.bmm(x.transpose(1, 2), PositiveDefiniteSolve.Solve(torch.bmm(x, x.transpose(1, 2)), y));
        return (estimate - beta).pow(2).sum([1, 2]).data<double>().ToList();
    }

    /// <summary>Test MSE of a ReLU random-feature model (frozen first layer, min-norm or oracle-tuned ridge readout) for each width.</summary>
    private double[] RandomFeatureCurve(ClaimParameters p, IReadOnlyList<int> widths, bool ridge, torch.Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var type = Precision.ToScalarType();
        int n = p.Integer("samples"), d = p.Integer("rf_inputs"), m = p.Integer("rf_test");
        double sigma = p.Real("noise");
        var teacher = torch.randn(d, 1, dtype: type, generator: generator) / Math.Sqrt(d);
        var xTrain = torch.randn(n, d, dtype: type, generator: generator);
        var xTest = torch.randn(m, d, dtype: type, generator: generator);
        var yTrain = torch.matmul(xTrain, teacher) + sigma * torch.randn(n, 1, dtype: type, generator: generator);
        var yTest = torch.matmul(xTest, teacher);
        var result = new double[widths.Count];
        for (int j = 0; j < widths.Count; j++)
        {
            var w = torch.randn(d, widths[j], dtype: type, generator: generator) / Math.Sqrt(d);
            var fTrain = torch.nn.functional.relu(torch.matmul(xTrain, w));
            var fTest = torch.nn.functional.relu(torch.matmul(xTest, w));
            // One SVD F = U S Vᵀ gives the min-norm readout V S⁻¹ Uᵀy and every ridge readout V S/(S² + λ) Uᵀy.
            var (u, sv, vh) = torch.linalg.svd(fTrain, fullMatrices: false);
            var uty = torch.matmul(u.t(), yTrain);
            var s = sv.unsqueeze(1);
            double Error(torch.Tensor filter) => (torch.matmul(fTest, torch.matmul(vh.t(), filter * uty)) - yTest).pow(2).mean().item<double>();
            if (!ridge)
            {
                var keep = s.gt(s.max() * 1e-12).to(type);
                result[j] = Error(keep / (s + (1 - keep)));
                continue;
            }
            // Oracle-tuned ridge (Nakkiran et al. 2021): the best test error over a log grid of λ.
            double best = double.PositiveInfinity;
            for (int e = -6; e <= 2; e++)
            {
                double lambda = Math.Pow(10, e / 2.0) * n;
                best = Math.Min(best, Error(s / (s * s + lambda)));
            }
            result[j] = best;
        }
        return result;
    }

    /// <summary>Trains a zero-initialised linear model by full-batch GD on one draw and returns ‖β_GD − X⁺y‖/‖X⁺y‖.</summary>
    private double GdVersusMinNorm(ClaimParameters p, RunContext context)
    {
        using var scope = torch.NewDisposeScope();
        var generator = context.Device.Seed(context.Seeds[0] + 7919);
        var type = Precision.ToScalarType();
        int n = p.Integer("samples"), dim = p.Integer("gd_dim");
        var x = torch.randn(n, dim, dtype: type, generator: generator);
        var beta = torch.randn(dim, 1, dtype: type, generator: generator);
        beta = beta / beta.norm() * p.Real("signal");
        var y = torch.matmul(x, beta) + p.Real("noise") * torch.randn(n, 1, dtype: type, generator: generator);
        var minNorm = torch.matmul(torch.linalg.pinv(x), y);
        double lambdaMax = torch.linalg.eigvalsh(torch.matmul(x.t(), x) / n).max().item<double>();
        using var model = new LinearModel(dim, context.Device, Precision);
        using var data = new Dataset(x.to(context.Device.Device), y.to(context.Device.Device));
        var run = new GradientDescent(1 / lambdaMax, p.Integer("gd_steps"), probeEvery: p.Integer("gd_steps")).Train(model, data);
        if (run.Diverged) return double.NaN;
        using var w = model.Weights();
        return (w.cpu() - minNorm).norm().item<double>() / minNorm.norm().item<double>();
    }

    private static string RiskQuantity(int p) => $"E‖β̂ − β‖²/exact at p={p}";

    private const string GdQuantity = "‖β_GD − X⁺y‖/‖X⁺y‖";

    private const string PeakQuantity = "random-feature arg-max N/n";

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
