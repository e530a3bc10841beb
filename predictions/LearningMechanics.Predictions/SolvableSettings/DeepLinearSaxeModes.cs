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
/// Saxe, McClelland &amp; Ganguli (2014), Eq. 6–8: for a two-layer linear net with whitened inputs, small balanced init
/// and input-output correlation Σ_yx = U S Vᵀ, each mode strength u_a = U_aᵀ W2 W1 V_a follows the logistic equation
/// du/dt = 2 u (s_a − u) in units of lr·steps, i.e. u(t) = s e^{2sηt}/(e^{2sηt} − 1 + s/u0). So ln(u/(s − u)) grows
/// linearly with slope exactly 2·lr·s_a per step, and stronger modes are learned first (time ≈ ln(s/u0)/(2·lr·s)).
/// GD adds an O(lr·s) discretization error (1.6% at lr·s = 0.06 in a reference run), hence the ±5% band.
/// Control: a large init (entries of scale 0.5) starts far from the small-init manifold, so the modes are not decoupled
/// logistic curves and the slope ratio departs from 1.
/// </summary>
public sealed class DeepLinearSaxeModes : Claim
{
    public override string Id => "dln-saxe-modes";

    public override string Title => "Modes of a deep linear net are learned as logistic curves with slope 2·lr·s";

    public override Strand Strand => Strand.SolvableSettings;

    public override string Statement =>
        "From small init, each input-output mode of a two-layer linear net follows a logistic curve whose logit ln(u/(s−u)) grows with slope 2·lr·s per step, strongest mode first.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Saxe, McClelland & Ganguli", 2014, "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks", "ICLR 2014, Eq. 6–8 (logistic mode dynamics, timescale 1/(2s))"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Reals("strengths", [3, 2, 1, 0.5], [3, 2, 1, 0.5, 0.25], "singular values s_a of the input-output correlation", min: 0, exclusive: true),
        ParameterSpec.Real("lr", 0.02, 0.01, "GD step size", min: 0, exclusive: true),
        ParameterSpec.Real("init_scale", 1e-3, 1e-3, "standard deviation of every initial weight entry", min: 0, exclusive: true),
        ParameterSpec.Integer("width", 16, 64, "hidden units"),
        ParameterSpec.Integer("inputs", 8, 16, "input dimension (= output dimension)"),
        ParameterSpec.Integer("samples", 32, 64, "whitened training inputs (XᵀX/m = I exactly)"),
        ParameterSpec.Integer("steps", 1500, 3000, "GD steps"),
    ];

    public override NegativeControl Control => NegativeControl.Of(
        "init_scale = 0.5: a large init is far from the decoupled small-init regime, so the logit slope is not 2·lr·s",
        ("init_scale", "0.5"));

    public override string RivalDescription => "the logit grows at lr·s (a missing factor 2), i.e. slope/(2·lr·s) = 0.5";

    // ±5% at the smoke lr 0.02: GD's O(lr·s) discretization (measured +1.4% at lr·s = 0.06, claims.md 1.6%) plus the fit
    // over a finite window. The discretization term is linear in lr, so the band shrinks with lr (the full tier's
    // lr 0.01 gives ±2.5%).
    private const double ToleranceAtSmokeLr = 0.05, SmokeLr = 0.02;

    private static double Tolerance(ClaimParameters p) => ToleranceAtSmokeLr * (p.Real("lr") / SmokeLr);

    // Seed CIs are ±0.1% around 1.003–1.015 and the band is ±5%: a 10% shift moves the band wholly past them.
    public override ResolvingPower ResolvingPower => ResolvingPower.RelativeShift(0.10, "tells a logit slope of 2·lr·s from 2.2·lr·s and 1.8·lr·s");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
    [
        .. p.Reals("strengths").Select(s => Prediction.Around(SlopeQuantity(s), "d/dt ln(u/(s−u)) = 2·lr·s", 1.0, Tolerance(p),
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"±{100 * Tolerance(p):0.##}%: GD discretization O(lr·s) and the fit window"))),
        Prediction.Within(OrderQuantity, "modes cross s/2 in order of decreasing s", 0, 0, "exact: an ordering"),
    ];

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
        p.Reals("strengths").Select(s => Prediction.Around(SlopeQuantity(s), "d/dt ln(u/(s−u)) = lr·s", 0.5, Tolerance(p), "same band as the claim")).ToList();

    public override FigureSpec Figure(ClaimParameters p) => new("GD step", "mode strength u/s")
    {
        Guides = [new PredictedLevel(1, "u = s (mode learned)")],
    };

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var strengths = p.Reals("strengths");
        double lr = p.Real("lr");
        var ratios = strengths.Select(_ => new List<double>()).ToList();
        int outOfOrder = 0, done = 0;
        var measurement = new Measurement();
        foreach (long seed in context.Seeds)
        {
            context.Report($"seed={seed}", done++, context.Seeds.Count);
            var trajectory = ModeTrajectories(p, seed, context.Device);
            var halfTimes = new List<double>();
            for (int a = 0; a < strengths.Count; a++)
            {
                double s = strengths[a];
                var u = trajectory.Select(t => t[a]).ToList();
                ratios[a].Add(LogitSlope(u, s) / (2 * lr * s));
                int half = u.FindIndex(x => x >= s / 2);
                halfTimes.Add(half < 0 ? double.PositiveInfinity : half);
                if (seed == context.Seeds[0])
                    measurement.AddCurve(new Curve($"u/s for s={Format(s)}", Enumerable.Range(0, u.Count).Select(t => (double)t).ToList(), u.Select(x => x / s).ToList()));
            }
            if (!IsNonDecreasing(halfTimes)) outOfOrder++;
        }
        context.Report("done", done, context.Seeds.Count);
        for (int a = 0; a < strengths.Count; a++) measurement.Add(SlopeQuantity(strengths[a]), SeedStatistics.Mean(ratios[a]));
        measurement.Add(OrderQuantity, Estimate.Exact(outOfOrder));
        return measurement;
    }

    /// <summary>Mode strengths u_a(t) at every step (index = step).</summary>
    private List<double[]> ModeTrajectories(ClaimParameters p, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        int d = p.Integer("inputs");
        using var modes = new WhitenedModes(p.Integer("samples"), d, d, p.Reals("strengths"), generator, device, Precision);
        using var net = new DeepLinearNet([d, p.Integer("width"), d], p.Real("init_scale"), generator, device, Precision);
        var trajectory = new List<double[]>();
        var gd = new GradientDescent(p.Real("lr"), p.Integer("steps"), probeEvery: 1);
        var run = gd.Train(net, modes.Data, (_, _) =>
        {
            using var product = net.Product();
            trajectory.Add(modes.ModeStrengths(product));
        });
        if (run.Diverged) trajectory.Add(Enumerable.Repeat(double.NaN, p.Reals("strengths").Count).ToArray());
        return trajectory;
    }

    /// <summary>Slope per step of ln(u/(s−u)) over the steps where u lies in [0.2s, 0.8s]; NaN when fewer than 3 do.</summary>
    private static double LogitSlope(IReadOnlyList<double> u, double s)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int t = 0; t < u.Count; t++)
        {
            if (!(u[t] >= 0.2 * s && u[t] <= 0.8 * s)) continue;
            x.Add(t);
            y.Add(Math.Log(u[t] / (s - u[t])));
        }
        return x.Count >= 3 ? LineFit.Fit(x, y).Slope : double.NaN;
    }

    private static bool IsNonDecreasing(IReadOnlyList<double> values) =>
        values.Zip(values.Skip(1)).All(pair => pair.First <= pair.Second);

    private static string SlopeQuantity(double s) => $"logit slope/(2·lr·s) for s={Format(s)}";

    private const string OrderQuantity = "seeds with modes learned out of order";

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
