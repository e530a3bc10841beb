using System.Diagnostics;
using LearningMechanics.Harness.Compute;
using LearningMechanics.Harness.Records;
using LearningMechanics.Harness.Reporting;

namespace LearningMechanics.Harness.Predictions;

/// <summary>
/// A quantitative statement of deep-learning theory turned into an experiment: it measures, it predicts from its
/// parameters, and the two are compared. Each claim names its source, a negative control where the theory predicts
/// something else, and a rival theory (a plausible wrong formula) that its measurement must reject.
/// </summary>
public abstract class Claim
{
    /// <summary>Stable kebab-case id; it names records, baselines and figures.</summary>
    public abstract string Id { get; }

    public abstract string Title { get; }

    public abstract Strand Strand { get; }

    /// <summary>One sentence a researcher can check.</summary>
    public abstract string Statement { get; }

    public abstract IReadOnlyList<Citation> Sources { get; }

    public abstract IReadOnlyList<ParameterSpec> Parameters { get; }

    public abstract Precision Precision { get; }

    public abstract NegativeControl Control { get; }

    /// <summary>A wrong theory close to the right one (e.g. 3/lr instead of 2/lr); the measurement must falsify it.</summary>
    public abstract string RivalDescription { get; }

    /// <summary>The theory's predictions, computed from the parameters.</summary>
    public abstract IReadOnlyList<Prediction> Predict(ClaimParameters parameters);

    /// <summary>The rival theory's predictions for the same quantities.</summary>
    public abstract IReadOnlyList<Prediction> PredictRival(ClaimParameters parameters);

    /// <summary>
    /// The smallest shift of the predictions that the smoke-tier measurement must falsify, in both directions: what the
    /// test can tell apart (e.g. 2/lr from 2.3/lr). Declared from the measured seed spread, and checked by a meta-test.
    /// </summary>
    public abstract ResolvingPower ResolvingPower { get; }

    /// <summary>Runs the experiment: trains real networks over every seed and measures the predicted quantities.</summary>
    public abstract Measurement Measure(ClaimParameters parameters, RunContext context);

    /// <summary>How the report draws this claim: which measured curves, the axes, and the predicted band or line.</summary>
    public abstract FigureSpec Figure(ClaimParameters parameters);

    /// <summary>How many seeds the tier runs by default.</summary>
    public virtual int SeedCount(Tier tier) => tier == Tier.Full ? 10 : 3;

    /// <summary>How far a measured quantity may drift from its approved baseline (default: bit-identical CPU runs).</summary>
    public virtual DriftTolerance BaselineTolerance(string quantity) => DriftTolerance.BitIdentical;

    public ClaimParameters Defaults(Tier tier) => ClaimParameters.Defaults(Parameters, tier);

    public ClaimParameters ControlParameters(Tier tier) => Defaults(tier).With(Control.Overrides);

    public ClaimOutcome Run(ClaimParameters parameters, RunContext context, bool isControl = false)
    {
        var clock = Stopwatch.StartNew();
        var guard = new GlobalRandomGuard();
        var measurement = Measure(parameters, context);
        guard.Check(isControl ? $"{Id}'s negative control" : Id);
        clock.Stop();
        return Evaluate(parameters, context.Seeds, measurement, Predict(parameters), isControl, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Sets a measurement against a list of predictions; every predicted quantity must have been measured.</summary>
    public ClaimOutcome Evaluate(ClaimParameters parameters, IReadOnlyList<long> seeds, Measurement measurement,
        IReadOnlyList<Prediction> predictions, bool isControl, double wallSeconds)
    {
        var checks = predictions.Select(p => p.Evaluate(measurement[p.Quantity])).ToList();
        return new ClaimOutcome(Id, isControl, parameters, seeds, measurement, checks, wallSeconds);
    }
}
