using System.Globalization;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Tests.Reporting;

/// <summary>
/// Synthetic report entries shaped like the suite's three claims: curves from closed forms (no training), quantities
/// typed in. The Markdown snapshot depends only on the quantities and texts, never on curve arithmetic.
/// </summary>
internal static class ReportSamples
{
    private static readonly ToleranceRecord BitIdentical = new() { Absolute = 1e-12, Relative = 1e-9, Reason = "bit-identical CPU runs" };

    public static IReadOnlyList<ReportEntry> Entries() => [SaxeModes(), NtkLazy(), EdgeOfStability()];

    public static QuantityRecord Quantity(string name, double estimate, double low, double high, int count = 3) =>
        new() { Name = name, Estimate = estimate, CiLow = low, CiHigh = high, Count = count, Tolerance = BitIdentical };

    public static PredictionRecord Prediction(string quantity, string formula, double low, double high, string verdict, string reason) =>
        new() { Quantity = quantity, Formula = formula, Low = low, High = high, ToleranceReason = reason, Verdict = verdict, Explanation = $"{quantity} {verdict}" };

    public static RunRecord Record(string claim, IReadOnlyDictionary<string, string> parameters, IReadOnlyList<QuantityRecord> quantities,
        IReadOnlyList<CurveRecord> curves, IReadOnlyList<PredictionRecord> predictions, string verdict, double wallSeconds = 12.345, IReadOnlyList<long>? seeds = null) => new()
    {
        Schema = RunRecord.CurrentSchema,
        Claim = claim,
        Control = false,
        Parameters = parameters,
        Tier = "smoke",
        Device = "cpu",
        DType = "float64",
        Seeds = seeds ?? [1, 2, 3],
        Versions = new Dictionary<string, string> { ["torchsharp"] = "0.107.0", ["libtorch"] = "2.10.0", ["dotnet"] = "10.0.0" },
        Commit = "0123456789abcdef0123456789abcdef01234567",
        WallSeconds = wallSeconds,
        Quantities = quantities,
        Curves = curves,
        Predictions = predictions,
        Verdict = verdict,
        Explanation = string.Join("; ", predictions.Select(p => p.Explanation)),
    };

    public static CurveRecord Curve(string name, IEnumerable<double> x, Func<double, double> y)
    {
        var xs = x.ToList();
        return new CurveRecord { Name = name, X = xs, Y = xs.Select(y).ToList() };
    }

    public static ReportEntry SaxeModes()
    {
        const double lr = 0.02, u0 = 1e-3;
        double[] strengths = [3, 1];
        var steps = Enumerable.Range(0, 60).Select(i => i * 10.0).ToList();
        var curves = strengths.Select(s => Curve($"u/s for s={F(s)}", steps, t => 1 / (1 + (s / u0 - 1) * Math.Exp(-2 * s * lr * t)))).ToList();
        const string formula = "d/dt ln(u/(s−u)) = 2·lr·s";
        var record = Record("dln-saxe-modes",
            new Dictionary<string, string> { ["strengths"] = "3,1", ["lr"] = "0.02", ["init_scale"] = "0.001" },
            [
                Quantity("logit slope/(2·lr·s) for s=3", 1.0142, 1.0132, 1.0152),
                Quantity("logit slope/(2·lr·s) for s=1", 1.0048, 1.0042, 1.0053),
                Quantity("seeds with modes learned out of order", 0, 0, 0, count: 1),
            ],
            curves,
            [
                Prediction("logit slope/(2·lr·s) for s=3", formula, 0.95, 1.05, "Holds", "±5%: GD discretization O(lr·s) and the fit window"),
                Prediction("logit slope/(2·lr·s) for s=1", formula, 0.95, 1.05, "Holds", "±5%: GD discretization O(lr·s) and the fit window"),
                Prediction("seeds with modes learned out of order", "modes cross s/2 in order of decreasing s", 0, 0, "Holds", "exact: an ordering"),
            ],
            "Holds", wallSeconds: 2.372);
        return new ReportEntry("dln-saxe-modes", "Modes of a deep linear net are learned as logistic curves with slope 2·lr·s", "SolvableSettings",
            "From small init, each input-output mode of a two-layer linear net follows a logistic curve whose logit ln(u/(s−u)) grows with slope 2·lr·s per step, strongest mode first.",
            ["Saxe, McClelland & Ganguli (2014), \"Exact solutions to the nonlinear dynamics of learning in deep linear neural networks\", ICLR 2014, Eq. 6–8"],
            "init_scale = 0.5: a large init is far from the decoupled small-init regime, so the logit slope is not 2·lr·s",
            "the logit grows at lr·s (a missing factor 2), i.e. slope/(2·lr·s) = 0.5",
            ResolvingPower.RelativeShift(0.10, "tells a logit slope of 2·lr·s from 2.2·lr·s and 1.8·lr·s"),
            record,
            new FigureSpec("GD step", "mode strength u/s") { Guides = [new PredictedLevel(1, "u = s (mode learned)")] });
    }

    public static ReportEntry NtkLazy()
    {
        double[] widths = [512, 1024, 2048, 4096, 8192];
        var record = Record("ntk-lazy-linearization",
            new Dictionary<string, string> { ["widths"] = "512,1024,2048,4096,8192", ["parameterization"] = "ntk" },
            [
                Quantity("exponent of relative NTK change vs width", -0.9981, -1.0857, -0.9106, count: 5),
                Quantity("relative NTK change at n=512", 0.0078, 0.0051, 0.0106, count: 5),
                Quantity("relative NTK change at n=8192", 5.227e-4, 3.332e-4, 7.122e-4, count: 5),
            ],
            [Curve("relative NTK change (seed mean)", widths, n => 4 / n)],
            [Prediction("exponent of relative NTK change vs width", "‖ΔΘ‖/‖Θ‖ ∝ n^−1", -1.15, -0.85, "Holds", "±0.15: next-order 1/n² terms bias a finite-range fit toward 0, plus seed CI")],
            "Holds", wallSeconds: 29.245, seeds: [1, 2, 3, 4, 5]);
        return new ReportEntry("ntk-lazy-linearization", "The NTK's relative change over training falls as 1/width", "TractableLimits",
            "Under NTK parameterization the relative change of the empirical NTK during training scales as width^−1 (not width^−1/2, which is only an upper bound).",
            [
                "Jacot, Gabriel & Hongler (2018), \"Neural tangent kernel: convergence and generalization in neural networks\", NeurIPS 2018, Thm 2",
                "Lee et al. (2019), \"Wide neural networks of any depth evolve as linear models under gradient descent\", NeurIPS 2019, Thm 2.1",
            ],
            "muP (mean-field) scaling: features move by O(1) at every width, so the kernel change does not shrink (slope ≈ 0)",
            "the kernel change scales as width^−1/2 (Lee et al. 2019's upper bound taken for the rate)",
            ResolvingPower.AbsoluteShift(0.3, "tells an n^−1 rate from n^−0.7 and n^−1.3"),
            record,
            new FigureSpec("hidden width n", "relative NTK change ‖ΔΘ‖/‖Θ₀‖")
            {
                LogLog = true,
                Guides = [new PredictedPowerLaw(-1, "predicted ∝ n^−1"), new PredictedPowerLaw(-0.5, "rival ∝ n^−1/2", Rival: true)],
            });
    }

    public static ReportEntry EdgeOfStability()
    {
        double[] lrs = [0.15, 0.25];
        var steps = Enumerable.Range(0, 51).Select(i => i * 20.0).ToList();
        var curves = lrs.SelectMany(lr => new[] { 1, 2 }.Select(seed =>
            Curve($"sharpness lr={F(lr)} seed={seed}", steps, t => Math.Min(3 + 0.05 * t, 2 / lr * (1 + 0.03 * Math.Sin(t / 40 + seed)))))).ToList();
        const string formula = "λ_max = 2/lr, so λ_max·lr/2 = 1";
        const string reason = "±10%: oscillation around 2/lr at the edge (Cohen et al. 2021, Fig. 1)";
        var record = Record("edge-of-stability",
            new Dictionary<string, string> { ["lr"] = "0.15,0.25", ["width"] = "128", ["steps"] = "1000" },
            [Quantity("sharpness·lr/2 at lr=0.15", 1.0186, 1.003, 1.0342), Quantity("sharpness·lr/2 at lr=0.25", 1.0094, 0.8839, 1.135)],
            curves,
            [
                Prediction("sharpness·lr/2 at lr=0.15", formula, 0.9, 1.1, "Holds", reason),
                Prediction("sharpness·lr/2 at lr=0.25", formula, 0.9, 1.1, "Inconclusive", reason),
            ],
            "Inconclusive", wallSeconds: 26.749);
        return new ReportEntry("edge-of-stability", "Sharpness rises to 2/lr and hovers there under full-batch GD", "MacroscopicLaws",
            "Under full-batch gradient descent the top Hessian eigenvalue rises to 2/lr and then hovers at it: late-training sharpness·lr/2 ≈ 1.",
            ["Cohen, Kaur, Li, Kolter & Talwalkar (2021), \"Gradient descent on neural networks typically occurs at the edge of stability\", ICLR 2021, Fig. 1 and §3 (λ_max → 2/η)"],
            "lr = 0.02: 2/lr = 100 lies far above where progressive sharpening stops on this problem, so sharpness·lr/2 stays well below 1",
            "sharpness settles at 3/lr instead of 2/lr (sharpness·lr/2 = 1.5)",
            ResolvingPower.RelativeShift(0.20, "tells a sharpness plateau at 2/lr from 2.4/lr and 1.6/lr"),
            record,
            EdgeOfStabilityFigure(lrs));
    }

    public static FigureSpec EdgeOfStabilityFigure(IReadOnlyList<double> lrs) => new("GD step", "sharpness λ_max (top Hessian eigenvalue)")
    {
        Curves = lrs.Select(lr => $"sharpness lr={F(lr)}").ToList(),
        Guides = lrs.Select(lr => (FigureGuide)new PredictedBand(0.9 * 2 / lr, 1.1 * 2 / lr, $"2/lr ±10%, lr={F(lr)}", CurvePrefix: $"sharpness lr={F(lr)}")).ToList(),
    };

    public static string F(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
