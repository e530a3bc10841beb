using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;
using TorchSharp;

namespace LearningMechanics.Predictions.MacroscopicLaws;

/// <summary>
/// Neural scaling laws from a power-law spectrum. Convention: input features with population covariance eigenvalues
/// λ_k = k^−α and a target whose power per eigenmode is λ_k·w*_k² = k^−β (Bordelon, Atanasov &amp; Pehlevan 2024 write
/// b for our α and a for our β); the loss is the population ½-MSE. With the other two resources unlimited:
/// <list type="bullet">
/// <item>time: GD learns mode k once lr·t·λ_k ≳ 1, so L(t) ≈ ½Σ_{k &gt; (lr·t)^{1/α}} k^−β ∝ t^−(β−1)/α (Bordelon et al.
/// 2024, §3: L ~ t^−(a−1)/b);</item>
/// <item>data: the ridgeless (minimum-norm) interpolant of n samples has L(n) ∝ n^−min(β−1, 2α). Derived from the
/// eigenlearning formula (Simon et al. 2023): κ ∝ n^−α solves Σλ_k/(λ_k+κ) = n and L = E0·Σ(κ/(λ_k+κ))²k^−β ≈
/// Σ_{k&gt;n}k^−β + κ²Σ_{k&lt;n}k^{2α−β}; the second sum converges once β &gt; 2α+1, so the exponent saturates at 2α
/// (the same saturation as Cui et al. 2021);</item>
/// <item>model size: N random features (a Gaussian projection F of the D inputs, read out by the population-optimal
/// least squares) give L(N) ∝ N^−(β−1) for β &lt; α+1. A direct bound (match the top K ≤ N modes with the minimum-norm
/// readout; the tail then costs ‖w*_{≤K}‖²·Σ_{k&gt;K}λ_k/N) gives N^−min(β−1, α) up to logs, and Σ_{k≤K}k^{α−β} grows
/// like ln K exactly at β = α+1, so the law is only predicted below that edge.</item>
/// </list>
/// Setup: D = 1000 features and 8000 samples for the time law (full-batch GD on the ½-MSE, whose gradient is
/// Σ̂(w − w*); the modes learned by step 1000, k ≤ (lr·t)^{1/α} ≈ 63, stay far below D and n). D = 4000 for the
/// size and data sweeps, where the population-optimal readout (size) and the minimum-norm interpolant (data) are
/// what GD from zero converges to; they are computed in closed form (one QR, one Gram matrix per draw, nested sizes)
/// rather than by running GD to convergence. Each draw (projection or data set) gives one fitted exponent, and all
/// seeds × draws are independent replicates of the t-interval.
/// "A power law" is tested as a constant local exponent: the time exponent fitted over the late half of the window
/// (log scale) minus the one over the early half is predicted to be 0.
/// Changed (seed robustness): the time law is the unlimited-data law, but GD runs on the sample covariance Σ̂, whose
/// eigenvalues scatter by O(√(2/m)) around λ_k; the few modes learned in the early window (k ≈ 3–14 for t = 10–100)
/// carry that scatter into the local exponent. With m = 2000 the drift's per-seed SD was ≈ 0.064 and 3 seeds gave
/// 0.014 [−0.145, 0.173] at seed offset 400 (Inconclusive; t₂ = 4.3 makes a 3-seed CI wide). At offset 400, m = 8000
/// gave 0.029 [−0.002, 0.061] (per-seed SD ≈ 0.013, 5× smaller) and the time exponents moved toward the theory
/// (0.684 vs 0.674 at β = 2, 1.000 vs 0.988 at β = 2.5); 6 seeds at m = 2000 gave 0.016 [−0.027, 0.059] at twice the
/// cost of the time run, so the smoke tier uses m = 8000 (one 8000×1000 Gram product per seed).
/// Control: a flat spectrum (α = 0). Every mode is learned at the same rate, the loss falls exponentially and its
/// local exponent grows with t (≈ 2·lr·λ·t) instead of staying constant, so the drift is large and positive, not 0.
/// The control runs at lr = 0.05: with m = 8000 the sample-covariance eigenvalues of a flat spectrum lie in
/// [(1 − √(D/m))², (1 + √(D/m))²] ≈ [0.42, 1.83], and at lr = 0.5 the loss hit the float64 round-off floor of ‖w − w*‖²
/// (≈ 1e−32) by step ≈ 150, which made the late exponent 0 (drift ≈ −14: falsified, but by an artefact); at lr = 0.05
/// the loss at step 1000 is ≈ e^{−2·0.05·0.42·1000} ≈ 1e−18, still exponential. (The time
/// exponents (β−1)/α are undefined at α = 0 and not predicted there; the size and data exponents min(β−1, 2α) → 0 are,
/// and hold: a flat spectrum gives no scaling.)
/// Measured but not asserted at the smoke tier (3 seeds): the size exponent at β = 2 was 0.92–0.97 over seed offsets
/// 0–100 (N = 16–256; predicted 1): the approach to the asymptote is slow (corrections of relative order
/// N^−(α+1−β) = N^−1/2), so the smoke tier predicts the size law at β = 1.5 (measured 0.52–0.55 vs 0.5) and β = 2 runs
/// in the full tier (N up to 1024); at β = 2.5 = α+1 it was 1.19–1.30 (N = 8–512), below β−1 = 1.5, as the logarithm
/// above predicts. The 2α branch (β = 5: data exponent predicted 3, rival β−1 = 4) measured 3.00 [2.84, 3.16]
/// (12 draws, n = 16–512): consistent with 3 and far from 4, but the per-draw scatter (SD ≈ 0.25, the loss dominated
/// by the top few modes) needs about 50 draws to fit the ±0.1 band, so β = 5 also runs in the full tier.
/// </summary>
public sealed class PowerLawSpectrumScaling : Claim
{
    public override string Id => "powerlaw-spectrum-scaling";

    public override string Title => "A power-law spectrum gives power-law loss curves in time, model size and data";

    public override Strand Strand => Strand.MacroscopicLaws;

    public override string Statement =>
        "With spectrum λ_k = k^−α and target power k^−β, the loss falls as t^−(β−1)/α in training time, N^−min(β−1, 2α) in random features and n^−min(β−1, 2α) in samples (ridgeless).";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Bordelon, Atanasov & Pehlevan", 2024, "A dynamical model of neural scaling laws", "ICML 2024, §3 (L ∝ t^−(a−1)/b, N^−(a−1) with λ_k ∝ k^−b, target power k^−a)"),
        new("Maloney, Roberts & Sully", 2022, "A solvable model of neural scaling laws", "arXiv:2210.16859, §3–4 (random-feature size and data laws from a power-law spectrum)"),
        new("Bahri, Dyer, Kaplan, Lee & Sharma", 2024, "Explaining neural scaling laws", "PNAS 121, resolution-limited exponents set by the spectrum"),
        new("Simon, Dickens, Karkada & DeWeese", 2023, "The eigenlearning framework", "TMLR 2023, Eq. 1–4 (κ, learnabilities, E0): used to derive the min(β−1, 2α) data exponent"),
        new("Cui, Loureiro, Krzakala & Zdeborová", 2021, "Generalization error rates in kernel regression: the crossover from the noiseless to noisy regime", "NeurIPS 2021 (noiseless exponent saturates at 2α)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Real("alpha", 1.5, 1.5, "spectral exponent α: λ_k = k^−α (0 = flat spectrum)", min: 0),
        ParameterSpec.Reals("betas", [2, 2.5], [2, 2.5], "target exponents β (λ_k·w*_k² = k^−β) for the time law", min: 1, exclusive: true),
        ParameterSpec.Reals("size_betas", [1.5], [1.5, 2], "target exponents β for the model-size law (predicted for β < α+1)", min: 1, exclusive: true),
        ParameterSpec.Reals("data_betas", [2], [2, 5], "target exponents β for the data law (β = 5 > 2α+1 tests the 2α branch; full tier only, see the remarks)", min: 1, exclusive: true),
        ParameterSpec.Integer("features", 1000, 4000, "input dimension D of the time-law run"),
        ParameterSpec.Integer("samples", 8000, 32000, "training samples of the time-law run (full-batch GD; m = 8D keeps the sample covariance's scatter, absent from the unlimited-data law, small)"),
        ParameterSpec.Real("lr", 0.5, 0.5, "GD step size of the time-law run", min: 0, exclusive: true),
        ParameterSpec.Integer("fit_from", 10, 10, "first GD step of the time fit window"),
        ParameterSpec.Integer("steps", 1000, 10000, "GD steps (last step of the time fit window)"),
        ParameterSpec.Integer("latent", 4000, 16000, "input dimension D of the model-size and data sweeps"),
        ParameterSpec.Reals("widths", [16, 32, 64, 128, 256], [16, 32, 64, 128, 256, 512, 1024], "random-feature counts N of the model-size fit", min: 1),
        ParameterSpec.Reals("sample_sizes", [16, 32, 64, 128, 256], [16, 32, 64, 128, 256, 512, 1024], "sample counts n of the data fit", min: 1),
        ParameterSpec.Integer("draws", 16, 32, "independent projections (model size) and data sets (data) per seed; each gives one exponent"),
    ];

    public override NegativeControl Control => NegativeControl.Of(
        "alpha = 0 (flat spectrum): every mode is learned at the same rate, the loss falls exponentially, and the local time exponent drifts instead of staying constant (lr = 0.05 keeps the exponential above float64 round-off through step 1000)",
        ("alpha", "0"), ("lr", "0.05"));

    public override string RivalDescription =>
        "the exponents follow the target alone: L ∝ t^−(β−1), N^−(β−1), n^−(β−1) (no 1/α in time, no 2α saturation)";

    // ±0.1 (claims.md): a fit over 1.5–2 decades carries the pre-asymptotic corrections of the discrete mode sum
    // (k ≈ 1 terms) and the finite-D truncation (missing tail Σ_{k>D} k^−β), each a few hundredths here, plus the seed CI.
    // Draws: one draw's data exponent scatters by ≈ 0.12 (SD), so with 3 seeds × 8 draws the 24-sample t-interval was
    // ±0.05 and the mean's SD over audited offsets 0.025: the ±0.1 band then held only means within 2 SD of the
    // prediction, and at 1 of 20 offsets 1.064 [1.012, 1.117] straddled it. 16 draws per seed (48 samples) cut both by
    // √2, so a run fails only beyond ≈ 3.5 SD; the band is not widened.
    private const double Tolerance = 0.1;

    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.25, "tells each exponent from one 0.25 larger or smaller");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p)
    {
        double alpha = p.Real("alpha");
        var list = new List<Prediction>();
        foreach (double beta in p.Reals("betas"))
        {
            if (alpha > 0)
                list.Add(Prediction.Within(TimeQuantity(beta), "L ∝ t^−(β−1)/α", (beta - 1) / alpha, Tolerance, "±0.1: pre-asymptotic and finite-D corrections over the fit window, plus seed CI"));
        }
        foreach (double beta in p.Reals("size_betas").Where(b => b < alpha + 1))
            list.Add(Prediction.Within(SizeQuantity(beta), "L ∝ N^−(β−1)", beta - 1, Tolerance, "±0.1: pre-asymptotic and finite-D corrections, random-projection fluctuations, plus seed CI"));
        list.Add(Prediction.Within(DriftQuantity(p.Reals("betas")[0]), "a power law has a constant local exponent", 0, Tolerance, "±0.1: the local exponent's pre-asymptotic drift over the window, plus seed CI"));
        foreach (double beta in p.Reals("data_betas"))
            list.Add(Prediction.Within(DataQuantity(beta), "L ∝ n^−min(β−1, 2α)", Math.Min(beta - 1, 2 * alpha), Tolerance, "±0.1: finite-n corrections to κ ∝ n^−α and draw-to-draw scatter, plus seed CI"));
        return list;
    }

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p)
    {
        var list = new List<Prediction>();
        foreach (double beta in p.Reals("betas"))
        {
            list.Add(Prediction.Within(TimeQuantity(beta), "L ∝ t^−(β−1)", beta - 1, Tolerance, "same band as the claim"));
        }
        foreach (double beta in p.Reals("data_betas"))
            list.Add(Prediction.Within(DataQuantity(beta), "L ∝ n^−(β−1)", beta - 1, Tolerance, "same band as the claim"));
        foreach (double beta in p.Reals("size_betas").Where(b => b < p.Real("alpha") + 1))
            list.Add(Prediction.Within(SizeQuantity(beta), "L ∝ N^−(β−1)/α", (beta - 1) / p.Real("alpha"), Tolerance, "same band as the claim"));
        return list;
    }

    public override FigureSpec Figure(ClaimParameters p)
    {
        double alpha = p.Real("alpha");
        double beta = p.Reals("betas")[0];
        return new FigureSpec("GD step t", "population loss L(t)")
        {
            LogLog = true,
            Curves = p.Reals("betas").Select(b => $"L(t) beta={Format(b)}").ToList(),
            Guides = alpha > 0
                ? [new PredictedPowerLaw(-(beta - 1) / alpha, $"predicted ∝ t^−(β−1)/α, β={Format(beta)}"), new PredictedPowerLaw(-(beta - 1), "rival ∝ t^−(β−1)", Rival: true)]
                : [],
        };
    }

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var betas = p.Reals("betas");
        var dataBetas = p.Reals("data_betas");
        var widths = p.Reals("widths").Select(w => (int)w).ToList();
        var sampleSizes = p.Reals("sample_sizes").Select(n => (int)n).ToList();
        if (widths.Distinct().Count() < 3 || sampleSizes.Distinct().Count() < 3) throw new ArgumentException("The size and data fits need at least three distinct sizes.");
        if (p.Integer("fit_from") * 4 > p.Integer("steps")) throw new ArgumentException("The time window [fit_from, steps] must span at least a factor 4.");
        var time = betas.ToDictionary(b => b, _ => new List<double>());
        var drift = new List<double>();
        var sizeBetas = p.Reals("size_betas");
        var size = sizeBetas.ToDictionary(b => b, _ => new List<double>());
        var data = dataBetas.ToDictionary(b => b, _ => new List<double>());
        var measurement = new Measurement();
        int done = 0;
        foreach (long seed in context.Seeds)
        {
            context.Report($"seed={seed} time", done++, context.Seeds.Count);
            var generator = context.Device.Seed(seed);
            var curves = LossCurves(p, generator, context.Device);
            for (int b = 0; b < betas.Count; b++)
            {
                var (steps, losses) = curves[b];
                time[betas[b]].Add(Exponent(steps, losses, p.Integer("fit_from"), p.Integer("steps")));
                if (b == 0)
                {
                    double middle = Math.Sqrt((double)p.Integer("fit_from") * p.Integer("steps"));
                    drift.Add(Exponent(steps, losses, middle, p.Integer("steps")) - Exponent(steps, losses, p.Integer("fit_from"), middle));
                }
                if (seed == context.Seeds[0])
                    measurement.AddCurve(new Curve($"L(t) beta={Format(betas[b])}", steps, losses));
            }
            var sizeLosses = RandomFeatureLosses(p, sizeBetas, widths, generator, context.Device);
            for (int b = 0; b < sizeBetas.Count; b++)
            {
                foreach (var draw in sizeLosses[b]) size[sizeBetas[b]].Add(SweepExponent(widths, draw));
                if (seed == context.Seeds[0]) measurement.AddCurve(new Curve($"L(N) beta={Format(sizeBetas[b])}", widths.Select(n => (double)n).ToList(), CurveAverage.Geometric(sizeLosses[b])));
            }
            var dataLosses = RidgelessLosses(p, dataBetas, sampleSizes, generator, context.Device);
            for (int b = 0; b < dataBetas.Count; b++)
            {
                foreach (var draw in dataLosses[b]) data[dataBetas[b]].Add(SweepExponent(sampleSizes, draw));
                if (seed == context.Seeds[0]) measurement.AddCurve(new Curve($"L(n) beta={Format(dataBetas[b])}", sampleSizes.Select(n => (double)n).ToList(), CurveAverage.Geometric(dataLosses[b])));
            }
        }
        context.Report("done", done, context.Seeds.Count);
        foreach (double beta in betas) measurement.Add(TimeQuantity(beta), SeedStatistics.Mean(time[beta]));
        foreach (double beta in sizeBetas) measurement.Add(SizeQuantity(beta), SeedStatistics.Mean(size[beta]));
        measurement.Add(DriftQuantity(betas[0]), SeedStatistics.Mean(drift));
        foreach (double beta in dataBetas) measurement.Add(DataQuantity(beta), SeedStatistics.Mean(data[beta]));
        return measurement;
    }

    /// <summary>
    /// Full-batch GD from w = 0 on the ½-MSE of noiseless data y = Xw*: its gradient is Σ̂(w − w*) with Σ̂ = XᵀX/m, so
    /// Σ̂ is formed once and every β reuses it. Returns the population loss at log-spaced steps, per β.
    /// </summary>
    private List<(List<double> Steps, List<double> Losses)> LossCurves(ClaimParameters p, torch.Generator generator, ComputeDevice device)
    {
        var betas = p.Reals("betas");
        int d = p.Integer("features"), m = p.Integer("samples"), steps = p.Integer("steps");
        double lr = p.Real("lr");
        var probes = LogSpacedSteps(steps);
        var tasks = betas.Select(b => new PowerLawTask(d, p.Real("alpha"), b, device, Precision)).ToList();
        using var x = tasks[0].Inputs(m, generator);
        using var covariance = torch.matmul(x.t(), x).div_(m);
        var result = new List<(List<double>, List<double>)>();
        foreach (var task in tasks)
        {
            var losses = new List<double>();
            using var w = torch.zeros(d, dtype: Precision.ToScalarType(), device: device.Device);
            int next = 0;
            for (int t = 0; t <= steps; t++)
            {
                if (next < probes.Count && probes[next] == t)
                {
                    losses.Add(task.PopulationLoss(w));
                    next++;
                }
                if (t == steps) break;
                using var scope = torch.NewDisposeScope();
                var gradient = torch.mv(covariance, w - task.Target);
                w.add_(gradient, -lr);
            }
            result.Add((probes.Select(s => (double)s).ToList(), losses));
            task.Dispose();
        }
        return result;
    }

    /// <summary>
    /// N random features φ = F x (F with N(0, 1) entries) read out by the population-optimal a: the loss is ½‖(I − P_N)v‖²
    /// with v = Λ^½ w* and P_N the projection onto the span of the first N columns of Λ^½ Fᵀ, which is where GD on the
    /// readout converges with unlimited data and time. One QR of the widest projection gives every nested N (the first N
    /// columns of Q span the first N columns), so the sizes share their features and the curve is smooth; averaged over
    /// <c>draws</c> projections; every β shares them. Returns the losses per β, per width.
    /// </summary>
    private List<List<List<double>>> RandomFeatureLosses(ClaimParameters p, IReadOnlyList<double> betas, IReadOnlyList<int> widths, torch.Generator generator, ComputeDevice device)
    {
        var tasks = betas.Select(b => new PowerLawTask(p.Integer("latent"), p.Real("alpha"), b, device, Precision)).ToList();
        int draws = p.Integer("draws"), widest = widths.Max();
        if (widest >= tasks[0].Features) throw new ArgumentException($"The model-size sweep needs N < D; N = {widest}, D = {tasks[0].Features}.");
        var curves = betas.Select(_ => new List<List<double>>()).ToList();
        for (int i = 0; i < draws; i++)
        {
            using var scope = torch.NewDisposeScope();
            var f = torch.randn(widest, tasks[0].Features, dtype: Precision.ToScalarType(), generator: generator).to(device.Device);
            var root = tasks[0].Spectrum.sqrt();
            var (q, _) = torch.linalg.qr(f.t() * root.unsqueeze(1));
            for (int b = 0; b < tasks.Count; b++)
            {
                var v = root * tasks[b].Target;
                double total = v.dot(v).item<double>();
                var captured = torch.mv(q.t(), v).square().cumsum(0).to(torch.ScalarType.Float64).data<double>().ToArray();
                curves[b].Add(widths.Select(n => 0.5 * (total - captured[n - 1])).ToList());
            }
        }
        foreach (var task in tasks) task.Dispose();
        return curves;
    }

    /// <summary>
    /// The minimum-norm interpolant ŵ = Xᵀ(XXᵀ)^−1 y of the first n samples (where GD from zero converges when n &lt; D),
    /// for nested n from one draw of the largest set (one Gram matrix, a Cholesky solve per n), averaged over
    /// <c>draws</c> independent data sets; every β shares the inputs. Returns the losses per β, per sample count.
    /// </summary>
    private List<List<List<double>>> RidgelessLosses(ClaimParameters p, IReadOnlyList<double> betas, IReadOnlyList<int> sampleSizes, torch.Generator generator, ComputeDevice device)
    {
        var tasks = betas.Select(b => new PowerLawTask(p.Integer("latent"), p.Real("alpha"), b, device, Precision)).ToList();
        int draws = p.Integer("draws"), largest = sampleSizes.Max();
        if (largest >= tasks[0].Features) throw new ArgumentException($"The ridgeless sweep needs n < D; n = {largest}, D = {tasks[0].Features}.");
        var curves = betas.Select(_ => Enumerable.Range(0, draws).Select(_ => new List<double>()).ToList()).ToList();
        for (int i = 0; i < draws; i++)
        {
            using var scope = torch.NewDisposeScope();
            var x = tasks[0].Inputs(largest, generator);
            var gram = torch.matmul(x, x.t());
            for (int j = 0; j < sampleSizes.Count; j++)
            {
                int n = sampleSizes[j];
                var xn = x[..n];
                var factor = torch.linalg.cholesky(gram[..n, ..n]);
                for (int b = 0; b < tasks.Count; b++)
                {
                    var w = torch.matmul(xn.t(), torch.cholesky_solve(tasks[b].Labels(xn), factor));
                    curves[b][i].Add(tasks[b].PopulationLoss(w));
                }
            }
        }
        foreach (var task in tasks) task.Dispose();
        return curves;
    }

    /// <summary>−slope of ln L against ln t over steps in [from, to]; NaN when the loss is not positive and finite there.</summary>
    private static double Exponent(IReadOnlyList<double> steps, IReadOnlyList<double> losses, double from, double to)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int i = 0; i < steps.Count; i++)
        {
            if (steps[i] < from || steps[i] > to) continue;
            x.Add(steps[i]);
            y.Add(losses[i]);
        }
        if (x.Count < 3 || y.Any(v => !(v > 0) || !double.IsFinite(v))) return double.NaN;
        return -PowerLawFit.Fit(x, y).Slope;
    }

    private static double SweepExponent(IReadOnlyList<int> sizes, IReadOnlyList<double> losses) =>
        losses.All(v => v > 0 && double.IsFinite(v)) ? -PowerLawFit.Fit(sizes.Select(n => (double)n).ToList(), losses).Slope : double.NaN;

    /// <summary>Steps 0, 1, 2, … then about 16 per decade up to <paramref name="steps"/>, without repeats.</summary>
    private static List<int> LogSpacedSteps(int steps)
    {
        var set = new SortedSet<int> { 0, steps };
        for (double e = 0; e <= Math.Log10(steps); e += 1.0 / 16) set.Add((int)Math.Round(Math.Pow(10, e)));
        return set.Where(s => s <= steps).ToList();
    }

    private static string TimeQuantity(double beta) => $"time exponent at beta={Format(beta)}";

    private static string DriftQuantity(double beta) => $"late minus early local time exponent at beta={Format(beta)}";

    private static string SizeQuantity(double beta) => $"model-size exponent at beta={Format(beta)}";

    private static string DataQuantity(double beta) => $"data exponent at beta={Format(beta)}";

    private static string Format(double x) => x.ToString("0.###", CultureInfo.InvariantCulture);
}
