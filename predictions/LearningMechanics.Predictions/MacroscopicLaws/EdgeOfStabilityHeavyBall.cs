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
/// Edge of stability for full-batch heavy-ball momentum (Cohen et al. 2021, Appendix on momentum). In PyTorch's form
/// v ← β·v + ∇L, θ ← θ − lr·v (<see cref="HeavyBallDescent"/>), a quadratic with curvature λ is stable iff
/// lr·λ &lt; 2(1 + β) (the iteration x_{t+1} = (1 + β − lr·λ)x_t − β·x_{t−1} has a root at −1 there; checked in
/// HeavyBallDescentTests at 0.95× and 1.05× of it). The sharpness rises to 2(1+β)/lr and hovers at it.
/// Setup: claims.md's reference run found that small nets converge below the threshold instead of hovering; here the
/// problem is made harder so that it keeps sharpening: a tanh MLP 16→48→48→1 fitting random targets on 512 Gaussian
/// inputs (more samples than the 128–256 of the other EoS claims), β = 0.5, lr = 0.15 (threshold 20), 1200 steps.
/// Measured (seeds 1–3): a catapult when the sharpness first overshoots (to 1.2–1.4× the threshold, around step 250),
/// then repeated climbs to 1.02–1.07× and drops to 0.6–0.9×: it hovers as a sawtooth whose median over the second half
/// is 0.93–0.96 of 2(1+β)/lr. The median is asserted, as for GD; the early overshoot shows that 2(1+β)/lr is not a
/// strict ceiling at this size. With the final 1200 steps (600-step window) the late median is closer to 1: audit over
/// seed offsets 0–500 (5 seeds each): interval means 0.991–1.000, lowest CI bound 0.973, highest 1.011.
/// Control: lr = 0.02 (threshold 150), far above where sharpening has got to.
/// </summary>
public sealed class EdgeOfStabilityHeavyBall : Claim
{
    public override string Id => "edge-of-stability-heavy-ball";

    public override string Title => "Under heavy-ball momentum β the sharpness rises to 2(1+β)/lr and hovers there";

    public override Strand Strand => Strand.MacroscopicLaws;

    public override string Statement =>
        "Under full-batch heavy-ball momentum (v ← βv + ∇L, θ ← θ − lr·v) the top Hessian eigenvalue rises to 2(1+β)/lr and hovers at it.";

    public override IReadOnlyList<Citation> Sources =>
    [
        new("Cohen, Kaur, Li, Kolter & Talwalkar", 2021, "Gradient descent on neural networks typically occurs at the edge of stability", "ICLR 2021, Appendix on momentum (threshold 2(1+β)/η for heavy ball)"),
    ];

    public override Precision Precision => Precision.Float64;

    public override IReadOnlyList<ParameterSpec> Parameters =>
    [
        ParameterSpec.Reals("lr", [0.15], [0.1, 0.15], "full-batch heavy-ball step sizes; each gets its own prediction", min: 0, exclusive: true),
        ParameterSpec.Real("momentum", 0.5, 0.5, "heavy-ball momentum β", min: 0),
        ParameterSpec.Integer("width", 48, 128, "units in each of the two hidden layers"),
        ParameterSpec.Integer("samples", 512, 1024, "Gaussian training inputs with N(0,1) random targets"),
        ParameterSpec.Integer("inputs", 16, 16, "input dimension"),
        ParameterSpec.Integer("steps", 1200, 3000, "steps"),
        ParameterSpec.Integer("probe_every", 20, 25, "steps between sharpness measurements"),
        ParameterSpec.Real("late_fraction", 0.5, 0.5, "the final fraction of training over which the sharpness is summarised", min: 0, exclusive: true),
    ];

    /// <summary>
    /// Five seeds and 1200 steps: the sawtooth's period (200–300 steps) is comparable to a 400-step window, so with 800
    /// steps a seed's late median depended on the phase (0.90–1.00) and the interval straddled 0.9 at offsets 100 and
    /// 200 (3 seeds: 0.941 [0.818, 1.065]; 5 seeds: 0.952 [0.897, 1.007]); a 600-step window spans 2–3 cycles
    /// (offset 200: 0.995 [0.980, 1.011]).
    /// </summary>
    public override int SeedCount(Tier tier) => tier == Tier.Full ? 10 : 5;

    public override NegativeControl Control => NegativeControl.Of(
        "lr = 0.02: the threshold 2(1+β)/lr = 150 lies far above where progressive sharpening stops, so the ratio stays well below 1",
        ("lr", "0.02"));

    public override string RivalDescription => "the threshold is the GD one, 2/lr (ratio 1/(1+β))";

    // ±10%: the sawtooth around the threshold (measured excursions 0.6–1.07 late in training, median near 0.95);
    // power iteration adds < 0.1%; the seed CI must fit inside this band.
    private const double Tolerance = 0.10;

    // The 5-seed CIs are ±0.01–0.02 around 0.99–1.00 (audit, offsets 0–500) inside a ±10% band: a 20% shift clears them.
    public override ResolvingPower ResolvingPower => ResolvingPower.RelativeShift(0.20, "tells 2(1+β)/lr from 2.4(1+β)/lr and 1.6(1+β)/lr");

    public override IReadOnlyList<Prediction> Predict(ClaimParameters p) =>
        p.Reals("lr").Select(lr => Prediction.Around(Quantity(lr), "λ_max = 2(1+β)/lr", 1.0, Tolerance, "±10%: sawtooth around the threshold (seed spread, see the class comment)")).ToList();

    public override IReadOnlyList<Prediction> PredictRival(ClaimParameters p) =>
        p.Reals("lr").Select(lr => Prediction.Around(Quantity(lr), "λ_max = 2/lr", 1 / (1 + p.Real("momentum")), Tolerance, "same band as the claim")).ToList();

    public override FigureSpec Figure(ClaimParameters p)
    {
        double c = 2 * (1 + p.Real("momentum"));
        return new("step", "sharpness λ_max")
        {
            Curves = p.Reals("lr").Select(lr => $"sharpness lr={Format(lr)}").ToList(),
            Guides = p.Reals("lr").Select(lr => (FigureGuide)new PredictedBand((1 - Tolerance) * c / lr, (1 + Tolerance) * c / lr,
                $"2(1+β)/lr ±10%, lr={Format(lr)}", CurvePrefix: $"sharpness lr={Format(lr)}")).ToList(),
        };
    }

    public override Measurement Measure(ClaimParameters p, RunContext context)
    {
        var measurement = new Measurement();
        var lrs = p.Reals("lr");
        double c = 2 * (1 + p.Real("momentum"));
        int done = 0, total = lrs.Count * context.Seeds.Count;
        foreach (double lr in lrs)
        {
            var ratios = new List<double>();
            foreach (long seed in context.Seeds)
            {
                context.Report($"lr={Format(lr)} seed={seed}", done++, total);
                var (steps, sharpness) = Trajectory(p, lr, seed, context.Device);
                ratios.Add(SharpnessPlateau.LateMedian(steps, sharpness, SharpnessPlateau.LateFrom(p), lr / c));
                measurement.AddCurve(new Curve($"sharpness lr={Format(lr)} seed={seed}", steps.Select(s => (double)s).ToList(), sharpness));
            }
            measurement.Add(Quantity(lr), SeedStatistics.Mean(ratios));
        }
        context.Report("done", total, total);
        return measurement;
    }

    private (List<int> Steps, List<double> Sharpness) Trajectory(ClaimParameters p, double lr, long seed, ComputeDevice device)
    {
        var generator = device.Seed(seed);
        using var data = SyntheticData.GaussianWithRandomTargets(p.Integer("samples"), p.Integer("inputs"), 1, generator, device, Precision);
        using var model = new Mlp([p.Integer("inputs"), p.Integer("width"), p.Integer("width"), 1], Activation.Tanh, Parameterization.Standard, bias: true, generator, device, Precision);
        var power = new Sharpness(maxIterations: 200, relativeTolerance: 1e-5);
        torch.Tensor? warm = null;
        var steps = new List<int>();
        var values = new List<double>();
        int from = SharpnessPlateau.LateFrom(p), every = p.Integer("probe_every");
        // Probes fill the late window densely (where the median is taken) and the climb sparsely (for the figure):
        // the Hessian-vector products, not the training, are most of the cost.
        var run = new HeavyBallDescent(lr, p.Real("momentum"), p.Integer("steps"), every).Train(model, data, (step, _) =>
        {
            if (step < from && step % (5 * every) != 0) return;
            var result = power.Of(() => SquaredLoss.Of(model.Forward(data.Inputs), data.Targets), model.Parameters, warm, generator);
            warm?.Dispose();
            warm = result.Vector;
            steps.Add(step);
            values.Add(result.Value);
        });
        warm?.Dispose();
        if (run.Diverged)
        {
            // Mark the divergence at its step, so the late window sees it (before, the NaN had no step and was dropped).
            steps.Add(run.StepsTaken);
            values.Add(double.NaN);
        }
        return (steps, values);
    }

    private static string Quantity(double lr) => $"sharpness·lr/(2(1+β)) at lr={Format(lr)}";

    private static string Format(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);

}
