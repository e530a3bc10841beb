using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Predictions.TractableLimits;

/// <summary>
/// The coordinate check of Tensor Programs IV/V: how much a hidden layer's pre-activations h^l move, per coordinate,
/// after a fixed number of SGD steps at a width-independent learning rate, as the width n grows. In Yang &amp; Hu's
/// abc-parameterizations (W^l = n^−a_l·w^l, w^l ~ N(0, n^−2b_l), learning rate η·n^−c; our <see cref="AbcMlp"/>):
/// <list type="bullet">
/// <item>μP (a = (−½, 0, …, 0, ½), b = ½, c = 0): Δh^l = Θ(1) in every hidden layer: exponent 0 (feature learning);</item>
/// <item>NTK (a = (0, ½, …, ½), b = 0, c = 0): Δh^l = Θ(n^−½) in every hidden layer: exponent −½ (lazy; the kernel
/// regime of TP4 Thm 3.3, Chizat et al.'s lazy training);</item>
/// <item>SP (a = 0, b = (0, ½, …, ½), c = 0): unstable: the input layer's Δh¹ = Θ(n^−½) (its gradient arrives through
/// a readout of size n^−½, and its fan-in d is fixed), while every n×n layer's update ΔW^l x = η·g·(x·x) sums n aligned
/// terms: Δh^l = Θ(n^+½) for l ≥ 2, and the output moves Θ(n).</item>
/// </list>
/// Derivation (one step, checked against the measurement): backpropagated gradients g^l = ∂L/∂h^l have coordinates of
/// size n^−½ in SP and NTK (readout n^−½) and n^−1 in μP (readout n^−1); a layer's own update moves h^l by
/// lr_eff·g^l·‖x^{l−1}‖²·multiplier², which gives the exponents above. These are the exponents the catalogue listed as
/// "unverified derivations from the TP tables" (claims.md); the measurement confirms them per layer.
/// Setup and choices: a 3-hidden-layer tanh MLP, one full batch of 64 inputs (d = 8, smooth single-index target),
/// widths 64–1024, ten seeds; each seed gives a log-log slope of mean|Δh^l| (TP5's l1 coordinate statistic) over the
/// widths, and the verdict uses the seed t-interval. Three choices differ from the catalogue's setup:
/// (1) one step, not three: after one step Δh^l is a layer's own update plus the propagated change of the layer below,
/// both of the predicted order, and only one cross term ΔW^l·Δx^{l−1} that is smaller by n^−½ (NTK); later steps
/// compound such terms, which a reference run saw pull the deeper NTK layers' slopes to −0.40/−0.33 over 64–1024
/// (claims.md), and SP's Θ(n) output move would leave the one-step regime altogether;
/// (2) the centred model f − f0 (Chizat et al. 2019, §2): fitting y + f0(x) makes the first residual −y at every width,
/// where otherwise SP's and NTK's random O(1) initial output, a fresh draw at each width, multiplies each width's Δh by
/// its own random factor (it doubled the slope scatter); centring changes no width exponent;
/// (3) all three hidden layers asserted for both rows: at one step the measured exponents agree with the theory per
/// layer at these widths, including the deeper NTK layers.
/// The SP rows are the negative control: under SP the same width-independent learning rate gives −½ at the input layer
/// and about +½ deeper, which the μP prediction (exponent 0) must reject. SP and NTK share the input layer's first
/// step exactly (same a₁, b₁, c and the same initial forward pass), so their Δh¹ rows coincide. The full tier takes
/// widths 256–4096 and twenty seeds. Not covered: Chizat et al.'s α-rescaling check (left for later) and the Adam rows
/// (the harness has no Adam yet).
/// </summary>
public sealed class ParamScalingFeatureMovement : Claim
{
    public override string Id => "param-scaling-feature-movement";

    public override string Title => "Hidden features move Θ(1) under μP and as width^−1/2 under NTK (coordinate check)";

    public override Strand Strand => Strand.TractableLimits;

    public override string Statement =>
        "After a fixed number of SGD steps at a width-independent learning rate, the per-coordinate change of every hidden layer's pre-activations is width-independent (exponent 0) under μP and shrinks as width^−1/2 under the NTK parameterization.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Yang & Hu", 2021, "Feature learning in infinite-width neural networks (Tensor Programs IV)", "ICML 2021, §3 Def. 3.1 (abc-parameterizations), Table 1, Def. 5.1 (μP), Thm 3.3 (feature learning vs kernel regime)"),
        new("Yang, Hu, Babuschkin, Sidor, Liu, Farhi, Ryder, Pachocki, Chen & Gao", 2022, "Tensor Programs V: tuning large neural networks via zero-shot hyperparameter transfer", "§D.1, Fig. 5 (coordinate check: mean |Δx| per layer against width)"),
        new("Chizat, Oyallon & Bach", 2019, "On lazy training in differentiable programming", "NeurIPS 2019, §2 (lazy regime: relative parameter movement → 0)"),
    ];

    // Float32: the smallest change measured (NTK, width 1024, one step) is ~1e-3 of h, far above float32 rounding, and
    // float32 matmuls halve the cost, which pays for the ten seeds.
    public override Precision Precision => Precision.Float32;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Reals("widths", [64, 128, 256, 512, 1024], [256, 512, 1024, 2048, 4096], "hidden widths n of the fit", min: 1),
        ParameterSpec.Choice("parameterization", "mup", "mup", "the feature-learning row (predicted exponent 0); the control sets sp", "mup", "ntk", "sp"),
        ParameterSpec.Integer("depth", 3, 3, "hidden layers L"),
        ParameterSpec.Choice("activation", "tanh", "tanh", "hidden nonlinearity", "tanh", "relu"),
        ParameterSpec.Real("lr", 0.1, 0.1, "SGD step size η, the same at every width (c = 0)", min: 0, exclusive: true),
        ParameterSpec.Integer("steps", 1, 1, "full-batch steps before the coordinate check (one: every term is first order in the update)"),
        ParameterSpec.Integer("batch", 64, 64, "training inputs (one full batch) x ~ N(0, I/d), smooth target"),
        ParameterSpec.Integer("inputs", 8, 8, "input dimension d"),
    ];

    /// <summary>
    /// Ten seeds: each width's network is a fresh draw, so mean|Δh| at width 64 carries ~1/√64 relative init noise and one
    /// seed's slope scatters by about ±0.08 (SD, measured). With 5 seeds the t-interval was about ±0.1 and 3 of 6 audited
    /// seed offsets came out Inconclusive against the ±0.15 band; ten seeds give about ±0.06.
    /// </summary>
    public override int SeedCount(Tier tier) => tier == Tier.Full ? 20 : 10;

    public override NegativeControl Control => NegativeControl.Of(
        "standard parameterization at the same width-independent learning rate: hidden features blow up as n^+1/2 and the input layer's shrink as n^−1/2",
        ("parameterization", "sp"));

    public override string RivalDescription => "lazy training is generic at large width: hidden features move as width^−1/2 in every parameterization";

    // ±0.15 on every exponent at the smoke widths (the catalogue's band): the ten-seed t-interval of a slope is up to
    // ±0.05, and next-order finite-width terms (O(n^−½) relative, e.g. the ΔW·Δx cross term, fluctuations of ‖x‖²/n) bias
    // a fit over 64–1024 by a few hundredths (seed means seen within 0.07 of the prediction). The band keeps μP (0) and
    // NTK (−½) apart and excludes SP's ±½. The bias part (0.10) shrinks at that O(n^−½) rate with the narrowest width
    // of the fit, so the full tier (256–4096) gets ±0.10; the seed part (0.05) is kept.
    private static double Tolerance(ClaimParameters p) =>
        SeedPart + BiasPartAtSmokeWidth * Math.Sqrt(SmokeNarrowestWidth / p.Reals("widths").Min());

    private const double SeedPart = 0.05, BiasPartAtSmokeWidth = 0.10, SmokeNarrowestWidth = 64;

    // The ten-seed CIs reach at most 0.07 from 0 (μP) and from −½ (NTK) and the bands are ±0.15: a 0.3 shift clears them.
    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.3, "tells exponent 0 from ±0.3 and −1/2 from −0.2 and −0.8");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p)
    {
        string row = p.Choice("parameterization");
        double tolerance = Tolerance(p);
        string reason = $"±{Format(tolerance)}: seed CI (≤ ±0.05) plus next-order finite-width bias, 0.10·√(64/n_min)";
        var list = new List<Prediction>();
        for (int l = 1; l <= p.Integer("depth"); l++)
            list.Add(Prediction.Within(Quantity(row, l), "μP: Δh = Θ(1)", 0, tolerance, reason));
        for (int l = 1; l <= p.Integer("depth"); l++)
            list.Add(Prediction.Within(Quantity(LazyRow, l), "NTK: Δh = Θ(n^−1/2)", -0.5, tolerance, reason));
        return list;
    }

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
        Predict(p).Select(q => q with { Low = -0.5 - Tolerance(p), High = -0.5 + Tolerance(p), Formula = "lazy everywhere: Δh = Θ(n^−1/2)" }).ToList();

    public override FigureSpec Figure(ClaimParameters p) => new("hidden width n", "mean |Δh| per coordinate after training")
    {
        LogLog = true,
        Guides = [new PredictedPowerLaw(0, "μP: ∝ n^0"), new PredictedPowerLaw(-0.5, "NTK: ∝ n^−1/2")],
    };

    private const string LazyRow = "ntk (lazy reference)";

    private static string Quantity(string row, int layer) => $"exponent of mean|Δh{layer}| vs width, {row}";

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var widths = p.Reals("widths").Select(w => (int)w).ToList();
        if (widths.Distinct().Count() < 2) throw new ArgumentException("The width fit needs at least two distinct widths.");
        int depth = p.Integer("depth");
        string row = p.Choice("parameterization");
        var rows = new[] { (Name: row, Abc: AbcParameterization.Named(row, depth)), (Name: LazyRow, Abc: AbcParameterization.Ntk(depth)) };
        var measurement = new Measurement();
        int done = 0, total = rows.Length * widths.Count * context.Seeds.Count;
        foreach (var (name, abc) in rows)
        {
            var slopes = Enumerable.Range(0, depth).Select(_ => new List<double>()).ToList();
            var means = Enumerable.Range(0, depth).Select(_ => widths.Select(_ => new List<double>()).ToList()).ToList();
            foreach (long seed in context.Seeds)
            {
                var perWidth = new List<double[]>();
                foreach (int width in widths)
                {
                    context.Report($"{name} seed={seed} width={width}", done++, total);
                    perWidth.Add(FeatureChange(p, abc, width, seed, context.Device));
                }
                for (int l = 0; l < depth; l++)
                {
                    var y = perWidth.Select(c => c[l]).ToList();
                    for (int w = 0; w < widths.Count; w++) means[l][w].Add(y[w]);
                    slopes[l].Add(y.All(v => v > 0 && double.IsFinite(v))
                        ? PowerLawFit.Fit(widths.Select(w => (double)w).ToList(), y).Slope
                        : double.NaN);
                }
            }
            for (int l = 0; l < depth; l++)
            {
                measurement.Add(Quantity(name, l + 1), SeedStatistics.Mean(slopes[l]));
                measurement.AddCurve(new Curve($"mean|Δh{l + 1}| {name}", widths.Select(w => (double)w).ToList(), means[l].Select(v => v.Average()).ToList()));
            }
        }
        context.Report("done", total, total);
        return measurement;
    }

    /// <summary>mean |h^l_t − h^l_0| over the batch and coordinates, per hidden layer l, after the configured steps.</summary>
    private double[] FeatureChange(ClaimParameters p, AbcParameterization abc, int width, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        int d = p.Integer("inputs");
        using var raw = SyntheticData.GaussianWithSmoothTarget(p.Integer("batch"), d, generator, device, Precision);
        var activation = p.Choice("activation") == "relu" ? Activation.Relu : Activation.Tanh;
        using var model = new AbcMlp(d, width, abc, activation, generator, device, Precision);
        // The centred model f − f0 (Chizat et al. 2019, §2): fitting y + f0 makes every residual f − f0 − y, so the first
        // gradient is driven by the target alone, not also by the random O(1) initial output (SP, NTK) that differs from
        // width to width and multiplied each width's Δh by its own random factor (seed SD of a slope ≈ 0.12 without it).
        torch.Tensor initialOutput;
        using (torch.no_grad()) initialOutput = model.Forward(raw.Inputs);
        using var data = new Dataset(raw.Inputs.clone(), raw.Targets + initialOutput);
        initialOutput.Dispose();
        var before = model.PreActivations(data.Inputs);
        var run = new GradientDescent(p.Real("lr"), p.Integer("steps"), probeEvery: p.Integer("steps")).Train(model, data);
        var after = model.PreActivations(data.Inputs);
        var change = before.Zip(after).Select(ba =>
        {
            using var scope = torch.NewDisposeScope();
            return run.Diverged ? double.NaN : (ba.Second - ba.First).abs().mean().to(torch.ScalarType.Float64).item<double>();
        }).ToArray();
        foreach (var t in before.Concat(after)) t.Dispose();
        return change;
    }

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
