using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Predictions;
using LearningMechanics.Harness.Reporting;
using LearningMechanics.Harness.Statistics;

namespace LearningMechanics.Predictions.UniversalBehaviors;

/// <summary>
/// Grokking from a dichotomy of implicit biases (Lyu et al. 2024): a homogeneous net with large init α and small weight
/// decay λ first sits at the kernel predictor (for the diagonal net β = u⊙u − v⊙v that is the ℓ2-like NTK solution,
/// which generalizes poorly on sparse labels), then, once weight decay has shrunk the weights, switches sharply to the
/// ℓ1 max-margin predictor, which recovers the 3-sparse rule. Setup = Lyu et al.'s own (code vfleaking/grokking-dichotomy:
/// train_diag_cls.py, data.py gen_sparse_linear_classification, models.py DiagonalNet with L = 2): x uniform on
/// {±1}^d, y = sign(s·x_{1:3}) with random signs s, u = v = α/√(2d), logistic loss with coupled weight decay, at smoke
/// size d = 100, n = 80. t_grok = first gradient-flow time (t = Σ lr) at which test accuracy reaches 0.9.
/// Why the catalogue's reference run failed and what changed: (1) Gaussian inputs left the late-phase (ℓ1 max-margin)
/// accuracy at 0.85–0.88; with Lyu's ±1 inputs it reaches 1.0 (kernel-phase plateau ≈ 0.82 at α = 100). (2) A fixed
/// step that is stable at α = 100 (the init NTK is ≈ 4α²) needs ~1e8 steps to reach ln α/λ; here the step adapts to a
/// Hessian bound (see <see cref="SparseProblem.GrokTime"/>): tiny while the kernel phase fits the data, then capped
/// at 0.01/λ once the logistic loss saturates, and time is measured as Σ lr, so ≈ 10⁴ steps per run suffice.
/// (3) The catalogue's α-ratio t(100)/t(10) ∈ [1.6, 2.4] is wrong: the time is t_grok ≈ (ln α − c)/λ with a
/// data-dependent offset c (≈ 1.8 here: measured λ·t_grok ≈ 2.8 at α = 100 against ln α = 4.6), so the ratio
/// is ≈ 5.6, not ln 100/ln 10 = 2. The offset-free consequence is asserted instead: during the late phase the loss
/// gradient is negligible and weight decay shrinks u, v as e^−λt, so a run from α₂ reaches the state of a run from α₁
/// after ln(α₂/α₁)/λ, i.e. λ·[t_grok(α₂) − t_grok(α₁)] = ln(α₂/α₁) (coefficient 1 for the L = 2 net, whose β scales as
/// the square of both u and v). Lyu et al.'s theorems give the transition at (1 ± o(1))·ln α/λ as α → ∞; the
/// offset-free difference is our derivation from that mechanism, measured 1.011 [1.002, 1.021].
/// The slope vs λ sits at −0.96, not −1: the λ-independent time the kernel phase takes to fit the data adds
/// λ·t ≈ +0.15 per doubling of λ (control: at α = 1 the net generalizes at t ≈ 6–8 whatever λ is).
/// Control: small init (α = 1 and 0.1): no kernel phase, generalization comes with the fit (slope ≈ 0, no ln α term).
/// λ = 0 (the other control the catalogue names) never groks within any budget, which the 1/λ fit cannot express.
/// The catalogue's α-ratio reading (t ∝ ln α with no offset, t(100)/t(10) = 2) is recorded, not asserted: it measures
/// 5.6 [4.3, 6.9] and is rejected. The rival asserted is the one a sloppy reading of the mechanism gives on the same
/// quantity: decay of the output scale β ∝ α² at rate λ (as for weight decay on a linear model's β) instead of 2λ,
/// which doubles the coefficient.
/// This is a closed-form-gradient simulation in plain float64 arrays, not TorchSharp: the net has 2d parameters and
/// ≈ 10⁵ steps per seed, where per-call tensor overhead would cost ~30× more.
/// </summary>
public sealed class GrokkingTiming : Claim
{
    public override string Id => "grokking-timing";

    public override string Title => "Grokking comes at t ≈ (ln α − const)/λ: the delay scales as 1/λ and grows by ln(α₂/α₁)/λ";

    public override Strand Strand => Strand.UniversalBehaviors;

    public override string Statement =>
        "A diagonal linear net with large init α and weight decay λ, trained on sparse classification, generalizes (test accuracy ≥ 0.9) at gradient-flow time t ≈ (ln α − c)/λ: t_grok ∝ λ^−1, and λ·[t_grok(α₂) − t_grok(α₁)] = ln(α₂/α₁).";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Lyu, Jin, Li, Du, Lee & Hu", 2024, "Dichotomy of early and late phase implicit biases can provably induce grokking", "ICLR 2024, §3.2 and Fig. 1a (diagonal linear net, sparse linear classification: kernel phase until t ≈ (1/λ)·ln α, then max-margin); code vfleaking/grokking-dichotomy, data.py gen_sparse_linear_classification, models.py DiagonalNet"),
        new("Power, Burda, Edwards, Babuschkin & Misra", 2022, "Grokking: generalization beyond overfitting on small algorithmic datasets", "arXiv:2201.02177 (the phenomenon)"),
        new("Liu, Michaud & Tegmark", 2023, "Omnigrok: grokking beyond algorithmic data", "ICLR 2023, §2 (large init norm + weight decay ⇒ delayed generalization)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Real("init_scale", 100, 1000, "α of the λ sweep and the larger α of the pair (u = v = α/√(2d) at init)", min: 0, exclusive: true),
        ParameterSpec.Real("init_scale_low", 10, 10, "the smaller α of the pair", min: 0, exclusive: true),
        ParameterSpec.Reals("weight_decays", [0.005, 0.01, 0.02], [0.0025, 0.005, 0.01, 0.02, 0.04], "weight decays λ of the sweep; the α pair runs at their geometric middle", min: 0, exclusive: true),
        ParameterSpec.Integer("inputs", 100, 400, "input dimension d (x uniform on {±1}^d)"),
        ParameterSpec.Integer("samples", 80, 160, "training examples n"),
        ParameterSpec.Integer("test_samples", 500, 2000, "test examples"),
        ParameterSpec.Real("step_cap", 0.01, 0.005, "the largest step in units of 1/λ (lr ≤ step_cap/λ); smaller steps approach gradient flow", min: 0, exclusive: true),
        ParameterSpec.Real("threshold", 0.9, 0.9, "test accuracy that marks the generalization step", min: 0, exclusive: true),
    ];

    /// <summary>Six seeds: one seed's slope scatters by ≈ ±0.005 and its coefficient by ≈ ±0.01 (SD, measured).</summary>
    public override int SeedCount(Tier tier) => tier == Tier.Full ? 20 : 6;

    public override NegativeControl Control => NegativeControl.Of(
        "small init (α = 1, 0.1): no kernel phase, the net generalizes as soon as it fits, at a time that does not depend on λ",
        ("init_scale", "1"), ("init_scale_low", "0.1"));

    public override string RivalDescription => "weight decay shrinks the output scale β ∝ α² at rate λ (as for a linear model) instead of 2λ, so the delay is ln(α²)/λ: λ·Δt_grok/ln(α₂/α₁) = 2";

    public override ResolvingPower ResolvingPower => ResolvingPower.AbsoluteShift(0.3, "tells t ∝ λ^−1 from λ^−0.7 and λ^−1.3, and the ln α coefficient 1 from 0.7 and 1.3");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
    [
        Prediction.Within(SlopeQuantity, "t_grok ∝ λ^−1", -1.0, 0.15, "±0.15: the catalogue's band; discrete steps and the threshold's position on the transition, plus the seed CI"),
        Prediction.Within(CoefficientQuantity, "λ·Δt_grok/ln(α₂/α₁) = 1", 1.0, 0.1, "±0.1: the two runs leave the kernel phase from slightly different states, plus the seed CI"),
    ];

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
    [
        Prediction.Within(SlopeQuantity, "t_grok ∝ λ^−1", -1.0, 0.15, "same as the claim"),
        Prediction.Within(CoefficientQuantity, "λ·Δt_grok/ln(α₂/α₁) = L = 2", 2.0, 0.1, "same band as the claim"),
    ];

    public override FigureSpec Figure(ClaimParameters p) => new("weight decay λ", "t_grok (gradient-flow time lr·steps)")
    {
        LogLog = true,
        Guides = [new PredictedPowerLaw(-1, "predicted ∝ λ^−1")],
    };

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var decays = p.Reals("weight_decays").ToList();
        if (decays.Distinct().Count() < 2) throw new ArgumentException("The λ fit needs at least two distinct weight decays.");
        double alpha = p.Real("init_scale"), alphaLow = p.Real("init_scale_low");
        double middle = Math.Exp(decays.Average(Math.Log));
        var slopes = new List<double>();
        var coefficients = new List<double>();
        var ratios = new List<double>();
        var timesByDecay = decays.ToDictionary(l => l, _ => new List<double>());
        int done = 0, total = (decays.Count + 2) * context.Seeds.Count;
        foreach (long seed in context.Seeds)
        {
            var problem = new SparseProblem(p, seed);
            var times = new List<double>();
            foreach (double lambda in decays)
            {
                context.Report($"seed={seed} λ={lambda}", done++, total);
                double t = problem.GrokTime(alpha, lambda);
                times.Add(t);
                timesByDecay[lambda].Add(t);
            }
            slopes.Add(times.All(t => t > 0 && double.IsFinite(t))
                ? PowerLawFit.Fit(decays, times).Slope
                : double.NaN);
            context.Report($"seed={seed} α pair", done, total);
            done += 2;
            double high = problem.GrokTime(alpha, middle), low = problem.GrokTime(alphaLow, middle);
            coefficients.Add(middle * (high - low) / Math.Log(alpha / alphaLow));
            ratios.Add(high / low);
        }
        context.Report("done", total, total);
        var measurement = new Measurement()
            .Add(SlopeQuantity, SeedStatistics.Mean(slopes))
            .Add(CoefficientQuantity, SeedStatistics.Mean(coefficients))
            .Add(RatioQuantity, SeedStatistics.Mean(ratios));
        foreach (double lambda in decays)
        {
            measurement.Add($"λ·t_grok at λ={lambda}", SeedStatistics.Mean(timesByDecay[lambda].Select(t => t * lambda).ToList()));
        }
        measurement.AddCurve(new Curve("t_grok (seed mean)", decays, decays.Select(l => timesByDecay[l].Average()).ToList()));
        return measurement;
    }

    /// <summary>
    /// One seed's data: x uniform on {±1}^d, y = sign(Σ_{i≤3} s_i x_i) with random signs s (Lyu et al.'s
    /// gen_sparse_linear_classification), and the diagonal net β = u⊙u − v⊙v trained on the mean logistic loss plus
    /// (λ/2)(‖u‖² + ‖v‖²) (SGD's coupled weight decay) by full-batch GD with the closed-form gradient.
    /// </summary>
    private sealed class SparseProblem
    {
        private readonly int d, n, m;
        private readonly double[] x, y, testX, testY;
        private readonly double stepCap, threshold;

        public SparseProblem(ClaimParameters p, long seed)
        {
            d = p.Integer("inputs");
            n = p.Integer("samples");
            m = p.Integer("test_samples");
            stepCap = p.Real("step_cap");
            threshold = p.Real("threshold");
            var random = new Random(unchecked((int)(seed * 1_000_003 + 17)));
            var signs = Enumerable.Range(0, 3).Select(_ => random.Next(2) * 2.0 - 1).ToArray();
            (x, y) = Draw(n, random, signs);
            (testX, testY) = Draw(m, random, signs);
        }

        private (double[] X, double[] Y) Draw(int count, Random random, double[] signs)
        {
            var xs = new double[count * d];
            var ys = new double[count];
            for (int j = 0; j < count; j++)
            {
                for (int i = 0; i < d; i++) xs[j * d + i] = random.Next(2) * 2.0 - 1;
                double s = 0;
                for (int i = 0; i < signs.Length; i++) s += signs[i] * xs[j * d + i];
                ys[j] = s > 0 ? 1 : -1;
            }
            return (xs, ys);
        }

        /// <summary>
        /// The gradient-flow time t = Σ lr_k at which test accuracy first reaches the threshold, or +∞ within the budget
        /// 4·max(ln α, 1)/λ. The step adapts to the curvature so that the discrete run follows gradient flow: lr =
        /// min(0.5/H, step_cap/λ), with H = 4·mean σ'(margin)·Σ(u² + v²) + 2·mean σ(−margin) + λ an upper bound on
        /// the loss Hessian's top eigenvalue (Gauss–Newton part for x ∈ {±1}^d, plus the curvature of f in θ).
        /// </summary>
        public double GrokTime(double alpha, double lambda)
        {
            var u = new double[d];
            var v = new double[d];
            Array.Fill(u, alpha / Math.Sqrt(2.0 * d));
            Array.Fill(v, alpha / Math.Sqrt(2.0 * d));
            var beta = new double[d];
            var g = new double[d];
            double budget = 4 * Math.Max(Math.Log(alpha), 1) / lambda, t = 0, lastCheck = double.NegativeInfinity;
            for (long step = 0; t < budget; step++)
            {
                double norm = 0;
                for (int i = 0; i < d; i++)
                {
                    beta[i] = u[i] * u[i] - v[i] * v[i];
                    norm += u[i] * u[i] + v[i] * v[i];
                }
                // Test accuracy at least once per capped step (0.01/λ of time) and every 20 of the tiny early steps.
                if (t - lastCheck >= 0.999 * stepCap / lambda || step % 20 == 0)
                {
                    lastCheck = t;
                    if (TestAccuracy(beta) >= threshold) return t;
                }
                Array.Clear(g);
                double sumSigma = 0, sumCurvature = 0;
                for (int j = 0; j < n; j++)
                {
                    double margin = 0;
                    int row = j * d;
                    for (int i = 0; i < d; i++) margin += x[row + i] * beta[i];
                    margin *= y[j];
                    double sigma = 1 / (1 + Math.Exp(Math.Min(margin, 700))); // −ℓ'(margin) for ℓ = log(1 + e^−margin)
                    sumSigma += sigma;
                    sumCurvature += sigma * (1 - sigma);
                    double a = sigma * y[j] / n;
                    for (int i = 0; i < d; i++) g[i] -= a * x[row + i];
                }
                double curvature = 4 * sumCurvature / n * norm + 2 * sumSigma / n + lambda;
                double lr = Math.Min(0.5 / curvature, stepCap / lambda);
                for (int i = 0; i < d; i++)
                {
                    double gu = 2 * u[i] * g[i] + lambda * u[i], gv = -2 * v[i] * g[i] + lambda * v[i];
                    u[i] -= lr * gu;
                    v[i] -= lr * gv;
                }
                t += lr;
            }
            return double.PositiveInfinity;
        }

        private double TestAccuracy(double[] beta)
        {
            int correct = 0;
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                int row = j * d;
                for (int i = 0; i < d; i++) s += testX[row + i] * beta[i];
                if (s * testY[j] > 0) correct++;
            }
            return (double)correct / m;
        }
    }

    private const string SlopeQuantity = "exponent of t_grok vs λ";
    private const string CoefficientQuantity = "λ·[t_grok(α₂) − t_grok(α₁)]/ln(α₂/α₁)";
    private const string RatioQuantity = "t_grok(α₂)/t_grok(α₁)";
}
