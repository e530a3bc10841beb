using System.Globalization;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Data;
using LearningMechanics.Harness.Models;
using LearningMechanics.Harness.Observables;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;
using LearningMechanics.Harness.Training;
using TorchSharp;

namespace LearningMechanics.Predictions.MacroscopicLaws;

/// <summary>
/// Conservation laws of gradient flow from symmetries (Kunin et al. 2021 "Neural mechanics", §4 and Table 1; Du, Hu &amp;
/// Lee 2018, Thm 2.1/2.2; Arora, Cohen &amp; Hazan 2018, Thm 1).
/// (a) Rescaling symmetry of consecutive linear layers: C_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ is constant along the flow. A GD
/// step changes it by exactly lr²(G_{l+1}ᵀG_{l+1} − G_lG_lᵀ) (<see cref="Balancedness"/>, derived and unit-tested), so at
/// a fixed time t = lr·steps the drift is ∝ lr (slope 1 on log-log), and it is at most lr²Σ_t(‖G_l‖² + ‖G_{l+1}‖²).
/// (b) A ReLU unit with a bias: ‖w_in‖² + b² − ‖w_out‖² (the bias is rescaled with the incoming weights) drifts ∝ lr.
/// (c) With L2 weight decay λ the same identity gives C(t+1) = (1 − lr·λ)²C(t) + lr²(…): the decay e^{−2λt} of gradient
/// flow (Kunin et al. 2021, Eq. for the damped laws) in continuous time t = lr·steps, i.e. −2 ln(1 − lr·λ) per GD step.
/// (d) Scale symmetry (W used only as W/‖W‖): ⟨∇_W L, W⟩ = 0 exactly, so under GD ‖W_{t+1}‖² = ‖W_t‖² + lr²‖∇_W L‖².
/// (e) Translation symmetry of softmax logits: Σ_k ∇_{b_k} L = 0 and Σ_k ∇_{W_k} L = 0, so Σ_k b_k and Σ_k W_k never move.
/// The identities (d), (e) and the one-step law in (a) are checked in float64 to 1e-10 (rounding is ≈1e-15).
/// The laws in (a)–(c) are expansions in lr·λ_max, so the run also measures its own regime: max lr·λ_max(θ₀) ≤ 1.
/// Control: full-batch Adam, whose per-coordinate normalisation breaks every symmetry-based law except the gradient
/// identities: its drift exceeds the GD bound hundreds of times and grows like √lr (claims.md reference runs: slope 0.5).
/// </summary>
public sealed class ConservationLaws : Claim
{
    public override string Id => "conservation-laws";

    public override string Title => "Symmetries give conservation laws: balancedness drift ∝ lr, decay at 2λ, exact scale and translation identities";

    public override Strand Strand => Strand.MacroscopicLaws;

    public override string Statement =>
        "Under GD the balancedness W_{l+1}ᵀW_{l+1} − W_lW_lᵀ (and ‖w_in‖² + b² − ‖w_out‖² per ReLU unit) drifts only ∝ lr, decays at rate 2λ under weight decay, and scale and translation symmetries give exact gradient identities.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Kunin, Sagastuy-Brena, Ganguli, Yamins & Tanaka", 2021, "Neural mechanics: symmetry and broken conservation laws in deep learning dynamics", "ICLR 2021, §3–4, Table 1 (translation, scale, rescale symmetries; damped laws under weight decay)"),
        new("Du, Hu & Lee", 2018, "Algorithmic regularization in learning deep homogeneous models: layers are automatically balanced", "NeurIPS 2018, Thm 2.1 (per-unit ReLU), Thm 2.2 (linear layers)"),
        new("Arora, Cohen & Hazan", 2018, "On the optimization of deep networks: implicit acceleration by overparameterization", "ICML 2018, Thm 1 (balancedness W_{l+1}ᵀW_{l+1} − W_lW_lᵀ)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Choice("optimizer", "gd", "gd", "full-batch optimizer: gd (the theory) or adam (the control)", "gd", "adam"),
        ParameterSpec.Reals("lr", [0.0025, 0.005, 0.01], [0.00125, 0.0025, 0.005, 0.01], "step sizes for the drift-versus-lr fit", min: 0, exclusive: true),
        ParameterSpec.Real("time", 1.0, 1.0, "continuous training time t = lr·steps at which drift is compared", min: 0, exclusive: true),
        ParameterSpec.Real("weight_decay", 0.5, 0.5, "L2 weight decay λ of the decay run (at the largest lr)", min: 0, exclusive: true),
        ParameterSpec.Integer("width", 16, 64, "hidden width of the linear net, the ReLU net and the scale-invariant layer"),
        ParameterSpec.Integer("inputs", 8, 16, "input dimension"),
        ParameterSpec.Integer("outputs", 4, 8, "output dimension (classes for the softmax model)"),
        ParameterSpec.Integer("samples", 64, 256, "Gaussian inputs with N(0,1) random targets"),
        // The full tier keeps std·√width fixed (0.3·√16 = 0.15·√64), so the net's scale and its sharpness λ_max(θ₀) stay
        // where the smoke tier has them. At std 0.3 and width 64, λ_max(θ₀) was 240–370 (3 seeds): lr = 0.01 was 3.7× past
        // GD's stability limit 2/λ, and the drift slope came out 1.65 [1.56, 1.73]; at std 0.15 it is 1.018 [1.016, 1.019].
        ParameterSpec.Real("init_scale", 0.3, 0.15, "std of the linear net's weights", min: 0, exclusive: true),
    ];

    public override int SeedCount(Tier tier) => tier == Tier.Full ? 10 : 5;

    public override NegativeControl Control => NegativeControl.Of(
        "full-batch Adam: per-coordinate normalisation breaks the rescaling, scale and translation symmetries' laws",
        ("optimizer", "adam"));

    public override string RivalDescription =>
        "the laws hold only to first order: drift grows like √lr (slope 0.5, as a random walk would), and weight decay damps C at λ, like the weights, not 2λ";

    // The identities are exact in exact arithmetic; float64 rounding over a few hundred steps leaves ≈1e-15 (relative).
    private const double IdentityBound = 1e-10;

    // The drift ∝ lr law is the leading term of an expansion in lr·λ_max: it needs the step well inside GD's stability
    // limit lr·λ_max < 2. Half the limit, because λ_max(θ₀) scatters from seed to seed: at the smoke setup lr_max·λ_max
    // over 2000 seeds had median 0.23, 99th percentile 0.43, maximum 0.60 (4 of 2000 above 0.5, which would have been
    // a false alarm in ≈ 1% of 5-seed runs); the full setup's maximum over 300 seeds was 0.25. The unscaled-init setup
    // that failed measured 3.67.
    private const double StepRegimeBound = 1.0;

    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.15,
        "tells a drift slope of 1 from 1.15 and 0.85, and a decay rate 2λ from 2.3λ and 1.7λ");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
    [
        Prediction.Within(DriftSlope, "‖ΔC‖ ∝ lr at fixed lr·steps (GD error is lr² per step)", 1.0, 0.10,
            "±0.1: O(lr) corrections to the lr² per-step term over a 4× lr range; the seed CI must fit inside"),
        Prediction.Within(UnitDriftSlope, "‖Δ(‖w_in‖² + b² − ‖w_out‖²)‖ ∝ lr at fixed lr·steps", 1.0, 0.10, "same as the linear net"),
        new(DriftBound, "‖ΔC‖ ≤ lr²Σ_t(‖G_l‖² + ‖G_{l+1}‖²) (triangle inequality on the exact GD step)", 0, 1, "an inequality: no tolerance"),
        Prediction.Within(StepLaw, "ΔC = Σ_t lr²(G_{l+1}ᵀG_{l+1} − G_lG_lᵀ) exactly", 0, IdentityBound, "float64 rounding ≈1e-15"),
        new(StepRegime, "the steps lie in the small-step regime the expansion needs: max lr·λ_max(θ₀) ≤ ½ of the stability limit 2", 0, StepRegimeBound,
            "a precondition, not a law: past it (lr·λ_max = 3.7 with an unscaled init at width 64) the slope came out 1.65"),
        Prediction.Within(DecayRate, "C decays by (1 − lr·λ)² per step = e^{−2λt} in t = lr·steps", 1.0, 0.02,
            "±2%: the lr²(G-form) term of (c) perturbs the fitted rate (claims.md: reference 1.0001)"),
        Prediction.Within(ScaleIdentity, "⟨∇_W L, W⟩ = 0 for W used as W/‖W‖", 0, IdentityBound, "float64 rounding"),
        Prediction.Within(NormLaw, "‖W_{t+1}‖² = ‖W_t‖² + lr²‖∇_W L‖² under GD", 0, IdentityBound, "float64 rounding"),
        Prediction.Within(TranslationIdentity, "Σ_k ∇_{b_k} L = 0 and Σ_k ∇_{W_k} L = 0 for softmax logits", 0, IdentityBound, "float64 rounding"),
        Prediction.Within(TranslationLaw, "Σ_k b_k and Σ_k W_k are constant under GD", 0, IdentityBound, "float64 rounding"),
    ];

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p)
    {
        var predictions = Predict(p).ToList();
        predictions[Index(DriftSlope)] = Prediction.Within(DriftSlope, "‖ΔC‖ ∝ √lr", 0.5, 0.10, "same band as the claim");
        predictions[Index(UnitDriftSlope)] = Prediction.Within(UnitDriftSlope, "‖Δq‖ ∝ √lr", 0.5, 0.10, "same band as the claim");
        predictions[Index(DecayRate)] = Prediction.Within(DecayRate, "C decays at λ, like the weights", 0.5, 0.02, "same band as the claim");
        return predictions;

        int Index(string quantity) => predictions.FindIndex(x => x.Quantity == quantity);
    }

    public override FigureSpec Figure(ClaimParameters p) => new("lr", "balancedness drift ‖C(t) − C(0)‖ at t = lr·steps")
    {
        LogLog = true,
        Curves = ["drift"],
        Guides = [new PredictedPowerLaw(1.0, "drift ∝ lr"), new PredictedPowerLaw(0.5, "rival: drift ∝ √lr", Rival: true)],
    };

    private const string DriftSlope = "linear-net drift slope d ln‖ΔC‖/d ln lr";
    private const string UnitDriftSlope = "ReLU+bias unit drift slope d ln‖Δq‖/d ln lr";
    private const string DriftBound = "drift / lr²Σ‖G‖² (max over lr, seeds)";
    private const string StepLaw = "relative residual of ΔC = Σ lr²(G-form) (max)";
    private const string StepRegime = "largest step × initial sharpness, max lr·λ_max(θ₀) of the linear net";
    private const string DecayRate = "decay rate of ‖C‖ per step / (−2 ln(1 − lr·λ))";
    private const string ScaleIdentity = "|⟨∇_W L, W⟩| / (‖∇_W L‖‖W‖) (max)";
    private const string NormLaw = "|Δ‖W‖² − lr²‖∇_W L‖²| / ‖W‖² (max)";
    private const string TranslationIdentity = "‖Σ_k ∇_k L‖ / ‖∇L‖ for softmax logits (max)";
    private const string TranslationLaw = "‖Σ_k Δθ_k‖ / ‖Δθ‖ for softmax logits (max)";

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var measurement = new Measurement();
        var lrs = p.Reals("lr");
        bool adam = p.Choice("optimizer") == "adam";
        var slopes = new List<double>();
        var unitSlopes = new List<double>();
        var decay = new List<double>();
        double bound = 0, regime = 0, stepLaw = 0, scale = 0, norm = 0, translation = 0, translationLaw = 0;
        var meanDrift = new double[lrs.Count];
        int done = 0, total = context.Seeds.Count;
        foreach (long seed in context.Seeds)
        {
            context.Report($"seed={seed}", done++, total);
            regime = Math.Max(regime, lrs.Max() * InitialSharpness(p, seed, context.Device));
            var drifts = new List<double>();
            var unitDrifts = new List<double>();
            for (int i = 0; i < lrs.Count; i++)
            {
                var linear = LinearDrift(p, lrs[i], 0, adam, seed, context.Device);
                drifts.Add(linear.Drift);
                meanDrift[i] += linear.Drift / context.Seeds.Count;
                bound = Math.Max(bound, linear.Drift / linear.Bound);
                stepLaw = Math.Max(stepLaw, linear.Residual);
                unitDrifts.Add(UnitDrift(p, lrs[i], adam, seed, context.Device));
            }
            slopes.Add(Slope(lrs, drifts));
            unitSlopes.Add(Slope(lrs, unitDrifts));
            double lrMax = lrs.Max(), lambda = p.Real("weight_decay");
            decay.Add(LinearDrift(p, lrMax, lambda, adam, seed, context.Device).DecayRate / (-2 * Math.Log(1 - lrMax * lambda)));
            var (s, n) = ScaleInvariant(p, lrs.Max(), adam, seed, context.Device);
            scale = Math.Max(scale, s);
            norm = Math.Max(norm, n);
            var (t, tl) = Translation(p, lrs.Max(), adam, seed, context.Device);
            translation = Math.Max(translation, t);
            translationLaw = Math.Max(translationLaw, tl);
        }
        context.Report("done", total, total);
        measurement.Add(DriftSlope, SeedStatistics.Mean(slopes));
        measurement.Add(UnitDriftSlope, SeedStatistics.Mean(unitSlopes));
        measurement.Add(DriftBound, Estimate.Exact(bound));
        measurement.Add(StepRegime, Estimate.Exact(regime));
        measurement.Add(StepLaw, Estimate.Exact(stepLaw));
        measurement.Add(DecayRate, SeedStatistics.Mean(decay));
        measurement.Add(ScaleIdentity, Estimate.Exact(scale));
        measurement.Add(NormLaw, Estimate.Exact(norm));
        measurement.Add(TranslationIdentity, Estimate.Exact(translation));
        measurement.Add(TranslationLaw, Estimate.Exact(translationLaw));
        measurement.AddCurve(new Curve("drift", lrs.ToList(), meanDrift));
        return measurement;
    }

    private static double Slope(IReadOnlyList<double> lrs, IReadOnlyList<double> drifts) =>
        drifts.All(d => d > 0 && double.IsFinite(d)) ? PowerLawFit.Fit(lrs, drifts).Slope : double.NaN;

    private static int Steps(ClaimParameters p, double lr) => (int)Math.Round(p.Real("time") / lr);

    /// <summary>One full-batch update, by GD (θ ← θ − lr·g) or Adam, from given gradients.</summary>
    private static void Update(IReadOnlyList<torch.Tensor> parameters, IList<torch.Tensor> grads, double lr, FullBatchAdam? adam)
    {
        if (adam is not null)
        {
            adam.Step(parameters, grads.ToList());
            return;
        }
        using var _ = torch.no_grad();
        for (int i = 0; i < parameters.Count; i++) parameters[i].add_(grads[i], -lr);
    }

    private static FullBatchAdam? Optimizer(bool adam, double lr) => adam ? new FullBatchAdam(lr, 0.9, 0.999, 1e-8, 0, 1) : null;

    /// <summary>
    /// A 3-layer linear net trained for t = lr·steps: the balancedness drift ‖C(T) − C(0)‖ summed over layer pairs, the
    /// bound lr²Σ‖G‖², the residual of the exact step law, and (with weight decay) the fitted per-step decay rate of ‖C‖.
    /// </summary>
    private (double Drift, double Bound, double Residual, double DecayRate) LinearDrift(ClaimParameters p, double lr, double lambda, bool useAdam, long seed, ComputeDevice device)
    {
        var net = LinearNet(p, seed, device);
        using var data = net.Data;
        using var model = net.Model;
        using var adam = Optimizer(useAdam, lr);
        var w = model.Parameters;
        int pairs = w.Count - 1;
        var start = Enumerable.Range(0, pairs).Select(l => Balancedness.Layers(w[l], w[l + 1]).DetachFromDisposeScope()).ToList();
        var predicted = start.Select(c => torch.zeros_like(c).DetachFromDisposeScope()).ToList();
        double bound = 0;
        var logNorms = new List<double>();
        int steps = Steps(p, lr);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            if (lambda > 0) logNorms.Add(Math.Log(BalancednessNorm(w)));
            var loss = SquaredLoss.Of(model.Forward(data.Inputs), data.Targets);
            if (lambda > 0) loss = loss + 0.5 * lambda * w.Select(t => t.pow(2).sum()).Aggregate((a, b) => a + b);
            var g = Derivatives.Gradient(loss, w);
            for (int l = 0; l < pairs; l++)
            {
                predicted[l].add_(Balancedness.Layers(g[l], g[l + 1]), lr * lr);
                bound += lr * lr * (g[l].pow(2).sum() + g[l + 1].pow(2).sum()).item<double>();
            }
            Update(w, g, lr, adam);
        }
        double drift = 0, residual = 0;
        for (int l = 0; l < pairs; l++)
        {
            using var change = Balancedness.Layers(w[l], w[l + 1]) - start[l];
            drift += change.pow(2).sum().item<double>();
            residual += (change - predicted[l]).pow(2).sum().item<double>();
        }
        double rate = double.NaN;
        if (lambda > 0)
        {
            logNorms.Add(Math.Log(BalancednessNorm(w)));
            rate = -LineFit.Fit(Enumerable.Range(0, logNorms.Count).Select(i => (double)i).ToList(), logNorms).Slope;
        }
        foreach (var t in start.Concat(predicted)) t.Dispose();
        return (Math.Sqrt(drift), bound, Math.Sqrt(residual / drift), rate);
    }

    /// <summary>The seed's data and 3-layer linear net, drawn in that order from one generator (every lr starts here).</summary>
    private (Dataset Data, DeepLinearNet Model) LinearNet(ClaimParameters p, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        int width = p.Integer("width");
        var data = SyntheticData.GaussianWithRandomTargets(p.Integer("samples"), p.Integer("inputs"), p.Integer("outputs"), generator, device, Precision);
        return (data, new DeepLinearNet([p.Integer("inputs"), width, width, p.Integer("outputs")], p.Real("init_scale"), generator, device, Precision));
    }

    /// <summary>λ_max of the linear net's loss Hessian at the initialisation every lr of this seed starts from.</summary>
    private double InitialSharpness(ClaimParameters p, long seed, ComputeDevice device)
    {
        var net = LinearNet(p, seed, device);
        using var data = net.Data;
        using var model = net.Model;
        var top = new Sharpness().Of(() => SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters, null, device.Seed(seed));
        using var vector = top.Vector;
        return top.Value;
    }

    private static double BalancednessNorm(IReadOnlyList<torch.Tensor> w)
    {
        using var scope = torch.NewDisposeScope();
        double sum = 0;
        for (int l = 0; l + 1 < w.Count; l++) sum += Balancedness.Layers(w[l], w[l + 1]).pow(2).sum().item<double>();
        return Math.Sqrt(sum);
    }

    /// <summary>A one-hidden-layer ReLU net with biases: drift of ‖w_in‖² + b² − ‖w_out‖² over its hidden units.</summary>
    private double UnitDrift(ClaimParameters p, double lr, bool useAdam, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        using var data = SyntheticData.GaussianWithRandomTargets(p.Integer("samples"), p.Integer("inputs"), p.Integer("outputs"), generator, device, Precision);
        using var model = new Mlp([p.Integer("inputs"), p.Integer("width"), p.Integer("outputs")], Activation.Relu, Parameterization.Standard, bias: true, generator, device, Precision);
        using var adam = Optimizer(useAdam, lr);
        var w = model.Parameters; // W1, b1, W2, b2
        using var start = Balancedness.Units(w[0], w[1], w[2]);
        int steps = Steps(p, lr);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var g = Derivatives.Gradient(SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), w);
            Update(w, g, lr, adam);
        }
        using var end = Balancedness.Units(w[0], w[1], w[2]);
        return (end - start).norm().item<double>();
    }

    /// <summary>
    /// f(x) = a·tanh(√d·(W/‖W‖)x)/√n: W is scale-invariant. Returns the largest |⟨∇_W L, W⟩|/(‖∇_W L‖‖W‖) and the largest
    /// relative residual of ‖W_{t+1}‖² = ‖W_t‖² + lr²‖∇_W L‖² over the run.
    /// </summary>
    private (double Identity, double NormLaw) ScaleInvariant(ClaimParameters p, double lr, bool useAdam, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        int d = p.Integer("inputs"), n = p.Integer("width");
        using var data = SyntheticData.GaussianWithRandomTargets(p.Integer("samples"), d, 1, generator, device, Precision);
        using var weights = torch.randn(n, d, dtype: torch.ScalarType.Float64, generator: generator).to(device.Device).requires_grad_(true);
        using var readout = torch.randn(n, 1, dtype: torch.ScalarType.Float64, generator: generator).to(device.Device).requires_grad_(true);
        using var adam = Optimizer(useAdam, lr);
        IReadOnlyList<torch.Tensor> parameters = [weights, readout];
        double identity = 0, normLaw = 0;
        int steps = Steps(p, lr);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var hidden = torch.tanh(torch.matmul(data.Inputs, (weights / weights.norm()).t()) * Math.Sqrt(d));
            var g = Derivatives.Gradient(SquaredLoss.Of(torch.matmul(hidden, readout) / Math.Sqrt(n), data.Targets), parameters);
            double before = weights.pow(2).sum().item<double>(), gradNorm2 = g[0].pow(2).sum().item<double>();
            identity = Math.Max(identity, Math.Abs((g[0] * weights).sum().item<double>()) / Math.Sqrt(gradNorm2 * before));
            Update(parameters, g, lr, adam);
            double after = weights.pow(2).sum().item<double>();
            normLaw = Math.Max(normLaw, Math.Abs(after - before - lr * lr * gradNorm2) / before);
        }
        return (identity, normLaw);
    }

    /// <summary>
    /// Softmax regression logits = xVᵀ + c with cross-entropy: the largest ‖Σ_k ∇_k L‖/‖∇L‖ (over V's rows and c) and
    /// the final ‖Σ_k Δθ_k‖/‖Δθ‖.
    /// </summary>
    private (double Identity, double Law) Translation(ClaimParameters p, double lr, bool useAdam, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        int d = p.Integer("inputs"), k = p.Integer("outputs"), m = p.Integer("samples");
        using var inputs = torch.randn(m, d, dtype: torch.ScalarType.Float64, generator: generator).to(device.Device);
        using var labels = torch.randint(0, k, [m], dtype: torch.ScalarType.Int64, generator: generator).to(device.Device);
        using var v = torch.randn(k, d, dtype: torch.ScalarType.Float64, generator: generator).to(device.Device).requires_grad_(true);
        using var c = torch.randn(k, dtype: torch.ScalarType.Float64, generator: generator).to(device.Device).requires_grad_(true);
        using var v0 = v.detach().clone();
        using var c0 = c.detach().clone();
        using var adam = Optimizer(useAdam, lr);
        IReadOnlyList<torch.Tensor> parameters = [v, c];
        double identity = 0;
        int steps = Steps(p, lr);
        for (int step = 0; step < steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            var loss = torch.nn.functional.cross_entropy(torch.nn.functional.linear(inputs, v, c), labels);
            var g = Derivatives.Gradient(loss, parameters);
            double sum = Math.Sqrt(g[0].sum(dim: 0).pow(2).sum().item<double>() + Math.Pow(g[1].sum().item<double>(), 2));
            double all = Math.Sqrt(g[0].pow(2).sum().item<double>() + g[1].pow(2).sum().item<double>());
            identity = Math.Max(identity, sum / all);
            Update(parameters, g, lr, adam);
        }
        using var dv = v.detach() - v0;
        using var dc = c.detach() - c0;
        double moved = Math.Sqrt(dv.pow(2).sum().item<double>() + dc.pow(2).sum().item<double>());
        double summed = Math.Sqrt(dv.sum(dim: 0).pow(2).sum().item<double>() + Math.Pow(dc.sum().item<double>(), 2));
        return (identity, summed / moved);
    }
}
