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
/// Soudry et al. (2018, Theorem 3): GD on the logistic loss of a linear model on separable data gives
/// w(t) = ŵ ln t + ρ(t) with ρ bounded (and convergent when every support vector has a positive dual variable), ŵ the
/// homogeneous hard-margin SVM. So over [t1, r·t1] and [r·t1, r²·t1] w gains ŵ·ln r each time: the two increments have
/// ratio 1 and each equals ŵ ln r. Lyu &amp; Li (2020, Theorem 4.1; Appendix E for GD): for an L-homogeneous net the
/// smoothed margin −log(e^{ℒ} − 1)/‖θ‖^L, ℒ the summed loss, is non-decreasing once ℒ &lt; log 2.
/// Setup: x ~ N(0, I_40), n = 5 points labelled by a random teacher; GD from w = 0 with lr = 4/λ_max(XᵀX/n) = 1/β
/// (β the loss's smoothness; the theorem needs lr &lt; 2/β); probes at t = 30, 300, 3000. ŵ from
/// <see cref="HardMarginSvm"/>. Net: bias-free 2-layer ReLU net (2-homogeneous), width 32, lr 0.2, margin probed
/// every 10 steps.
/// Changed from claims.md: its d = 5, n = 50 fails (reference run: increment error 0.24, because points just outside
/// the margin decay like t^−(m−1)); n ≤ d was suggested, but at d = 10, n = 5 one seed of four still had a 5.8% error
/// at t = 1e4 (a dual variable of 0.02, i.e. a slow ρ), so d = 40 keeps the points near-orthogonal and every dual variable
/// comparable (errors 0.08%–0.4%).
/// Control: n = 200 with 20% of labels flipped: not separable (the SVM is infeasible), the loss has a finite
/// minimiser and w converges, so the increment ratio falls to ≈ 0 at the smoke tier's probes (t1 = 30). At the full
/// tier (t1 = 1000) w has converged to rounding by t1, and the ratio of two rounding-sized increments is ≈ 1 (measured
/// 0.99 [0.21, 1.76]; 0.81 and 0.97 with n = 400 and 20% or 30% flips), so the ratio cannot tell the regimes apart
/// there, and the direction check is undefined (no SVM). The unit-margin quantity min_i y_i⟨Δw, x_i⟩/ln r is defined
/// in both regimes and does: Δw = ŵ ln r makes it min_i y_i⟨ŵ, x_i⟩ = 1 (the SVM's active constraints), while a
/// converged w gives ≈ 0.
/// </summary>
public sealed class MaxMarginBias : Claim
{
    public override string Id => "max-margin-bias";

    public override string Title => "Logistic GD on separable data grows w as ŵ_SVM·ln t; a homogeneous net's smoothed margin never falls";

    public override Strand Strand => Strand.SolvableSettings;

    public override string Statement =>
        "On linearly separable data, GD on the logistic loss gives w(t) = ŵ·ln t + O(1) with ŵ the hard-margin SVM, so w gains ŵ·ln(t2/t1) between t1 and t2; for a 2-homogeneous ReLU net the smoothed normalized margin is non-decreasing once the loss is below ln 2.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Soudry, Hoffer, Nacson, Gunasekar & Srebro", 2018, "The implicit bias of gradient descent on separable data", "JMLR 19(70), Theorem 3 (w(t) = ŵ log t + ρ(t), ρ bounded) and Eq. 4 (ŵ)"),
        new("Lyu & Li", 2020, "Gradient descent maximizes the margin of homogeneous neural networks", "ICLR 2020, Theorem 4.1 and Appendix E (smoothed margin −log(e^L − 1)/ρ^L non-decreasing once L < log 2)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Integer("inputs", 40, 80, "input dimension d"),
        ParameterSpec.Integer("samples", 5, 10, "training points n (n ≤ d keeps every point a support vector)"),
        ParameterSpec.Real("label_noise", 0, 0, "fraction of labels flipped after labelling by a random teacher", min: 0),
        ParameterSpec.Real("lr", 1, 1, "GD step of the linear model in units of 1/β = 4/λ_max(XᵀX/n), β the loss's smoothness (Soudry et al. need lr < 2)", min: 0, exclusive: true),
        ParameterSpec.Integer("t1", 30, 1000, "first probe step; the probes are t1, r·t1, r²·t1"),
        ParameterSpec.Real("ratio", 10, 10, "r: the ratio between probe steps", min: 1, exclusive: true),
        ParameterSpec.Integer("width", 32, 128, "hidden units of the bias-free ReLU net (2-homogeneous)"),
        ParameterSpec.Real("net_lr", 0.2, 0.05, "GD step of the ReLU net", min: 0, exclusive: true),
        ParameterSpec.Integer("net_steps", 500, 10000, "GD steps of the ReLU net"),
        ParameterSpec.Integer("net_probe_every", 10, 10, "steps between smoothed-margin probes"),
    ];

    public override NegativeControl Control => NegativeControl.Of(
        "samples = 200 with label_noise = 0.2: not separable, so the loss has a finite minimiser and ‖w‖ converges (no ln t growth, no SVM)",
        ("samples", "200"), ("label_noise", "0.2"));

    public override string RivalDescription => "‖w‖ grows as √t (a polynomial law): the increment over the second interval is √r times the first";

    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.15, "tells an increment ratio of 1 from 1.15 and 0.85");

    /// <summary>
    /// Eight seeds: the direction error is heavy-tailed over seeds (most 0.1–0.4%, one in a few near 5%, from a small
    /// dual variable whose ρ(t) settles slowly), so with four the t-interval's half-width (3.18·SD/√4) reached 0.044 and
    /// at 1 of 20 audited offsets a mean of 0.015 straddled the 5% bound (0.0147 [−0.029, 0.059]). Eight shrink the
    /// half-width by 0.53 (2.36/√8 against 3.18/√4); the bound is not widened.
    /// </summary>
    public override int SeedCount(Tier tier) => tier == Tier.Full ? 16 : 8;

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
    [
        Prediction.Around(IncrementRatioQuantity, "Δw over [r·t1, r²·t1] / Δw over [t1, r·t1] = ln r/ln r = 1", 1, 0.05, "±5%: ρ(t) converges as O(1/t) for support vectors"),
        Prediction.Within(DirectionQuantity, "Δw = ŵ_SVM·ln r", 0, 0.05, "≤ 5%: ρ(t) differences"),
        Prediction.Around(UnitMarginQuantity, "Δw = ŵ_SVM·ln r and the SVM's active constraints min_i y_i⟨ŵ, x_i⟩ = 1", 1, 0.05,
            "±5%: bounded by the direction error (the same ρ(t) differences)"),
        Prediction.Within(MarginFallsQuantity, "smoothed margin non-decreasing once L < ln 2", 0, 0, "exact: a monotonicity theorem"),
    ];

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
    [
        Prediction.Around(IncrementRatioQuantity, "‖w‖ ∝ √t: (√(r²t1) − √(rt1))/(√(rt1) − √t1) = √r", Math.Sqrt(p.Real("ratio")), 0.05, "same band as the claim"),
    ];

    public override FigureSpec Figure(ClaimParameters p) => new("GD step", "smoothed margin");

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        int d = p.Integer("inputs"), n = p.Integer("samples");
        double r = p.Real("ratio");
        int t1 = p.Integer("t1");
        int[] probes = [t1, (int)Math.Round(t1 * r), (int)Math.Round(t1 * r * r)];
        var ratios = new List<double>();
        var directions = new List<double>();
        var unitMargins = new List<double>();
        int falls = 0, done = 0;
        var measurement = new Measurement();
        foreach (long seed in context.Seeds)
        {
            context.Report($"seed={seed}", done++, context.Seeds.Count);
            var generator = context.Device.Seed(seed);
            var type = Precision.ToScalarType();
            using var x = torch.randn(n, d, dtype: type, generator: generator);
            using var teacher = torch.randn(d, 1, dtype: type, generator: generator);
            using var flip = torch.rand(n, 1, dtype: type, generator: generator).lt(p.Real("label_noise")).to(type);
            using var y = torch.matmul(x, teacher).sign().mul(1 - 2 * flip);
            var xm = Matrix<double>.Build.Dense(n, d, (i, j) => 0);
            var xs = x.data<double>().ToArray();
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) xm[i, j] = xs[i * d + j];
            var yv = Vector<double>.Build.DenseOfArray(y.data<double>().ToArray());
            // 2000 sweeps: the near-orthogonal separable problems converge in far fewer; on non-separable data the dual only grows.
            bool separable = HardMarginSvm.TrySolve(xm, yv, out var wHat, out _, maxSweeps: 2000);

            double lambdaMax = (xm.TransposeThisAndMultiply(xm) / n).Evd().EigenValues.Max(e => e.Real);
            using var data = new Dataset(x.to(context.Device.Device), y.to(context.Device.Device));
            using var model = new LinearModel(d, context.Device, Precision);
            var ws = new List<Vector<double>>();
            var run = new LogisticGradientDescent(p.Real("lr") * 4 / lambdaMax, probes).Train(model, data, (_, _) =>
            {
                using var w = model.Weights();
                ws.Add(Vector<double>.Build.DenseOfArray(w.cpu().data<double>().ToArray()));
            });
            if (run.Diverged || ws.Count < 3) { ratios.Add(double.NaN); directions.Add(double.NaN); unitMargins.Add(double.NaN); continue; }
            var first = ws[1] - ws[0];
            var second = ws[2] - ws[1];
            ratios.Add(second.L2Norm() / first.L2Norm());
            double lnR = Math.Log((double)probes[2] / probes[1]);
            unitMargins.Add((xm * second).PointwiseMultiply(yv).Minimum() / lnR);
            var target = wHat * lnR;
            directions.Add(separable ? (second - target).L2Norm() / target.L2Norm() : double.NaN);

            var (steps, margins) = SmoothedMargins(p, data, context.Device, generator);
            for (int i = 1; i < margins.Count; i++) if (margins[i] < margins[i - 1]) falls++;
            if (seed == context.Seeds[0]) measurement.AddCurve(new Curve("smoothed margin", steps.Select(s => (double)s).ToList(), margins));
        }
        context.Report("done", done, context.Seeds.Count);
        measurement.Add(IncrementRatioQuantity, SeedStatistics.Mean(ratios));
        measurement.Add(DirectionQuantity, SeedStatistics.Mean(directions));
        measurement.Add(UnitMarginQuantity, SeedStatistics.Mean(unitMargins));
        measurement.Add(MarginFallsQuantity, Estimate.Exact(falls));
        return measurement;
    }

    /// <summary>
    /// Lyu &amp; Li's smoothed margin γ̃ = −log(e^L − 1)/ρ² of a bias-free 2-layer ReLU net (2-homogeneous), L the summed
    /// logistic loss and ρ = ‖θ‖, at every probe where L &lt; ln 2.
    /// </summary>
    private (List<int> Steps, List<double> Margins) SmoothedMargins(ClaimParameters p, Dataset data, ComputeDevice device, torch.Generator generator)
    {
        using var net = new Mlp([p.Integer("inputs"), p.Integer("width"), 1], Activation.Relu, Parameterization.Standard, bias: false, generator, device, Precision);
        int every = p.Integer("net_probe_every"), total = p.Integer("net_steps");
        var steps = new List<int>();
        var margins = new List<double>();
        var probes = Enumerable.Range(0, total / every + 1).Select(i => i * every).ToList();
        new LogisticGradientDescent(p.Real("net_lr"), probes).Train(net, data, (step, _) =>
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            double loss = LogisticLoss.Sum(net.Forward(data.Inputs), data.Targets).item<double>();
            if (!(loss < Math.Log(2))) return;
            double rho2 = net.Parameters.Sum(t => t.pow(2).sum().item<double>());
            steps.Add(step);
            margins.Add(-Math.Log(double.ExpM1(loss)) / rho2);
        });
        return (steps, margins);
    }

    private const string IncrementRatioQuantity = "‖Δw‖ over [r·t1, r²·t1] / over [t1, r·t1]";

    private const string DirectionQuantity = "‖Δw − ŵ ln r‖/‖ŵ ln r‖";

    private const string UnitMarginQuantity = "min_i y_i⟨Δw, x_i⟩/ln r";

    private const string MarginFallsQuantity = "probe intervals in which the smoothed margin fell";

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
