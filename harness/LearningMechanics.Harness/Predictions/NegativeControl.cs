namespace LearningMechanics.Harness.Predictions;

/// <summary>
/// A nearby regime where the theory predicts something else: the same experiment and prediction code run with
/// these parameter overrides must come out <see cref="Verdict.Falsified"/>, or the test could not have failed.
/// </summary>
public sealed record NegativeControl(string Description, IReadOnlyList<KeyValuePair<string, string>> Overrides)
{
    public static NegativeControl Of(string description, params (string Name, string Value)[] overrides) =>
        new(description, overrides.Select(o => KeyValuePair.Create(o.Name, o.Value)).ToList());
}
